// The core as the transports see it: the contract's command handlers, one event stream, and
// the two things a transport needs beyond commands (uploaded files, media by id).
import type { AnyEvent, CommandHandlers, ImportResult, MediaVariant } from '../../shared/contract';

export interface HeirloomCore {
  readonly handlers: CommandHandlers;
  /** Every event the UI needs, emitted on state changes. Returns its unsubscribe function. */
  subscribe(listener: (event: AnyEvent) => void): () => void;
  /**
   * Absolute path of a file the database knows for this photo, or undefined (never a raw path
   * from outside). `result` is the accepted result, else the newest; with `jobId`, that result
   * of the photo (a variant), only if it belongs to the photo and finished.
   */
  mediaPath(photoId: string, variant: MediaVariant, jobId?: string): string | undefined;
  /**
   * A file uploaded by the browser host: stored under the data dir, then imported like a dropped
   * file; `folderPath` (untrusted, 'Grandma/1962/a.jpg') puts it into the album of its dropped
   * folder. An unsafe folder path is refused with an error whose code is 'invalid-upload-path'.
   */
  importUpload(input: { name: string; bytes: Uint8Array; folderPath?: string | undefined }): Promise<ImportResult>;
  /** Start-up recovery, then dispatch. */
  start(): Promise<void>;
  close(): Promise<void>;
}
