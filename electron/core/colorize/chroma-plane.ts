// The small result ComfyUI returns → its chroma. The node's small result is Lab→RGB of (the
// upload's L, predicted a/b); taking it back to Lab recovers a/b up to 8-bit rounding (< 1 unit),
// except where the node clipped an out-of-gamut colour (then the clipped colour's a/b).
import { KB, KG, KR, LINEAR_OF_16, LINEAR_OF_8, XN, ZN, labFOnGrid } from './lab';
import type { ChromaPlane, Pixels } from './pixels';

/** Pure: a/b of every pixel of an RGB (or grey) image. */
export function chromaFromResult(result: Pixels): ChromaPlane {
  const { width, height, channels } = result;
  const pixels = width * height;
  const ab = new Float32Array(pixels * 2);
  if (channels === 1) return { width, height, ab }; // grey: a = b = 0
  const { data } = result;
  const table = result.depth === 16 ? LINEAR_OF_16 : LINEAR_OF_8;
  for (let i = 0, p = 0; i < pixels; i++, p += 3) {
    const r = table[data[p] ?? 0] ?? 0;
    const g = table[data[p + 1] ?? 0] ?? 0;
    const b = table[data[p + 2] ?? 0] ?? 0;
    const fx = labFOnGrid(XN[0] * r + XN[1] * g + XN[2] * b);
    const fy = labFOnGrid(KR * r + KG * g + KB * b);
    const fz = labFOnGrid(ZN[0] * r + ZN[1] * g + ZN[2] * b);
    ab[2 * i] = 500 * (fx - fy);
    ab[2 * i + 1] = 200 * (fy - fz);
  }
  return { width, height, ab };
}
