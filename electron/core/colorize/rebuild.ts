// The full-resolution result, rebuilt the way DDColor's node builds it (PROTOCOL §5.2a): each
// pixel keeps the original's lightness, takes a/b from the chroma plane upsampled nearest-
// neighbour (torch F.interpolate's default), and goes back to sRGB. L is never computed: the
// node's L→Y step returns the original's luminance Y exactly, so Y is kept and only f(Y) is needed.
// One fused loop per kind of original (grey/RGB × 8/16-bit), each monomorphic; nothing is
// allocated per pixel. 6 MP grey on the 2-core dev machine: ~85 ms of CPU (a two-pass version
// through row buffers took ~110 ms, one with if/else clipping ~120 ms; a closed-form polynomial
// per cell instead of the cubes was slower: loads, not arithmetic, are the cost here).
import {
  FY_OF_GREY_16,
  FY_OF_GREY_8,
  KB,
  KG,
  KR,
  LINEAR_OF_16,
  LINEAR_OF_8,
  LUT_STEPS,
  SRGB16_GRID,
  SRGB8_OF_LINEAR,
  WHITE_X,
  WHITE_Z,
  XYZ_TO_RGB,
  labFOnGrid,
} from './lab';
import type { ChromaPlane, Pixels, RebuiltImage } from './pixels';

const DELTA = 6 / 29;
const THREE_DELTA_SQ = 3 * DELTA * DELTA;
const FOUR_29 = 4 / 29;
const [M0 = 0, M1 = 0, M2 = 0, M3 = 0, M4 = 0, M5 = 0, M6 = 0, M7 = 0, M8 = 0] = XYZ_TO_RGB;

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

/** A rebuild in progress: `rows(y0, y1)` fills those rows of `image`; call it over 0..height. */
export interface Rebuild {
  readonly image: RebuiltImage;
  rows(y0: number, y1: number): void;
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

export function startRebuild(original: Pixels, chroma: ChromaPlane): Rebuild {
  const { width, height } = original;
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
    return { image: { depth: 8, channels: 3, width, height, data }, rows: rowsOf(fill) };
  }
  const data = new Uint16Array(pixels);
  const source = original.data;
  const fill = original.channels === 1 ? (y: number) => greyRow16(source, data, y, ctx) : (y: number) => rgbRow16(source, data, y, ctx);
  return { image: { depth: 16, channels: 3, width, height, data }, rows: rowsOf(fill) };
}

/** Pure: the whole rebuild at once. runChroma slices it (startRebuild) to stay responsive. */
export function rebuildFromChroma(original: Pixels, chroma: ChromaPlane): RebuiltImage {
  const rebuild = startRebuild(original, chroma);
  rebuild.rows(0, original.height);
  return rebuild.image;
}

// Grey originals: R = G = B and the matrix's Y row sums to 1, so Y and f(Y) are per-code tables.
function greyRow8(source: Uint8Array, out: Uint8Array, y: number, ctx: RowContext): void {
  const { width, shift, chromaRow, cells, starts } = ctx;
  const linear = LINEAR_OF_8;
  const f = FY_OF_GREY_8;
  for (let k = 0, c = chromaRow; k < cells; k++, c += 2) {
    const da = shift[c] ?? 0;
    const db = shift[c + 1] ?? 0;
    const end = y * width + (starts[k + 1] ?? width);
    for (let p = y * width + (starts[k] ?? width); p < end; p++) {
      const v = source[p] ?? 0;
      write8(out, p * 3, linear[v] ?? 0, f[v] ?? 0, da, db);
    }
  }
}

function greyRow16(source: Uint16Array, out: Uint16Array, y: number, ctx: RowContext): void {
  const { width, shift, chromaRow, cells, starts } = ctx;
  const linear = LINEAR_OF_16;
  const f = FY_OF_GREY_16;
  for (let k = 0, c = chromaRow; k < cells; k++, c += 2) {
    const da = shift[c] ?? 0;
    const db = shift[c + 1] ?? 0;
    const end = y * width + (starts[k + 1] ?? width);
    for (let p = y * width + (starts[k] ?? width); p < end; p++) {
      const v = source[p] ?? 0;
      write16(out, p * 3, linear[v] ?? 0, f[v] ?? 0, da, db);
    }
  }
}

function rgbRow8(source: Uint8Array, out: Uint8Array, y: number, ctx: RowContext): void {
  const { width, shift, chromaRow, cells, starts } = ctx;
  const linear = LINEAR_OF_8;
  for (let k = 0, c = chromaRow; k < cells; k++, c += 2) {
    const da = shift[c] ?? 0;
    const db = shift[c + 1] ?? 0;
    const end = (y * width + (starts[k + 1] ?? width)) * 3;
    for (let p = (y * width + (starts[k] ?? width)) * 3; p < end; p += 3) {
      const Y = KR * (linear[source[p] ?? 0] ?? 0) + KG * (linear[source[p + 1] ?? 0] ?? 0) + KB * (linear[source[p + 2] ?? 0] ?? 0);
      write8(out, p, Y, labFOnGrid(Y), da, db);
    }
  }
}

function rgbRow16(source: Uint16Array, out: Uint16Array, y: number, ctx: RowContext): void {
  const { width, shift, chromaRow, cells, starts } = ctx;
  const linear = LINEAR_OF_16;
  for (let k = 0, c = chromaRow; k < cells; k++, c += 2) {
    const da = shift[c] ?? 0;
    const db = shift[c + 1] ?? 0;
    const end = (y * width + (starts[k + 1] ?? width)) * 3;
    for (let p = (y * width + (starts[k] ?? width)) * 3; p < end; p += 3) {
      const Y = KR * (linear[source[p] ?? 0] ?? 0) + KG * (linear[source[p + 1] ?? 0] ?? 0) + KB * (linear[source[p + 2] ?? 0] ?? 0);
      write16(out, p, Y, labFOnGrid(Y), da, db);
    }
  }
}

/** One pixel: Lab (as Y, f(Y), a/500, b/200) → linear sRGB → 8-bit codes at out[o..o+2]. */
function write8(out: Uint8Array, o: number, Y: number, fy: number, da: number, db: number): void {
  const fx = fy + da;
  const fz = fy - db;
  const X = WHITE_X * (fx > DELTA ? fx * fx * fx : THREE_DELTA_SQ * (fx - FOUR_29));
  const Z = WHITE_Z * (fz > DELTA ? fz * fz * fz : THREE_DELTA_SQ * (fz - FOUR_29));
  out[o] = SRGB8_OF_LINEAR[gridIndex(M0 * X + M1 * Y + M2 * Z)] ?? 0;
  out[o + 1] = SRGB8_OF_LINEAR[gridIndex(M3 * X + M4 * Y + M5 * Z)] ?? 0;
  out[o + 2] = SRGB8_OF_LINEAR[gridIndex(M6 * X + M7 * Y + M8 * Z)] ?? 0;
}

function write16(out: Uint16Array, o: number, Y: number, fy: number, da: number, db: number): void {
  const fx = fy + da;
  const fz = fy - db;
  const X = WHITE_X * (fx > DELTA ? fx * fx * fx : THREE_DELTA_SQ * (fx - FOUR_29));
  const Z = WHITE_Z * (fz > DELTA ? fz * fz * fz : THREE_DELTA_SQ * (fz - FOUR_29));
  out[o] = srgb16(M0 * X + M1 * Y + M2 * Z);
  out[o + 1] = srgb16(M3 * X + M4 * Y + M5 * Z);
  out[o + 2] = srgb16(M6 * X + M7 * Y + M8 * Z);
}

/**
 * Linear light, clipped to the gamut like OpenCV's Lab2RGB, → nearest point of the 2¹⁶ grid.
 * Branch-free (NaN → 0): with if/else per channel the 6 MP rebuild took ~25 % longer.
 */
function gridIndex(linear: number): number {
  return (Math.min(Math.max(linear, 0), 1) * LUT_STEPS + 0.5) | 0;
}

/** Linear light, clipped, → 16-bit sRGB code, interpolated on the 2¹⁶ grid. */
function srgb16(linear: number): number {
  const t = Math.min(Math.max(linear, 0), 1) * LUT_STEPS;
  const i = Math.min(t | 0, LUT_STEPS - 1);
  const lo = SRGB16_GRID[i] ?? 0;
  return (lo + ((SRGB16_GRID[i + 1] ?? 0) - lo) * (t - i) + 0.5) | 0;
}
