// ComfyUI emulator (test infrastructure): a stand-in for the DDColor network with the real node's
// data flow (kijai/ComfyUI-DDColor nodes.py, PROTOCOL §5.2a), so results look like a colourised
// photo and depend on model_input_size and checkpoint the way the real node's do:
//   full-res L kept → image resized to size×size (aspect ignored) → "predicted" a/b at that size
//   from the small image's L only → a/b upsampled with nearest neighbour → merged with full-res L.
// The prediction is a deterministic hand-made palette, not a model: warm skin/sepia tones at mid
// lightness, blue for bright areas near the top, green for dark areas near the bottom.
import { lightnessPlane, mergeLightnessWithChroma } from './lab';
import { resizeSquare } from './image-ops';
import type { RgbImage } from './node-types';

export const DDCOLOR_CHECKPOINTS = ['ddcolor_paper_tiny.pth', 'ddcolor_paper.pth', 'ddcolor_modelscope.pth', 'ddcolor_artistic.pth'] as const;
export type DdcolorCheckpoint = (typeof DDCOLOR_CHECKPOINTS)[number];

interface Palette {
  /** chroma multiplier: the artistic model is the most colourful, tiny the least */
  readonly saturation: number;
  /** added to a* on skin tones (artistic renders warmer, more magenta skin) */
  readonly warmth: number;
}

const PALETTES: Readonly<Record<DdcolorCheckpoint, Palette>> = {
  'ddcolor_paper_tiny.pth': { saturation: 0.85, warmth: 0 },
  'ddcolor_paper.pth': { saturation: 1, warmth: 0 },
  'ddcolor_modelscope.pth': { saturation: 1.1, warmth: 1 },
  'ddcolor_artistic.pth': { saturation: 1.35, warmth: 4 },
};

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/** Interleaved a,b for every pixel of a size×size image, from its lightness and position only. */
export function predictChroma(small: RgbImage, checkpoint: DdcolorCheckpoint): Float32Array {
  const { width, height } = small;
  const palette = PALETTES[checkpoint];
  const lightness = lightnessPlane(small.data, width * height);
  const chroma = new Float32Array(width * height * 2);
  for (let y = 0; y < height; y++) {
    const v = height > 1 ? y / (height - 1) : 0.5;
    const top = 1 - smoothstep(0.25, 0.55, v);
    const bottom = smoothstep(0.5, 0.85, v);
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const l = lightness[i] ?? 0;
      const sky = smoothstep(55, 80, l) * top;
      const foliage = (1 - smoothstep(25, 45, l)) * bottom;
      const skinBell = (l - 62) / 18;
      const skin = Math.exp(-skinBell * skinBell) * (1 - sky) * (1 - foliage);
      // Chroma fades out towards pure black and white, as in real colourisations.
      const fade = Math.min(1, (l * (100 - l)) / 900) * palette.saturation;
      chroma[2 * i] = (3 + (16 + palette.warmth) * skin - 6 * sky - 22 * foliage) * fade;
      chroma[2 * i + 1] = (6 + 22 * skin - 30 * sky + 18 * foliage) * fade;
    }
  }
  return chroma;
}

/** DDColor_Colorize.process for one frame. Output has the input's size. */
export async function ddcolorColorize(image: RgbImage, modelInputSize: number, checkpoint: DdcolorCheckpoint): Promise<RgbImage> {
  const small = resizeSquare(image, modelInputSize);
  const chroma = predictChroma(small, checkpoint);
  const data = mergeLightnessWithChroma(image.data, image.width, image.height, chroma, small.width, small.height);
  return { kind: 'IMAGE', width: image.width, height: image.height, data };
}
