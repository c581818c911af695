// The image DDColor looks at, made here instead of on the backend. kijai's node resizes the photo
// to size×size with cv2.resize's default INTER_LINEAR (two taps per axis, pixel centres aligned,
// no anti-aliasing, aspect ratio not kept), takes that image's Lab L and feeds the model
// Lab→RGB(L, 0, 0): a grey image. That grey image is what is uploaded: the node derives the same
// L from it again (up to 8-bit rounding, < 0.2 of L), and it is one channel even for a sepia or
// colour original.
import { LINEAR_OF_16, KB, KG, KR, LUT_STEPS, SRGB8_OF_LINEAR } from './lab';
import type { Pixels, SmallImage } from './pixels';

/** Source index and the two weights (float32, as OpenCV's cbuf) of each destination column/row. */
interface Taps {
  index: Int32Array;
  w0: Float64Array;
  w1: Float64Array;
}

/** OpenCV resizeGeneric's coefficients for INTER_LINEAR (imgproc/src/resize.cpp). */
export function linearTaps(src: number, dst: number): Taps {
  const scale = 1 / (dst / src);
  const index = new Int32Array(dst);
  const w0 = new Float64Array(dst);
  const w1 = new Float64Array(dst);
  for (let d = 0; d < dst; d++) {
    const f = Math.fround((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    let fraction = Math.fround(f - s);
    if (s < 0) {
      s = 0;
      fraction = 0;
    }
    if (s >= src - 1) {
      s = src - 1;
      fraction = 0;
    }
    index[d] = s;
    w0[d] = Math.fround(1 - fraction);
    w1[d] = fraction;
  }
  return { index, w0, w1 };
}

/** Pure: DDColor's model input for this photo at size×size, 8-bit grey. */
export function prepareChromaInput(original: Pixels, size: number): SmallImage {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`model input size must be a positive whole number (got ${size})`);
  const { width, height, channels, data } = original;
  // Source codes → 0..1.
  const unit = 1 / (original.depth === 16 ? 65535 : 255);
  const xs = linearTaps(width, size);
  const ys = linearTaps(height, size);
  const out = new Uint8Array(size * size);
  const rowLength = width * channels;
  const sample = (row0: number, row1: number, c0: number, c1: number, a0: number, a1: number, b0: number, b1: number): number =>
    ((data[row0 + c0] ?? 0) * a0 + (data[row0 + c1] ?? 0) * a1) * b0 + ((data[row1 + c0] ?? 0) * a0 + (data[row1 + c1] ?? 0) * a1) * b1;
  for (let dy = 0, o = 0; dy < size; dy++) {
    const sy = ys.index[dy] ?? 0;
    const row0 = sy * rowLength;
    const row1 = Math.min(sy + 1, height - 1) * rowLength;
    const b0 = ys.w0[dy] ?? 1;
    const b1 = ys.w1[dy] ?? 0;
    for (let dx = 0; dx < size; dx++, o++) {
      const sx = xs.index[dx] ?? 0;
      const c0 = sx * channels;
      const c1 = Math.min(sx + 1, width - 1) * channels;
      const a0 = xs.w0[dx] ?? 1;
      const a1 = xs.w1[dx] ?? 0;
      if (channels === 1) {
        // Grey: Lab→RGB(L, 0, 0) gives back the grey value itself.
        out[o] = Math.round(sample(row0, row1, c0, c1, a0, a1, b0, b1) * unit * 255);
      } else {
        const r = linear(sample(row0, row1, c0, c1, a0, a1, b0, b1) * unit);
        const g = linear(sample(row0, row1, c0 + 1, c1 + 1, a0, a1, b0, b1) * unit);
        const b = linear(sample(row0, row1, c0 + 2, c1 + 2, a0, a1, b0, b1) * unit);
        const y = KR * r + KG * g + KB * b;
        out[o] = SRGB8_OF_LINEAR[(Math.min(Math.max(y, 0), 1) * LUT_STEPS + 0.5) | 0] ?? 0;
      }
    }
  }
  return { width: size, height: size, data: out };
}

/** sRGB 0..1 → linear, interpolated on the 16-bit table (error ~1e-10). */
function linear(c: number): number {
  const t = Math.min(Math.max(c, 0), 1) * 65535;
  const i = Math.min(t | 0, 65534);
  const lo = LINEAR_OF_16[i] ?? 0;
  return lo + ((LINEAR_OF_16[i + 1] ?? 0) - lo) * (t - i);
}
