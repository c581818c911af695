// The 8-bit rebuild's constants, shared by the JS loops (rebuild.ts) and the WebAssembly kernel
// (kernel/wasm-rebuild.ts): the XYZ → linear sRGB matrix with the white point and the 2¹⁶ grid's
// scale folded in (R = XR·g(fx) + YR·Y + ZR·g(fz) is already a position on SRGB8_OF_LINEAR), and
// f(Y) on a small grid for RGB originals.
import { LUT_STEPS, WHITE_X, WHITE_Z, XYZ_TO_RGB, labF } from './lab';

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
