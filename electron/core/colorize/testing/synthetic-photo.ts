// Test and benchmark support: deterministic stand-ins for old family photos. A bright sky, a
// mid-grey face and a dark ground (the regions the emulator's DDColor colours differently), soft
// edges, vignetting and film grain, so that PNG/JPEG sizes and DDColor's input look like a scan's,
// not like a flat test card. Grey, sepia-toned (RGB) or 16-bit grey.
import sharp from 'sharp';
import type { Pixels } from '../pixels';

export type PhotoKind = 'grey' | 'sepia' | 'grey16';

export interface PhotoSpec {
  kind: PhotoKind;
  width: number;
  height: number;
  seed: number;
  /** Film grain, standard deviation in 8-bit levels. Default 4. */
  grain?: number;
}

/** Pure: the photo's pixels. */
export function syntheticPhoto(spec: PhotoSpec): Pixels {
  const { width, height, kind } = spec;
  const grain = spec.grain ?? 4;
  let state = (spec.seed * 2654435761) >>> 0 || 1;
  // xorshift32; the sum of four uniforms is a cheap near-Gaussian with σ = 1 after scaling.
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const gauss = () => (uniform() + uniform() + uniform() + uniform() - 2) * 1.7320508;
  const faceX = width * (0.35 + 0.3 * uniform());
  const faceY = height * (0.45 + 0.1 * uniform());
  const faceR = Math.min(width, height) * (0.18 + 0.08 * uniform());
  const horizon = height * (0.3 + 0.1 * uniform());
  const phase = uniform() * 6.283;
  const grey = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const v = y / height;
    const sky = 225 - 40 * v;
    const ground = 70 - 30 * (v - 0.65);
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const skyWeight = 1 / (1 + Math.exp((y - horizon) / (height * 0.02)));
      const groundWeight = 1 / (1 + Math.exp((height * 0.72 - y) / (height * 0.03)));
      let value = sky * skyWeight + ground * groundWeight + (150 + 20 * Math.sin(u * 9 + phase)) * (1 - skyWeight) * (1 - groundWeight);
      const d = Math.hypot(x - faceX, (y - faceY) * 0.8) / faceR;
      value += (165 - value) * (1 / (1 + Math.exp((d - 1) * 12)));
      value *= 1 - 0.35 * ((u - 0.5) ** 2 + (v - 0.5) ** 2);
      grey[y * width + x] = value;
    }
  }
  const pixels = width * height;
  if (kind === 'grey16') {
    const data = new Uint16Array(pixels);
    for (let i = 0; i < pixels; i++) data[i] = clamp(Math.round((grey[i]! + gauss() * grain) * 257), 65535);
    return { depth: 16, channels: 1, width, height, data };
  }
  if (kind === 'grey') {
    const data = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) data[i] = clamp(Math.round(grey[i]! + gauss() * grain), 255);
    return { depth: 8, channels: 1, width, height, data };
  }
  const data = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const g = grey[i]! + gauss() * grain;
    data[3 * i] = clamp(Math.round(g * 1.07 + 6), 255);
    data[3 * i + 1] = clamp(Math.round(g * 0.98 + 2), 255);
    data[3 * i + 2] = clamp(Math.round(g * 0.82), 255);
  }
  return { depth: 8, channels: 3, width, height, data };
}

/** The photo as a file: JPEG (quality 92) for 8-bit photos, 16-bit grey PNG for 16-bit scans. */
export async function encodePhoto(photo: Pixels): Promise<Uint8Array> {
  const { width, height, channels, data } = photo;
  const raw = sharp(data, { raw: { width, height, channels } });
  if (photo.depth === 16) return raw.toColourspace('grey16').png({ compressionLevel: 6 }).toBuffer();
  return raw.toColourspace(channels === 1 ? 'b-w' : 'srgb').jpeg({ quality: 92 }).toBuffer();
}

function clamp(value: number, max: number): number {
  return value < 0 ? 0 : value > max ? max : value;
}
