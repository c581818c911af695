// HeirloomClient over the browser host: commands as JSON POSTs, events over one WebSocket that
// reconnects with backoff, files uploaded one request each (a folder's files with their path
// inside it). Same-origin requests carry the token cookie the host set when the page was opened
// with `?token=`. Rejections carry codes; the UI words them in the user's language.
import { HeirloomError } from '../../electron/shared/client';
import type { ImportResult, MediaVariant } from '../../electron/shared/contract';
import { WIRE } from '../../electron/shared/wire';
import { reconnectDelayMs } from './backoff';
import { emptyImportResult, mergeImportResults, rejectedOnly, resultFromEnvelope } from './envelope';
import { createEventHub, parseEvent } from './event-hub';
import { filesToImport } from '../dnd/folder-depth';
import { isJunkFile, JUNK_CODE } from './junk';
import { mapLimit } from './map-limit';
import type { ConnectionEvent, FolderFile, UiClient } from './types';

// Method-style signature: parameters compare bivariantly, so the DOM's and `ws`'s handler
// types both fit (the same device React's typings use for event handlers).
type Handler<E> = { bivariance(event: E): void }['bivariance'];

/** The part of a WebSocket the client uses (the DOM's, or `ws` in Node tests). */
export interface SocketLike {
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  close(): void;
}

export interface BrowserClientDeps {
  fetch: typeof fetch;
  openSocket: (url: string) => SocketLike;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
  random: () => number;
}

/** A file whose upload failed (the host refused it or the transfer broke); the reason says why. */
export const UPLOAD_FAILED_CODE = 'upload-failed';

/** Uploads in flight at once: enough to keep a LAN link busy, few enough to leave sockets for events. */
export const UPLOAD_CONCURRENCY = 3;

export type PageLocation = Pick<Location, 'protocol' | 'host' | 'origin'>;

function defaultDeps(): BrowserClientDeps {
  return {
    fetch: (input, init) => fetch(input, init),
    openSocket: (url) => new WebSocket(url),
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    random: Math.random,
  };
}

export function eventsUrl(location: PageLocation): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WIRE.eventsPath}`;
}

async function readEnvelope(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const detail = text.trim().slice(0, 200) || response.statusText;
    throw new HeirloomError(`http_${response.status}`, `Heirloom answered ${response.status}: ${detail}`);
  }
}

function unreachable(error: unknown): HeirloomError {
  const detail = error instanceof Error ? error.message : String(error);
  return new HeirloomError('host_unreachable', `Heirloom is not reachable: ${detail}`);
}

export function createBrowserClient(location: PageLocation, deps: BrowserClientDeps = defaultDeps()): UiClient {
  const hub = createEventHub();
  const connectionListeners = new Set<(event: ConnectionEvent) => void>();
  let status: ConnectionEvent = { kind: 'connecting' };
  let socket: SocketLike | undefined;
  let retryTimer: unknown;
  let failedAttempts = 0;
  let closed = false;

  const setStatus = (next: ConnectionEvent): void => {
    status = next;
    for (const listener of [...connectionListeners]) listener(next);
  };

  const connect = (): void => {
    const current = deps.openSocket(eventsUrl(location));
    socket = current;
    current.onopen = () => {
      failedAttempts = 0;
      setStatus({ kind: 'connected' });
    };
    current.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let raw: unknown;
      try {
        raw = JSON.parse(message.data);
      } catch {
        console.warn('event frame is not JSON; dropped');
        return;
      }
      const parsed = parseEvent(raw);
      if (parsed.ok) hub.emit(parsed.event);
      else console.warn(`event dropped: ${parsed.message}`);
    };
    // A failed handshake fires error then close; only close drives the reconnect.
    current.onerror = () => undefined;
    current.onclose = () => {
      if (closed || socket !== current) return;
      const retryInMs = reconnectDelayMs(failedAttempts++, deps.random);
      setStatus({ kind: 'disconnected', retryInMs });
      retryTimer = deps.setTimer(connect, retryInMs);
    };
  };
  connect();

  const post = async (path: string, init: RequestInit): Promise<unknown> => {
    let response: Response;
    try {
      response = await deps.fetch(new URL(path, location.origin), { method: 'POST', credentials: 'same-origin', ...init });
    } catch (error) {
      throw unreachable(error);
    }
    return readEnvelope(response);
  };

  const uploadOne = async ({ file, relPath }: FolderFile): Promise<ImportResult> => {
    const shownName = relPath || file.name;
    if (isJunkFile(file.name)) return emptyImportResult({ skipped: [{ name: shownName, code: JUNK_CODE, reason: 'System file, not a photo.' }] });
    try {
      const headers: Record<string, string> = { [WIRE.uploadNameHeader]: encodeURIComponent(file.name), 'content-type': 'application/octet-stream' };
      if (relPath !== '' && relPath !== file.name) headers[WIRE.uploadRelPathHeader] = encodeURIComponent(relPath);
      const raw = await post(WIRE.uploadPath, { headers, body: file });
      // The upload route answers with the same ImportResult as 'photos.importPaths'.
      return resultFromEnvelope('photos.importPaths', raw);
    } catch (error) {
      // One failed upload is listed with its reason; the other files still go in.
      const unreachableHost = error instanceof HeirloomError && error.code === 'host_unreachable';
      const message = error instanceof Error ? error.message : String(error);
      return rejectedOnly({ name: shownName, code: unreachableHost ? 'host_unreachable' : UPLOAD_FAILED_CODE, reason: message });
    }
  };
  const uploadAll = async (files: readonly FolderFile[]) => mergeImportResults(await mapLimit(files, UPLOAD_CONCURRENCY, uploadOne));

  return {
    async call(name, args) {
      const raw = await post(WIRE.commandPath(name), {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      return resultFromEnvelope(name, raw);
    },
    on: (name, listener) => hub.on(name, listener),
    importFiles: (files) => uploadAll(files.map((file) => ({ file, relPath: '' }))),
    async importFolders(folders, options = {}) {
      const parts: ImportResult[] = [];
      for (const folder of folders) {
        // The picker hands over the whole tree: a non-recursive import uploads the top level only.
        const { files, unreadable, skipped } = filesToImport(await folder.files(), options.recursive ?? true);
        parts.push(emptyImportResult({ rejected: unreadable, skipped }), await uploadAll(files));
      }
      return mergeImportResults(parts);
    },
    capabilities: { revealInFolder: false },
    mediaUrl(photoId: string, variant: MediaVariant, version?: number) {
      return `${WIRE.mediaPath(photoId, variant)}${version === undefined ? '' : `?v=${version}`}`;
    },
    resultUrl: (photoId: string, jobId: string) => WIRE.resultPath(photoId, jobId),
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(status);
      return () => {
        connectionListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      deps.clearTimer(retryTimer);
      socket?.close();
      connectionListeners.clear();
      hub.clear();
    },
  };
}
