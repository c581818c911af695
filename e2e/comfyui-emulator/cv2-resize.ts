// ComfyUI emulator (test infrastructure): cv2.resize(img, (width, height)) with OpenCV's default
// INTER_LINEAR (imgproc/src/resize.cpp, resizeGeneric): two taps per axis at pixel centres
// ((d + 0.5)·scale − 0.5, clamped at the edges), float32 weights, no anti-aliasing when shrinking.
// This is what kijai's DDColor node does to the photo before predicting, so the emulator's model
// input has the real node's aliasing and grain, not a smoothed copy.
import type { RgbImage } from './node-types';

interface Taps {
  readonly index: Int32Array;
  readonly w0: Float64Array;
  readonly w1: Float64Array;
}

function linearTaps(src: number, dst: number): Taps {
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

/** Bilinear resize of an 8-bit RGB image; values rounded back to 8 bits (the emulator's IMAGE). */
export function cv2ResizeLinear(image: RgbImage, width: number, height: number): RgbImage {
  const xs = linearTaps(image.width, width);
  const ys = linearTaps(image.height, height);
  const src = image.data;
  const rowLength = image.width * 3;
  const out = new Uint8Array(width * height * 3);
  for (let dy = 0; dy < height; dy++) {
    const sy = ys.index[dy] ?? 0;
    const row0 = sy * rowLength;
    const row1 = Math.min(sy + 1, image.height - 1) * rowLength;
    const b0 = ys.w0[dy] ?? 1;
    const b1 = ys.w1[dy] ?? 0;
    let o = dy * width * 3;
    for (let dx = 0; dx < width; dx++) {
      const sx = xs.index[dx] ?? 0;
      const c0 = sx * 3;
      const c1 = Math.min(sx + 1, image.width - 1) * 3;
      const a0 = xs.w0[dx] ?? 1;
      const a1 = xs.w1[dx] ?? 0;
      for (let c = 0; c < 3; c++, o++) {
        const top = (src[row0 + c0 + c] ?? 0) * a0 + (src[row0 + c1 + c] ?? 0) * a1;
        const bottom = (src[row1 + c0 + c] ?? 0) * a0 + (src[row1 + c1 + c] ?? 0) * a1;
        out[o] = Math.round(top * b0 + bottom * b1);
      }
    }
  }
  return { kind: 'IMAGE', width, height, data: out };
}
