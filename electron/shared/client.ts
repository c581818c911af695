// What the renderer talks to. Built from the contract; two implementations (Electron preload,
// browser host over HTTP + WebSocket) and the UI cannot tell them apart.
import type {
  AnyEvent,
  CommandArgs,
  CommandEnvelope,
  CommandName,
  CommandResult,
  EventName,
  EventPayload,
  ImportResult,
  MediaVariant,
} from './contract';

export interface HeirloomClient {
  call<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  /** Returns its unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Files the user dropped or picked: resolved to paths in Electron, uploaded in a browser. */
  importFiles(files: readonly File[]): Promise<ImportResult>;
  /** URL of an image by photo id; `version` busts caches when a result is replaced. */
  mediaUrl(photoId: string, variant: MediaVariant, version?: number): string;
  /** URL of one result of a photo (a variant), by its job id. */
  resultUrl(photoId: string, jobId: string): string;
}

/** The object the Electron preload exposes as `window.heirloom` (contextBridge). */
export interface PreloadApi {
  invoke(name: CommandName, args: unknown): Promise<CommandEnvelope>;
  subscribe(listener: (event: AnyEvent) => void): () => void;
  pathsForFiles(files: readonly File[]): string[];
}

export class HeirloomError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HeirloomError';
  }
}
