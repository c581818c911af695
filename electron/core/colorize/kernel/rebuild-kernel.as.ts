// AssemblyScript, not TypeScript: the 8-bit rebuild loops of ../rebuild.ts in WebAssembly SIMD,
// four pixels per step. Compiled by `npm run build:kernel` (build/scripts/build-kernel.ts) into
// rebuild-kernel-wasm.ts; wasm-rebuild.ts lays out the memory and calls it. Same arithmetic as the
// JS loops in float32 instead of float64: on a 6 MP photo 163 of 18 M samples come out one code
// off, none more (kernel.test.ts). A 6 MP grey rebuild took ~41 ms of CPU here against ~100 ms
// for the JS loop (same process, interleaved), copies in and out included.
//
// Memory (byte offsets, set by wasm-rebuild.ts): the constants block `k` holds, as float32,
//   0 XR 1 XG 2 XB 3 YR 4 YG 5 YB 6 ZR 7 ZG 8 ZB   matrix rows, white point and LUT scale folded in
//   9 S (LUT_STEPS)  10 KR 11 KG 12 KB  13 SMALL_STEPS
//   14 XR16 … 22 ZB16 (the matrix for 16-bit output, scaled to S16)  23 S16
// then the tables: linear light per 8-bit code (f32 ×256), f(Y) per grey code (f32 ×256), f(Y) on
// a grid of SMALL_STEPS + 2 (f32), linear light → sRGB code (u8 × S + 1); for 16-bit originals Y
// and f(Y) per grey code side by side (f32 ×2 ×65536) and linear light → 16-bit sRGB on a grid of
// S16 + 2 (f32, interpolated); per row the offset of its chroma row in `shift` (i32), per column
// its chroma cell (i32); a/500 and b/200 per cell (f32 ×2).

const DELTA: f32 = 6.0 / 29.0;
const THREE_DELTA_SQ: f32 = 3.0 * DELTA * DELTA;
const FOUR_29: f32 = 4.0 / 29.0;

// Where the constants, tables and per-row scratch are (setLayout, once per instance).
let K: usize = 0;
let LINEAR: usize = 0;
let FY_GREY: usize = 0;
let F_GRID: usize = 0;
let SRGB: usize = 0;
let ROW_CHROMA: usize = 0;
let COL_CELL: usize = 0;
let SHIFT: usize = 0;
let DA_ROW: usize = 0;
let DB_ROW: usize = 0;
let Y_FY_16: usize = 0;
let SRGB_16: usize = 0;

export function setLayout16(yFy16: usize, srgb16: usize): void {
  Y_FY_16 = yFy16;
  SRGB_16 = srgb16;
}

export function setLayout(k: usize, linear: usize, fyGrey: usize, fGrid: usize, srgb: usize, rowChroma: usize, colCell: usize, shift: usize, daRow: usize, dbRow: usize): void {
  K = k;
  LINEAR = linear;
  FY_GREY = fyGrey;
  F_GRID = fGrid;
  SRGB = srgb;
  ROW_CHROMA = rowChroma;
  COL_CELL = colCell;
  SHIFT = shift;
  DA_ROW = daRow;
  DB_ROW = dbRow;
}

/** a/500 and b/200 of every column of a row, from the chroma row `c` (nearest upsampling). */
@inline
function spreadChromaRow(c: i32, width: i32): void {
  for (let x = 0; x < width; x++) {
    const cell = <usize>(c + 2 * load<i32>(COL_CELL + (<usize>x << 2))) << 2;
    store<f32>(DA_ROW + (<usize>x << 2), load<f32>(SHIFT + cell));
    store<f32>(DB_ROW + (<usize>x << 2), load<f32>(SHIFT + cell + 4));
  }
}

/** Lab (as Y, f(Y) and the row's a/500, b/200 at x) → four sRGB pixels at out. */
@inline
function writeFour(Y: v128, fy: v128, x: i32, out: usize): void {
  const k = K;
  const fx = f32x4.add(fy, v128.load(DA_ROW + (<usize>x << 2)));
  const fz = f32x4.sub(fy, v128.load(DB_ROW + (<usize>x << 2)));
  const delta = f32x4.splat(DELTA);
  const k3 = f32x4.splat(THREE_DELTA_SQ);
  const f429 = f32x4.splat(FOUR_29);
  const gx = v128.bitselect(f32x4.mul(f32x4.mul(fx, fx), fx), f32x4.mul(k3, f32x4.sub(fx, f429)), f32x4.gt(fx, delta));
  const gz = v128.bitselect(f32x4.mul(f32x4.mul(fz, fz), fz), f32x4.mul(k3, f32x4.sub(fz, f429)), f32x4.gt(fz, delta));
  const zero = f32x4.splat(0);
  const S = f32x4.splat(load<f32>(k, 36));
  const half = f32x4.splat(0.5);
  // Clipped to the gamut like OpenCV's Lab2RGB (NaN → 0, as the JS loop's min/max give).
  const r = i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.min(f32x4.max(f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(load<f32>(k, 0)), gx), f32x4.mul(f32x4.splat(load<f32>(k, 12)), Y)), f32x4.mul(f32x4.splat(load<f32>(k, 24)), gz)), zero), S), half));
  const g = i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.min(f32x4.max(f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(load<f32>(k, 4)), gx), f32x4.mul(f32x4.splat(load<f32>(k, 16)), Y)), f32x4.mul(f32x4.splat(load<f32>(k, 28)), gz)), zero), S), half));
  const b = i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.min(f32x4.max(f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(load<f32>(k, 8)), gx), f32x4.mul(f32x4.splat(load<f32>(k, 20)), Y)), f32x4.mul(f32x4.splat(load<f32>(k, 32)), gz)), zero), S), half));
  const srgb = SRGB;
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(r, 0)), 0);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(g, 0)), 1);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(b, 0)), 2);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(r, 1)), 3);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(g, 1)), 4);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(b, 1)), 5);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(r, 2)), 6);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(g, 2)), 7);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(b, 2)), 8);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(r, 3)), 9);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(g, 3)), 10);
  store<u8>(out, load<u8>(srgb + <usize>i32x4.extract_lane(b, 3)), 11);
}

/** Four floats from a table, at four byte offsets. */
@inline
function gather(table: usize, o0: usize, o1: usize, o2: usize, o3: usize): v128 {
  let v = f32x4.splat(load<f32>(table + o0));
  v = v128.load32_lane(table + o1, v, 1);
  v = v128.load32_lane(table + o2, v, 2);
  return v128.load32_lane(table + o3, v, 3);
}

/**
 * Grey originals, rows y0..y1 of a width-wide photo: one byte per pixel at src, three at out. The
 * columns past the last multiple of four are repeated from the row's start at a shifted window
 * (width ≥ 4), so no scalar tail is needed: they are computed twice, the same way.
 */
export function greyRows8(src: usize, out: usize, width: i32, y0: i32, y1: i32): void {
  let lastChroma: i32 = -1;
  for (let y = y0; y < y1; y++) {
    const c = load<i32>(ROW_CHROMA + (<usize>y << 2));
    if (c != lastChroma) {
      spreadChromaRow(c, width);
      lastChroma = c;
    }
    const row = <usize>y * <usize>width;
    for (let x = 0; x < width; x += 4) {
      const at = min(x, width - 4);
      const p = src + row + <usize>at;
      const Y = gather(LINEAR, <usize>load<u8>(p, 0) << 2, <usize>load<u8>(p, 1) << 2, <usize>load<u8>(p, 2) << 2, <usize>load<u8>(p, 3) << 2);
      const fy = gather(FY_GREY, <usize>load<u8>(p, 0) << 2, <usize>load<u8>(p, 1) << 2, <usize>load<u8>(p, 2) << 2, <usize>load<u8>(p, 3) << 2);
      writeFour(Y, fy, at, out + 3 * (row + <usize>at));
    }
  }
}

/** RGB originals: Y from the three channels' linear light, f(Y) interpolated on the grid. */
export function rgbRows8(src: usize, out: usize, width: i32, y0: i32, y1: i32): void {
  const k = K;
  const KR = f32x4.splat(load<f32>(k, 40));
  const KG = f32x4.splat(load<f32>(k, 44));
  const KB = f32x4.splat(load<f32>(k, 48));
  const steps = f32x4.splat(load<f32>(k, 52));
  let lastChroma: i32 = -1;
  for (let y = y0; y < y1; y++) {
    const c = load<i32>(ROW_CHROMA + (<usize>y << 2));
    if (c != lastChroma) {
      spreadChromaRow(c, width);
      lastChroma = c;
    }
    const row = <usize>y * <usize>width;
    for (let x = 0; x < width; x += 4) {
      const at = min(x, width - 4);
      const p = src + 3 * (row + <usize>at);
      const lin = LINEAR;
      const R = gather(lin, <usize>load<u8>(p, 0) << 2, <usize>load<u8>(p, 3) << 2, <usize>load<u8>(p, 6) << 2, <usize>load<u8>(p, 9) << 2);
      const G = gather(lin, <usize>load<u8>(p, 1) << 2, <usize>load<u8>(p, 4) << 2, <usize>load<u8>(p, 7) << 2, <usize>load<u8>(p, 10) << 2);
      const B = gather(lin, <usize>load<u8>(p, 2) << 2, <usize>load<u8>(p, 5) << 2, <usize>load<u8>(p, 8) << 2, <usize>load<u8>(p, 11) << 2);
      // 0 ≤ Y ≤ 1 (the matrix's Y row sums to 1); the grid has one spare entry.
      const Y = f32x4.add(f32x4.add(f32x4.mul(KR, R), f32x4.mul(KG, G)), f32x4.mul(KB, B));
      const t = f32x4.mul(Y, steps);
      const i = i32x4.trunc_sat_f32x4_s(t);
      const fraction = f32x4.sub(t, f32x4.convert_i32x4_s(i));
      const o0 = <usize>i32x4.extract_lane(i, 0) << 2;
      const o1 = <usize>i32x4.extract_lane(i, 1) << 2;
      const o2 = <usize>i32x4.extract_lane(i, 2) << 2;
      const o3 = <usize>i32x4.extract_lane(i, 3) << 2;
      const lo = gather(F_GRID, o0, o1, o2, o3);
      const hi = gather(F_GRID + 4, o0, o1, o2, o3);
      const fy = f32x4.add(lo, f32x4.mul(f32x4.sub(hi, lo), fraction));
      writeFour(Y, fy, at, out + 3 * (row + <usize>at));
    }
  }
}

/** Four 16-bit codes of one channel: a grid position clipped to [0, S16], interpolated on the table. */
@inline
function srgb16(position: v128, s16: v128): v128 {
  const t = f32x4.min(f32x4.max(position, f32x4.splat(0)), s16);
  const i = i32x4.trunc_sat_f32x4_s(t);
  const fraction = f32x4.sub(t, f32x4.convert_i32x4_s(i));
  const o0 = <usize>i32x4.extract_lane(i, 0) << 2;
  const o1 = <usize>i32x4.extract_lane(i, 1) << 2;
  const o2 = <usize>i32x4.extract_lane(i, 2) << 2;
  const o3 = <usize>i32x4.extract_lane(i, 3) << 2;
  const lo = gather(SRGB_16, o0, o1, o2, o3);
  const hi = gather(SRGB_16 + 4, o0, o1, o2, o3);
  return i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.add(lo, f32x4.mul(f32x4.sub(hi, lo), fraction)), f32x4.splat(0.5)));
}

@inline
function store16(out: usize, codes: v128): void {
  store<u16>(out, <u16>i32x4.extract_lane(codes, 0), 0);
  store<u16>(out, <u16>i32x4.extract_lane(codes, 1), 6);
  store<u16>(out, <u16>i32x4.extract_lane(codes, 2), 12);
  store<u16>(out, <u16>i32x4.extract_lane(codes, 3), 18);
}

/** Grey 16-bit originals (scans): 16-bit RGB out, lightness kept at 16 bits. */
export function greyRows16(src: usize, out: usize, width: i32, y0: i32, y1: i32): void {
  const k = K;
  const delta = f32x4.splat(DELTA);
  const k3 = f32x4.splat(THREE_DELTA_SQ);
  const f429 = f32x4.splat(FOUR_29);
  const s16 = f32x4.splat(load<f32>(k, 92));
  let lastChroma: i32 = -1;
  for (let y = y0; y < y1; y++) {
    const c = load<i32>(ROW_CHROMA + (<usize>y << 2));
    if (c != lastChroma) {
      spreadChromaRow(c, width);
      lastChroma = c;
    }
    const row = <usize>y * <usize>width;
    for (let x = 0; x < width; x += 4) {
      const at = min(x, width - 4);
      const p = src + ((row + <usize>at) << 1);
      const v0 = <usize>load<u16>(p, 0) << 3;
      const v1 = <usize>load<u16>(p, 2) << 3;
      const v2 = <usize>load<u16>(p, 4) << 3;
      const v3 = <usize>load<u16>(p, 6) << 3;
      const Y = gather(Y_FY_16, v0, v1, v2, v3);
      const fy = gather(Y_FY_16 + 4, v0, v1, v2, v3);
      const fx = f32x4.add(fy, v128.load(DA_ROW + (<usize>at << 2)));
      const fz = f32x4.sub(fy, v128.load(DB_ROW + (<usize>at << 2)));
      const gx = v128.bitselect(f32x4.mul(f32x4.mul(fx, fx), fx), f32x4.mul(k3, f32x4.sub(fx, f429)), f32x4.gt(fx, delta));
      const gz = v128.bitselect(f32x4.mul(f32x4.mul(fz, fz), fz), f32x4.mul(k3, f32x4.sub(fz, f429)), f32x4.gt(fz, delta));
      const o = out + 6 * (row + <usize>at);
      store16(o, srgb16(f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(load<f32>(k, 56)), gx), f32x4.mul(f32x4.splat(load<f32>(k, 68)), Y)), f32x4.mul(f32x4.splat(load<f32>(k, 80)), gz)), s16));
      store16(o + 2, srgb16(f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(load<f32>(k, 60)), gx), f32x4.mul(f32x4.splat(load<f32>(k, 72)), Y)), f32x4.mul(f32x4.splat(load<f32>(k, 84)), gz)), s16));
      store16(o + 4, srgb16(f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(load<f32>(k, 64)), gx), f32x4.mul(f32x4.splat(load<f32>(k, 76)), Y)), f32x4.mul(f32x4.splat(load<f32>(k, 88)), gz)), s16));
    }
  }
}
