// Test and benchmark support: how close two renderings of a photo are.

/** Peak signal-to-noise ratio in dB of two equally long 8-bit buffers; Infinity when identical. */
export function psnr8(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`cannot compare ${a.length} with ${b.length} samples`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    sum += d * d;
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255 * a.length) / sum);
}

/** 16-bit RGB → 8-bit, rounded (to compare a 16-bit rebuild with an 8-bit one). */
export function to8(data: Uint16Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.round((data[i] ?? 0) / 257);
  return out;
}
