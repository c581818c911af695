// The full-resolution result, rebuilt the way DDColor's node builds it (PROTOCOL §5.2a): each
// pixel keeps the original's lightness, takes a/b from the chroma plane upsampled nearest-
// neighbour (torch F.interpolate's default), and goes back to sRGB. L is never computed: the
// node's L→Y step returns the original's luminance Y exactly, so Y is kept and only f(Y) is needed.
// One fused loop per kind of original (grey/RGB × 8/16-bit), each monomorphic; nothing is
// allocated per pixel. 6 MP grey on the 2-core dev machine: ~85 ms of CPU (a two-pass version
// through row buffers took ~110 ms, one with if/else clipping ~120 ms; a closed-form polynomial
// per cell instead of the cubes was slower: loads, not arithmetic, are the cost here). libvips
// (sharp) does not do it cheaper: its Lab → sRGB of a 6 MP float image alone took 190–290 ms of
// CPU and decoding a JPEG to Lab 140–200 ms, against ~100–150 ms for this whole loop (same load).
// Off the main thread: rebuild-pool.ts.
import {
  FY_OF_GREY_8,
  KB,
  KG,
  KR,
  LINEAR_OF_8,
  LUT_STEPS,
  SRGB8_OF_LINEAR,
} from './lab';
import type { ChromaPlane, Pixels, RebuiltImage } from './pixels';
import {
  F_GRID_SMALL,
  LINEAR_OF_16_F32,
  S16,
  SMALL_STEPS,
  SRGB16_SMALL,
  XB,
  XB16,
  XG,
  XG16,
  XR,
  XR16,
  Y_FY_OF_GREY_16,
  YB,
  YB16,
  YG,
  YG16,
  YR,
  YR16,
  ZB,
  ZB16,
  ZG,
  ZG16,
  ZR,
  ZR16,
} from './rebuild-constants';
import { startWasmRebuild } from './kernel/wasm-rebuild';

const DELTA = 6 / 29;
const THREE_DELTA_SQ = 3 * DELTA * DELTA;
const FOUR_29 = 4 / 29;

/**
 * torch's nearest source index (aten UpSample.h nearest_idx): scale = (float)in/out, index =
 * floor((float)(dst·scale)), clamped; identity at equal sizes, dst >> 1 at exactly twice. The
 * float32 steps matter: 256 → 1294 at dst 647 gives 127 where the exact quotient gives 128.
 */
export function nearestIndex(dst: number, inSize: number, outSize: number): number {
  if (outSize === inSize) return dst;
  if (outSize === 2 * inSize) return dst >> 1;
  const scale = Math.fround(inSize / outSize);
  return Math.min(Math.floor(Math.fround(dst * scale)), inSize - 1);
}

/** A rebuild in progress: `rows(y0, y1)` fills those rows; call it over 0..height, then `finish()`. */
export interface Rebuild {
  rows(y0: number, y1: number): void;
  finish(): RebuiltImage;
}

/**
 * What one row needs: a/500, b/200 per chroma cell, where the chroma row starts in them, and the
 * first column of each cell's run (nearest upsampling maps a run of columns to one cell; the loops
 * go run by run so a cell's a/b are read once, ~8 % faster than per pixel).
 */
interface RowContext {
  width: number;
  shift: Float64Array;
  chromaRow: number;
  cells: number;
  starts: Int32Array;
}

/**
 * Originals go to the WebAssembly SIMD kernel (kernel/wasm-rebuild.ts: ~2.5× faster) unless
 * `kernel` is 'js' (tests compare the two); 16-bit RGB ones, and any the kernel cannot take, to
 * the JS loops below.
 */
export function startRebuild(original: Pixels, chroma: ChromaPlane, kernel: 'auto' | 'js' = 'auto'): Rebuild {
  const { width, height } = original;
  if (kernel === 'auto') {
    const rowChroma = Int32Array.from({ length: height }, (_, y) => nearestIndex(y, chroma.height, height) * chroma.width * 2);
    const colCell = Int32Array.from({ length: width }, (_, x) => nearestIndex(x, chroma.width, width));
    const wasm = startWasmRebuild(original, chroma, rowChroma, colCell);
    if (wasm) return wasm;
  }
  const pixels = width * height * 3;
  // a/500 and b/200 per chroma cell: what Lab→XYZ adds to and subtracts from f(Y).
  const shift = new Float64Array(chroma.ab.length);
  for (let i = 0; i < shift.length; i += 2) {
    shift[i] = (chroma.ab[i] ?? 0) / 500;
    shift[i + 1] = (chroma.ab[i + 1] ?? 0) / 200;
  }
  // starts[k] = first column taking cell k, starts[cells] = width (cells no column takes are empty).
  const starts = new Int32Array(chroma.width + 1).fill(width);
  for (let x = width - 1; x >= 0; x--) starts[nearestIndex(x, chroma.width, width)] = x;
  for (let k = chroma.width - 1; k >= 0; k--) starts[k] = Math.min(starts[k] ?? width, starts[k + 1] ?? width);
  const ctx: RowContext = { width, shift, chromaRow: 0, cells: chroma.width, starts };
  const rowsOf = (fill: (y: number) => void) => (y0: number, y1: number) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
      ctx.chromaRow = nearestIndex(y, chroma.height, height) * chroma.width * 2;
      fill(y);
    }
  };
  if (original.depth === 8) {
    const data = new Uint8Array(pixels);
    const source = original.data;
    const fill = original.channels === 1 ? (y: number) => greyRow8(source, data, y, ctx) : (y: number) => rgbRow8(source, data, y, ctx);
    const image: RebuiltImage = { depth: 8, channels: 3, width, height, data };
    return { rows: rowsOf(fill), finish: () => image };
  }
  const data = new Uint16Array(pixels);
  const source = original.data;
  const fill = original.channels === 1 ? (y: number) => greyRow16(source, data, y, ctx) : (y: number) => rgbRow16(source, data, y, ctx);
  const image: RebuiltImage = { depth: 16, channels: 3, width, height, data };
  return { rows: rowsOf(fill), finish: () => image };
}

/** Pure: the whole rebuild at once. runChroma slices it (startRebuild) to stay responsive. */
export function rebuildFromChroma(original: Pixels, chroma: ChromaPlane, kernel: 'auto' | 'js' = 'auto'): RebuiltImage {
  const rebuild = startRebuild(original, chroma, kernel);
  rebuild.rows(0, original.height);
  return rebuild.finish();
}

// The 8-bit JS loops write each pixel inline, with the white point and the 2¹⁶ grid's scale folded
// into the matrix (rebuild-constants.ts: R = XR·g(fx) + YR·Y + ZR·g(fz) is already a grid
// position) and without `?? 0` on in-bounds reads. A/B against the per-pixel writer they replace
// (CPU, min of 7, same process, interleaved, load ~13): 6 MP grey 109 → 104 ms (same codes), 6 MP
// sepia 163 → 147 ms (with F_GRID_SMALL: 114 of 18 M samples one code off), 24 MP grey 439 → 387 ms. (Allocating the
// result without zero-filling was tried: no gain, the page faults cost the same either way.)
const S = LUT_STEPS;

// Grey originals: R = G = B and the matrix's Y row sums to 1, so Y and f(Y) are per-code tables.
function greyRow8(source: Uint8Array, out: Uint8Array, y: number, ctx: RowContext): void {
  const { width, shift, chromaRow, cells, starts } = ctx;
  const linear = LINEAR_OF_8;
  const f = FY_OF_GREY_8;
  const srgb = SRGB8_OF_LINEAR;
  const row = y * width;
  for (let k = 0, c = chromaRow; k < cells; k++, c += 2) {
    const da = shift[c]!;
    const db = shift[c + 1]!;
    const end = row + starts[k + 1]!;
    for (let p = row + starts[k]!, o = 3 * p; p < end; p++, o += 3) {
      const v = source[p]!;
      const Y = linear[v]!;
      const fy = f[v]!;
      const fx = fy + da;
      const fz = fy - db;
      const gx = fx > DELTA ? fx * fx * fx : THREE_DELTA_SQ * (fx - FOUR_29);
      const gz = fz > DELTA ? fz * fz * fz : THREE_DELTA_SQ * (fz - FOUR_29);
      // Clipped to the gamut like OpenCV's Lab2RGB, branch-free (NaN → 0; with if/else ~25 % slower).
      out[o] = srgb[(Math.min(Math.max(XR * gx + YR * Y + ZR * gz, 0), S) + 0.5) | 0]!;
      out[o + 1] = srgb[(Math.min(Math.max(XG * gx + YG * Y + ZG * gz, 0), S) + 0.5) | 0]!;
      out[o + 2] = srgb[(Math.min(Math.max(XB * gx + YB * Y + ZB * gz, 0), S) + 0.5) | 0]!;
    }
  }
}

function rgbRow8(source: Uint8Array, out: Uint8Array, y: number, ctx: RowContext): void {
  const { width, shift, chromaRow, cells, starts } = ctx;
  const linear = LINEAR_OF_8;
  const grid = F_GRID_SMALL;
  const srgb = SRGB8_OF_LINEAR;
  const row = y * width;
  for (let k = 0, c = chromaRow; k < cells; k++, c += 2) {
    const da = shift[c]!;
    const db = shift[c + 1]!;
    const end = 3 * (row + starts[k + 1]!);
    for (let p = 3 * (row + starts[k]!); p < end; p += 3) {
      const Y = KR * linear[source[p]!]! + KG * linear[source[p + 1]!]! + KB * linear[source[p + 2]!]!;
      // 0 ≤ Y ≤ 1 (the matrix's Y row sums to 1), so no clamp; the grid has one spare entry.
      const t = Y * SMALL_STEPS;
      const i = t | 0;
      const lo = grid[i]!;
      const fy = lo + (grid[i + 1]! - lo) * (t - i);
      const fx = fy + da;
      const fz = fy - db;
      const gx = fx > DELTA ? fx * fx * fx : THREE_DELTA_SQ * (fx - FOUR_29);
      const gz = fz > DELTA ? fz * fz * fz : THREE_DELTA_SQ * (fz - FOUR_29);
      out[p] = srgb[(Math.min(Math.max(XR * gx + YR * Y + ZR * gz, 0), S) + 0.5) | 0]!;
      out[p + 1] = srgb[(Math.min(Math.max(XG * gx + YG * Y + ZG * gz, 0), S) + 0.5) | 0]!;
      out[p + 2] = srgb[(Math.min(Math.max(XB * gx + YB * Y + ZB * gz, 0), S) + 0.5) | 0]!;
    }
  }
}

function greyRow16(source: Uint16Array, out: Uint16Array, y: number, ctx: RowContext): void {
  const { width, shift, chromaRow, cells, starts } = ctx;
  const table = Y_FY_OF_GREY_16;
  const row = y * width;
  for (let k = 0, c = chromaRow; k < cells; k++, c += 2) {
    const da = shift[c]!;
    const db = shift[c + 1]!;
    const end = row + starts[k + 1]!;
    for (let p = row + starts[k]!; p < end; p++) {
      const v = 2 * source[p]!;
      write16(out, 3 * p, table[v]!, table[v + 1]!, da, db);
    }
  }
}

function rgbRow16(source: Uint16Array, out: Uint16Array, y: number, ctx: RowContext): void {
  const { width, shift, chromaRow, cells, starts } = ctx;
  const linear = LINEAR_OF_16_F32;
  const grid = F_GRID_SMALL;
  const row = y * width;
  for (let k = 0, c = chromaRow; k < cells; k++, c += 2) {
    const da = shift[c]!;
    const db = shift[c + 1]!;
    const end = 3 * (row + starts[k + 1]!);
    for (let p = 3 * (row + starts[k]!); p < end; p += 3) {
      const Y = Math.min(KR * linear[source[p]!]! + KG * linear[source[p + 1]!]! + KB * linear[source[p + 2]!]!, 1);
      const t = Y * SMALL_STEPS;
      const i = t | 0;
      const lo = grid[i]!;
      write16(out, p, Y, lo + (grid[i + 1]! - lo) * (t - i), da, db);
    }
  }
}

/** One 16-bit pixel: Lab (as Y, f(Y), a/500, b/200) → linear sRGB, clipped → 16-bit codes at out[o..o+2]. */
function write16(out: Uint16Array, o: number, Y: number, fy: number, da: number, db: number): void {
  const fx = fy + da;
  const fz = fy - db;
  const gx = fx > DELTA ? fx * fx * fx : THREE_DELTA_SQ * (fx - FOUR_29);
  const gz = fz > DELTA ? fz * fz * fz : THREE_DELTA_SQ * (fz - FOUR_29);
  out[o] = srgb16(XR16 * gx + YR16 * Y + ZR16 * gz);
  out[o + 1] = srgb16(XG16 * gx + YG16 * Y + ZG16 * gz);
  out[o + 2] = srgb16(XB16 * gx + YB16 * Y + ZB16 * gz);
}

/** A position on the 2¹⁴ grid (linear light × 2¹⁴), clipped → 16-bit sRGB code, interpolated. */
function srgb16(position: number): number {
  const t = Math.min(Math.max(position, 0), S16);
  const i = t | 0;
  const lo = SRGB16_SMALL[i]!;
  return (lo + (SRGB16_SMALL[i + 1]! - lo) * (t - i) + 0.5) | 0;
}
