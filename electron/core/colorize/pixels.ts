// The pixel buffers chroma mode works on. Interleaved, row-major, no padding.

/**
 * A photo as DDColor's node would see it: upright (EXIF orientation applied), alpha dropped, ICC
 * profile ignored (ComfyUI's LoadImage uses PIL, which does not colour-manage). Grey photos stay
 * one channel; 16-bit scans stay 16-bit.
 */
export type Pixels =
  | { depth: 8; channels: 1 | 3; width: number; height: number; data: Uint8Array }
  | { depth: 16; channels: 1 | 3; width: number; height: number; data: Uint16Array };

/** What is uploaded: DDColor's model input, the photo's lightness at size×size as 8-bit grey. */
export interface SmallImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Lab a and b of every pixel of the small result, interleaved (a0, b0, a1, b1, …). */
export interface ChromaPlane {
  width: number;
  height: number;
  ab: Float32Array;
}

/** The full-resolution colourised photo: RGB at the original's bit depth. */
export type RebuiltImage =
  | { depth: 8; channels: 3; width: number; height: number; data: Uint8Array }
  | { depth: 16; channels: 3; width: number; height: number; data: Uint16Array };
