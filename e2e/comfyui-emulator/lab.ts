// ComfyUI emulator (test infrastructure): CIE L*a*b* (D65, 2°) <-> 8-bit sRGB, the colour space
// DDColor works in (OpenCV's float RGB2Lab/Lab2RGB: sRGB gamma, D65 white, L 0..100, a/b ±~127).
// Hot loops use lookup tables and typed arrays: no allocation per pixel.

const WHITE_X = 0.95047;
const WHITE_Z = 1.08883;
const DELTA = 6 / 29;
const DELTA_CUBE = DELTA * DELTA * DELTA;
const THREE_DELTA_SQ = 3 * DELTA * DELTA;
const LINEAR_LUT_SIZE = 65536; // 1/65535 steps: < 0.06 of an 8-bit level even on the steep part near black

function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
}

/** 8-bit sRGB code → linear light. Computed once; never written afterwards. */
const SRGB8_TO_LINEAR: Float64Array = Float64Array.from({ length: 256 }, (_, i) => srgbToLinear(i / 255));

/** linear light quantised to 1/65535 → rounded 8-bit sRGB code. */
const LINEAR_TO_SRGB8: Uint8Array = Uint8Array.from({ length: LINEAR_LUT_SIZE }, (_, i) =>
  Math.round(linearToSrgb(i / (LINEAR_LUT_SIZE - 1)) * 255),
);

function labF(t: number): number {
  return t > DELTA_CUBE ? Math.cbrt(t) : t / THREE_DELTA_SQ + 4 / 29;
}

/** labF(Y) for Y quantised to 1/65535, so the per-pixel loop needs no cube root. */
const LAB_F_OF_LUMINANCE: Float64Array = Float64Array.from({ length: LINEAR_LUT_SIZE }, (_, i) => labF(i / (LINEAR_LUT_SIZE - 1)));

function labFInverse(t: number): number {
  return t > DELTA ? t * t * t : THREE_DELTA_SQ * (t - 4 / 29);
}

function encode(linear: number): number {
  if (!(linear > 0)) return 0;
  if (linear >= 1) return 255;
  return LINEAR_TO_SRGB8[(linear * (LINEAR_LUT_SIZE - 1) + 0.5) | 0] ?? 255;
}

function relativeLuminance(r: number, g: number, b: number): number {
  return 0.2126729 * (SRGB8_TO_LINEAR[r] ?? 0) + 0.7151522 * (SRGB8_TO_LINEAR[g] ?? 0) + 0.072175 * (SRGB8_TO_LINEAR[b] ?? 0);
}

export interface Lab {
  readonly l: number;
  readonly a: number;
  readonly b: number;
}

/** One 8-bit sRGB colour → Lab. */
export function srgbToLab(r: number, g: number, b: number): Lab {
  const lr = SRGB8_TO_LINEAR[r] ?? 0;
  const lg = SRGB8_TO_LINEAR[g] ?? 0;
  const lb = SRGB8_TO_LINEAR[b] ?? 0;
  const x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / WHITE_X;
  const y = 0.2126729 * lr + 0.7151522 * lg + 0.072175 * lb;
  const z = (0.0193339 * lr + 0.119192 * lg + 0.9503041 * lb) / WHITE_Z;
  const fx = labF(x);
  const fy = labF(y);
  const fz = labF(z);
  return { l: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

/** Lab → 8-bit sRGB, clipped to the gamut like OpenCV's float path followed by a uint8 cast. */
export function labToSrgb(lab: Lab): [number, number, number] {
  const fy = (lab.l + 16) / 116;
  return xyzToSrgb8(WHITE_X * labFInverse(fy + lab.a / 500), labFInverse(fy), WHITE_Z * labFInverse(fy - lab.b / 200));
}

function xyzToSrgb8(x: number, y: number, z: number): [number, number, number] {
  return [
    encode(3.2404542 * x - 1.5371385 * y - 0.4985314 * z),
    encode(-0.969266 * x + 1.8760108 * y + 0.041556 * z),
    encode(0.0556434 * x - 0.2040259 * y + 1.0572252 * z),
  ];
}

/** L (0..100) of every pixel of an RGB buffer. */
export function lightnessPlane(rgb: Uint8Array, pixels: number): Float32Array {
  const out = new Float32Array(pixels);
  for (let i = 0, p = 0; i < pixels; i++, p += 3) {
    out[i] = 116 * labF(relativeLuminance(rgb[p] ?? 0, rgb[p + 1] ?? 0, rgb[p + 2] ?? 0)) - 16;
  }
  return out;
}

/**
 * torch F.interpolate's default (mode 'nearest', aten UpSample.h nearest_idx): identity at equal
 * sizes, dst >> 1 at exactly twice, else floor((float)(dst · (float)(in/out))), clamped. The float32
 * steps matter: for 256 → 1294 at dst 647 the exact quotient gives 128, float32 gives 127.
 */
export function nearestIndex(dst: number, inSize: number, outSize: number): number {
  if (outSize === inSize) return dst;
  if (outSize === 2 * inSize) return dst >> 1;
  const scale = Math.fround(inSize / outSize);
  return Math.min(Math.floor(Math.fround(dst * scale)), inSize - 1);
}

/**
 * DDColor's last step: keep each full-resolution pixel's L, take a/b from a low-resolution chroma
 * plane upsampled with nearest neighbour (nearestIndex above),
 * convert Lab → sRGB. `chroma` holds interleaved a,b for chromaWidth×chromaHeight.
 */
export function mergeLightnessWithChroma(
  rgb: Uint8Array,
  width: number,
  height: number,
  chroma: Float32Array,
  chromaWidth: number,
  chromaHeight: number,
): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const xMap = new Int32Array(width);
  for (let x = 0; x < width; x++) xMap[x] = nearestIndex(x, chromaWidth, width) * 2;
  for (let y = 0; y < height; y++) {
    const chromaRow = nearestIndex(y, chromaHeight, height) * chromaWidth * 2;
    let p = y * width * 3;
    for (let x = 0; x < width; x++, p += 3) {
      // Keeping Y itself is exact: finv(f(Y)) = Y, so L never leaves the luminance channel.
      const lum =
        0.2126729 * (SRGB8_TO_LINEAR[rgb[p] ?? 0] ?? 0) + 0.7151522 * (SRGB8_TO_LINEAR[rgb[p + 1] ?? 0] ?? 0) + 0.072175 * (SRGB8_TO_LINEAR[rgb[p + 2] ?? 0] ?? 0);
      const fy = LAB_F_OF_LUMINANCE[(lum * (LINEAR_LUT_SIZE - 1) + 0.5) | 0] ?? 1;
      const c = chromaRow + (xMap[x] ?? 0);
      const cx = WHITE_X * labFInverse(fy + (chroma[c] ?? 0) / 500);
      const cz = WHITE_Z * labFInverse(fy - (chroma[c + 1] ?? 0) / 200);
      out[p] = encode(3.2404542 * cx - 1.5371385 * lum - 0.4985314 * cz);
      out[p + 1] = encode(-0.969266 * cx + 1.8760108 * lum + 0.041556 * cz);
      out[p + 2] = encode(0.0556434 * cx - 0.2040259 * lum + 1.0572252 * cz);
    }
  }
  return out;
}
