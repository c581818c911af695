// What the rebuild pool and its worker threads say to each other.
import type { Pixels, RebuiltImage } from './pixels';

export interface RebuildRequest {
  id: number;
  /** The decoded original (its lightness is kept) and the decoded small result (its chroma is taken). */
  original: Pixels;
  small: Pixels;
}

export type RebuildReply = { id: number; image: RebuiltImage } | { id: number; error: string };
