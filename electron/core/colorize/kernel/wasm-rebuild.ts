// The rebuild on the WebAssembly SIMD kernel (rebuild-kernel.as.ts; 8-bit originals and 16-bit
// grey scans): the original's pixels are copied into the kernel's memory, rows are rebuilt there,
// and the result is copied out into an ArrayBuffer of its own (transferable to the thread that
// asked). Each rebuild under way has an instance to itself; a finished one is kept for the
// thread's next photo, so its memory is not faulted in again for every photo. Where WebAssembly
// SIMD is missing, startWasmRebuild returns undefined and the JS loops of ../rebuild.ts run instead.
import { FY_OF_GREY_8, KB, KG, KR, LINEAR_OF_8, LUT_STEPS, SRGB8_OF_LINEAR } from '../lab';
import type { ChromaPlane, Pixels, RebuiltImage } from '../pixels';
import * as C from '../rebuild-constants';
import { REBUILD_KERNEL_WASM } from './rebuild-kernel-wasm';

interface KernelExports {
  memory: WebAssembly.Memory;
  setLayout(k: number, linear: number, fyGrey: number, fGrid: number, srgb: number, rowChroma: number, colCell: number, shift: number, daRow: number, dbRow: number): void;
  setLayout16(yFy16: number, srgb16: number): void;
  greyRows8(src: number, out: number, width: number, y0: number, y1: number): void;
  rgbRows8(src: number, out: number, width: number, y0: number, y1: number): void;
  greyRows16(src: number, out: number, width: number, y0: number, y1: number): void;
}

/** A photo whose buffers would pass this stays on the JS loops (wasm32 memory ends at 4 GiB). */
const MAX_KERNEL_BYTES = 2 ** 31;
const PAGE = 65536;
/** An instance whose memory grew past this (a 24 MP RGB photo needs ~150 MB) is not kept. */
const KEEP_BYTES = 256 * 2 ** 20;
const align = (n: number) => (n + 15) & ~15;

// The constant tables, written once per instance at offset 0.
const K_BYTES = align(24 * 4);
const LINEAR_AT = K_BYTES;
const FY_GREY_AT = LINEAR_AT + 256 * 4;
const F_GRID_AT = FY_GREY_AT + 256 * 4;
const SRGB_AT = align(F_GRID_AT + C.F_GRID_SMALL.length * 4);
const Y_FY_16_AT = align(SRGB_AT + SRGB8_OF_LINEAR.length);
const SRGB_16_AT = Y_FY_16_AT + C.Y_FY_OF_GREY_16.length * 4;
const TABLES_END = align(SRGB_16_AT + C.SRGB16_SMALL.length * 4);

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(REBUILD_KERNEL_WASM, 'base64'));
    } catch {
      compiled = null; // no SIMD in this runtime: the JS loops
    }
  }
  return compiled;
}

const idle: KernelExports[] = [];

function takeInstance(): KernelExports | undefined {
  const reused = idle.pop();
  if (reused) return reused;
  const module = kernelModule();
  if (!module) return undefined;
  const kernel = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  growTo(kernel.memory, TABLES_END);
  const { buffer } = kernel.memory;
  new Float32Array(buffer, 0, 24).set([C.XR, C.XG, C.XB, C.YR, C.YG, C.YB, C.ZR, C.ZG, C.ZB, LUT_STEPS, KR, KG, KB, C.SMALL_STEPS, C.XR16, C.XG16, C.XB16, C.YR16, C.YG16, C.YB16, C.ZR16, C.ZG16, C.ZB16, C.S16]);
  new Float32Array(buffer, LINEAR_AT, 256).set(LINEAR_OF_8);
  new Float32Array(buffer, FY_GREY_AT, 256).set(FY_OF_GREY_8);
  new Float32Array(buffer, F_GRID_AT, C.F_GRID_SMALL.length).set(C.F_GRID_SMALL);
  new Uint8Array(buffer, SRGB_AT, SRGB8_OF_LINEAR.length).set(SRGB8_OF_LINEAR);
  new Float32Array(buffer, Y_FY_16_AT, C.Y_FY_OF_GREY_16.length).set(C.Y_FY_OF_GREY_16);
  new Float32Array(buffer, SRGB_16_AT, C.SRGB16_SMALL.length).set(C.SRGB16_SMALL);
  return kernel;
}

function growTo(memory: WebAssembly.Memory, bytes: number): void {
  const missing = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
  if (missing > 0) memory.grow(missing);
}

export interface WasmRebuild {
  rows(y0: number, y1: number): void;
  /** The rebuilt photo, copied out; the instance goes back to the thread's pool. */
  finish(): RebuiltImage;
}

/**
 * A rebuild on the kernel, or undefined where the kernel cannot take it (a 16-bit RGB original,
 * fewer than 4 columns, a photo too big for its memory, no SIMD): then the caller uses the JS
 * loops. `rowChroma[y]` is the offset of row y's chroma row in `ab`, `colCell[x]` the chroma cell
 * of column x (nearest upsampling, computed by the caller as the JS loops do).
 */
export function startWasmRebuild(original: Pixels, chroma: ChromaPlane, rowChroma: Int32Array, colCell: Int32Array): WasmRebuild | undefined {
  const { width, height, channels, depth } = original;
  if (width < 4 || (depth === 16 && channels !== 1)) return undefined;
  const bytes = depth / 8;
  const ROW_CHROMA = TABLES_END;
  const COL_CELL = align(ROW_CHROMA + height * 4);
  const SHIFT = align(COL_CELL + width * 4);
  const DA_ROW = align(SHIFT + chroma.ab.length * 4);
  const DB_ROW = align(DA_ROW + width * 4);
  const SRC = align(DB_ROW + width * 4);
  const OUT = align(SRC + width * height * channels * bytes);
  const end = OUT + width * height * 3 * bytes;
  if (end > MAX_KERNEL_BYTES) return undefined;
  const kernel = takeInstance();
  if (!kernel) return undefined;
  growTo(kernel.memory, end);
  const { buffer } = kernel.memory;
  new Int32Array(buffer, ROW_CHROMA, height).set(rowChroma);
  new Int32Array(buffer, COL_CELL, width).set(colCell);
  // a/500 and b/200 per chroma cell: what Lab→XYZ adds to and subtracts from f(Y).
  const shift = new Float32Array(buffer, SHIFT, chroma.ab.length);
  for (let i = 0; i < shift.length; i += 2) {
    shift[i] = (chroma.ab[i] ?? 0) / 500;
    shift[i + 1] = (chroma.ab[i + 1] ?? 0) / 200;
  }
  if (original.depth === 16) new Uint16Array(buffer, SRC, width * height).set(original.data);
  else new Uint8Array(buffer, SRC, width * height * channels).set(original.data);
  kernel.setLayout(0, LINEAR_AT, FY_GREY_AT, F_GRID_AT, SRGB_AT, ROW_CHROMA, COL_CELL, SHIFT, DA_ROW, DB_ROW);
  kernel.setLayout16(Y_FY_16_AT, SRGB_16_AT);
  const rows = depth === 16 ? kernel.greyRows16 : channels === 1 ? kernel.greyRows8 : kernel.rgbRows8;
  let done = false;
  return {
    rows(y0, y1) {
      if (done) throw new Error('this rebuild has finished');
      rows(SRC, OUT, width, Math.max(0, y0), Math.min(height, y1));
    },
    finish() {
      if (done) throw new Error('this rebuild has finished');
      done = true;
      const pixels = width * height * 3;
      const image: RebuiltImage =
        depth === 16
          ? { depth: 16, channels: 3, width, height, data: new Uint16Array(kernel.memory.buffer, OUT, pixels).slice() }
          : { depth: 8, channels: 3, width, height, data: new Uint8Array(kernel.memory.buffer, OUT, pixels).slice() };
      // One idle instance per thread is enough (rebuilds on a thread mostly come one at a time);
      // one grown past KEEP_BYTES by a huge scan is left to the GC rather than held for good.
      if (idle.length === 0 && kernel.memory.buffer.byteLength <= KEEP_BYTES) idle.push(kernel);
      return image;
    },
  };
}
