// sRGB ⇄ CIE L*a*b* the way DDColor's node computes it: OpenCV's float cvtColor (sRGB gamma, D65
// white, OpenCV's sRGB→XYZ matrix; L 0..100). XYZ→sRGB is that matrix's exact inverse, so a colour
// taken to Lab and back is unchanged (the rebuild depends on it). Per-pixel work goes through the
// lookup tables below: built once at load (2.1 MB, ~20 ms on an idle dev machine), never written
// afterwards.

/** OpenCV's D65 white (imgproc/src/color_lab.cpp). */
export const WHITE_X = 0.950456;
export const WHITE_Z = 1.088754;
/** OpenCV sRGB2XYZ_D65, row-major. */
const RGB_TO_XYZ = [0.412453, 0.35758, 0.180423, 0.212671, 0.71516, 0.072169, 0.019334, 0.119193, 0.950227] as const;

const DELTA = 6 / 29;
const DELTA_CUBE = DELTA * DELTA * DELTA;
const THREE_DELTA_SQ = 3 * DELTA * DELTA;

export const KR = RGB_TO_XYZ[3];
export const KG = RGB_TO_XYZ[4];
export const KB = RGB_TO_XYZ[5];

/** X and Z rows of RGB_TO_XYZ, already divided by the white point (what Lab's f() takes). */
export const XN = [RGB_TO_XYZ[0] / WHITE_X, RGB_TO_XYZ[1] / WHITE_X, RGB_TO_XYZ[2] / WHITE_X] as const;
export const ZN = [RGB_TO_XYZ[6] / WHITE_Z, RGB_TO_XYZ[7] / WHITE_Z, RGB_TO_XYZ[8] / WHITE_Z] as const;

/** XYZ → linear sRGB: the exact inverse of RGB_TO_XYZ, row-major. */
export const XYZ_TO_RGB: readonly number[] = invert3(RGB_TO_XYZ);

export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
}

/** Lab's f(t): cube root above (6/29)³, linear below. */
export function labF(t: number): number {
  return t > DELTA_CUBE ? Math.cbrt(t) : t / THREE_DELTA_SQ + 4 / 29;
}

export function labFInverse(t: number): number {
  return t > DELTA ? t * t * t : THREE_DELTA_SQ * (t - 4 / 29);
}

/** A table of `length` entries filled by `at(i)` (a plain loop: TypedArray.from with a callback is ~2× slower). */
function table<T extends Float64Array | Uint8Array>(array: T, at: (i: number) => number): T {
  for (let i = 0; i < array.length; i++) array[i] = at(i);
  return array;
}

/** 8-bit and 16-bit sRGB code → linear light. */
export const LINEAR_OF_8: Float64Array = table(new Float64Array(256), (i) => srgbToLinear(i / 255));
export const LINEAR_OF_16: Float64Array = table(new Float64Array(65536), (i) => srgbToLinear(i / 65535));

/** For grey pixels (R = G = B = code): Y is the code's linear value (the matrix rows sum to 1). */
export const FY_OF_GREY_8: Float64Array = table(new Float64Array(256), (i) => labF(LINEAR_OF_8[i] ?? 0));
export const FY_OF_GREY_16: Float64Array = table(new Float64Array(65536), (i) => labF(LINEAR_OF_16[i] ?? 0));

/**
 * f(Y) on a 2¹⁶ grid over Y ∈ [0, 1], read with linear interpolation: worst error ~1e-8 near
 * (6/29)³ where f bends most, far below a 16-bit level of L.
 */
export const LUT_STEPS = 65536;
export const F_GRID: Float64Array = table(new Float64Array(LUT_STEPS + 1), (i) => labF(i / LUT_STEPS));

/** f(t) for t in [0, 1] (clamped), read off F_GRID: ~4× cheaper than Math.cbrt. */
export function labFOnGrid(t: number): number {
  const x = Math.min(Math.max(t, 0), 1) * LUT_STEPS;
  const i = Math.min(x | 0, LUT_STEPS - 1);
  const lo = F_GRID[i] ?? 0;
  return lo + ((F_GRID[i + 1] ?? 0) - lo) * (x - i);
}

/** Linear light → rounded 8-bit sRGB, on a 2¹⁶ grid (≤ 0.05 of a level off, even near black). */
export const SRGB8_OF_LINEAR: Uint8Array = table(new Uint8Array(LUT_STEPS + 1), (i) => Math.round(linearToSrgb(i / LUT_STEPS) * 255));
/** Linear light → 16-bit sRGB (unrounded), on the same grid, read with linear interpolation. */
export const SRGB16_GRID: Float64Array = table(new Float64Array(LUT_STEPS + 1), (i) => linearToSrgb(i / LUT_STEPS) * 65535);

function invert3(m: readonly number[]): number[] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0, i = 0] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}
