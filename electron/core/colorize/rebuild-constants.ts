// The 8-bit rebuild's constants, shared by the JS loops (rebuild.ts) and the WebAssembly kernel
// (kernel/wasm-rebuild.ts): the XYZ → linear sRGB matrix with the white point and the 2¹⁶ grid's
// scale folded in (R = XR·g(fx) + YR·Y + ZR·g(fz) is already a position on SRGB8_OF_LINEAR), and
// f(Y) on a small grid for RGB originals.
import { FY_OF_GREY_16, LINEAR_OF_16, LUT_STEPS, WHITE_X, WHITE_Z, XYZ_TO_RGB, labF, linearToSrgb } from './lab';

const [M0 = 0, M1 = 0, M2 = 0, M3 = 0, M4 = 0, M5 = 0, M6 = 0, M7 = 0, M8 = 0] = XYZ_TO_RGB;
const S = LUT_STEPS;
export const XR = M0 * WHITE_X * S;
export const XG = M3 * WHITE_X * S;
export const XB = M6 * WHITE_X * S;
export const YR = M1 * S;
export const YG = M4 * S;
export const YB = M7 * S;
export const ZR = M2 * WHITE_Z * S;
export const ZG = M5 * WHITE_Z * S;
export const ZB = M8 * WHITE_Z * S;

/**
 * f(Y) for the RGB kernels: 2¹⁴ steps of float32 (64 KB, stays in the L2 cache where lab.ts's
 * 512 KB F_GRID does not), read with linear interpolation: worst error ~3e-7 near (6/29)³, at most
 * one code anywhere (chroma.test.ts compares with the obvious rebuild, ±1). One spare entry.
 */
export const SMALL_STEPS = 16384;
export const F_GRID_SMALL = new Float32Array(SMALL_STEPS + 2);
for (let i = 0; i < F_GRID_SMALL.length; i++) F_GRID_SMALL[i] = labF(Math.min(i / SMALL_STEPS, 1));

/**
 * The 16-bit loops' tables (rebuild.ts and the kernel alike), in float32 and small enough for the caches (the float64 ones in
 * lab.ts are 512 KB each and were read at random: a 24 MP 16-bit grey rebuild took 757 ms of CPU,
 * now 543 ms; A/B as above, 0.2 % of samples one code off). Per grey code: Y and f(Y), side by side (one cache line for both).
 * Linear light → 16-bit sRGB: 2¹⁴ steps, read with linear interpolation; the curve bends most
 * just above its linear toe, where interpolating over one step is off by 1e-6 (0.07 of a code).
 * float32's own rounding costs < 0.01 of a code. The ±1 test against the obvious rebuild holds.
 */
export const S16 = 16384;
export const SRGB16_SMALL = new Float32Array(S16 + 2);
for (let i = 0; i < SRGB16_SMALL.length; i++) SRGB16_SMALL[i] = linearToSrgb(Math.min(i / S16, 1)) * 65535;
export const Y_FY_OF_GREY_16 = new Float32Array(2 * 65536);
for (let v = 0; v < 65536; v++) {
  Y_FY_OF_GREY_16[2 * v] = LINEAR_OF_16[v] ?? 0;
  Y_FY_OF_GREY_16[2 * v + 1] = FY_OF_GREY_16[v] ?? 0;
}
export const LINEAR_OF_16_F32 = Float32Array.from(LINEAR_OF_16);
export const XR16 = M0 * WHITE_X * S16;
export const XG16 = M3 * WHITE_X * S16;
export const XB16 = M6 * WHITE_X * S16;
export const YR16 = M1 * S16;
export const YG16 = M4 * S16;
export const YB16 = M7 * S16;
export const ZR16 = M2 * WHITE_Z * S16;
export const ZG16 = M5 * WHITE_Z * S16;
export const ZB16 = M8 * WHITE_Z * S16;
