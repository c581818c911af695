// One ComfyUI backend: its HTTP routes, its one WebSocket, and prompt following on top.
// createComfyClient() does no I/O; the socket connects on first use (queuePrompt, waitForPrompt
// or an events subscription), so a client used only for health checks never opens one.
import type { ApiPrompt } from '../workflows';
import { createEndpoints, type QueuedPrompt, type SystemStats, type UploadedImage } from './endpoints';
import { createHttp, type FetchLike } from './http';
import type { ImageRef } from './images';
import type { PromptEvent } from './messages';
import type { NodeInfo } from './schemas';
import { createEventSocket, type ConnectionState } from './socket';
import { promptStatus, type PromptOutcome, type PromptStatus } from './status';
import { realTimers, type Timers } from './timers';
import { waitForPrompt, type WaitOptions } from './wait';

export interface ComfyClientOptions {
  /** http(s)://host:port, optionally with a path prefix behind a reverse proxy. */
  baseUrl: string;
  /** This client's WebSocket id and every prompt's client_id. One client per id. */
  clientId: string;
  /** Sent with every request and the WebSocket upgrade (e.g. a proxy's Authorization). Origin is dropped. */
  headers?: Record<string, string>;
  fetchImpl?: FetchLike;
  /** Cap for one downloaded image. Default 512 MiB (a 6 MP DDColor PNG is ~10 MB). */
  maxBodyBytes?: number;
  /** Cap for one JSON answer. Default 64 MiB (/object_info with many node packs is a few MB). */
  maxJsonBytes?: number;
  /** Bound for small JSON calls. Default 30 s. */
  timeoutMs?: number;
  /** Bound for an upload or a download. Default 5 min. */
  transferTimeoutMs?: number;
  timers?: Timers;
  random?: () => number;
  /** WebSocket reconnect backoff. Default 500 ms doubling to 15 s, jittered. */
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  /** WebSocket ping interval; a connection with no frame and no pong for that long is dropped. Default 30 s. */
  heartbeatMs?: number;
  /** Poll ticks of socket silence before waitForPrompt asks over HTTP although the socket is open. Default 5. */
  silentTicks?: number;
  /** Consecutive failed status checks before waitForPrompt gives up. Default 10. */
  maxPollFailures?: number;
}

export interface ComfyEvents {
  onPromptEvent(promptId: string, listener: (event: PromptEvent) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  state(): ConnectionState;
}

export interface ComfyClient {
  /** Exactly as given in the options. */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly events: ComfyEvents;
  systemStats(signal?: AbortSignal): Promise<SystemStats>;
  objectInfo(signal?: AbortSignal): Promise<Record<string, NodeInfo>>;
  /** `{}` from servers without /features. */
  features(signal?: AbortSignal): Promise<{ maxUploadBytes?: number }>;
  uploadImage(input: { bytes: Uint8Array; fileName: string; subfolder?: string; signal?: AbortSignal }): Promise<UploadedImage>;
  /** `promptId` must be a lowercase canonical UUID, persisted by the caller before this call. */
  queuePrompt(input: { prompt: ApiPrompt; promptId: string; signal?: AbortSignal }): Promise<QueuedPrompt>;
  waitForPrompt(promptId: string, options?: WaitOptions): Promise<PromptOutcome>;
  promptStatus(promptId: string, signal?: AbortSignal): Promise<PromptStatus>;
  view(ref: Pick<ImageRef, 'filename' | 'subfolder' | 'type'>, signal?: AbortSignal): Promise<Uint8Array>;
  interrupt(promptId: string, signal?: AbortSignal): Promise<void>;
  deleteQueued(promptIds: readonly string[], signal?: AbortSignal): Promise<void>;
  free(options: { freeMemory: boolean; unloadModels: boolean }, signal?: AbortSignal): Promise<void>;
  /** Closes the socket and stops timers; pending waitForPrompt calls reject (kind 'unreachable'). */
  close(): void;
}

export function createComfyClient(options: ComfyClientOptions): ComfyClient {
  if (options.clientId.trim() === '') throw new TypeError('clientId must not be empty');
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'origin'));
  const timers = options.timers ?? realTimers;
  const http = createHttp({
    baseUrl: options.baseUrl,
    headers,
    fetchImpl: options.fetchImpl ?? fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  const api = createEndpoints(http, {
    clientId: options.clientId,
    maxJsonBytes: options.maxJsonBytes ?? 64 * 1024 * 1024,
    maxImageBytes: options.maxBodyBytes ?? 512 * 1024 * 1024,
    transferTimeoutMs: options.transferTimeoutMs ?? 5 * 60_000,
  });

  const wsUrl = http.url('ws', { clientId: options.clientId });
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = createEventSocket({
    url: wsUrl,
    headers,
    timers,
    random: options.random ?? Math.random,
    reconnectBaseMs: options.reconnectBaseMs ?? 500,
    reconnectCapMs: options.reconnectCapMs ?? 15_000,
    heartbeatMs: options.heartbeatMs ?? 30_000,
    // SaveImageWebsocket can stream full-size PNGs; bigger frames close the socket (and we reconnect).
    maxPayloadBytes: 256 * 1024 * 1024,
  });
  const closing = new AbortController();
  const status = (promptId: string, signal?: AbortSignal) => promptStatus(api, promptId, signal);

  return {
    baseUrl: options.baseUrl,
    clientId: options.clientId,
    events: {
      onPromptEvent: (promptId, listener) => socket.onPromptEvent(promptId, listener),
      onConnection: (listener) => socket.onConnection(listener),
      state: () => socket.state(),
    },
    systemStats: api.systemStats,
    objectInfo: api.objectInfo,
    features: api.features,
    uploadImage: api.uploadImage,
    queuePrompt(input) {
      // Connect before the prompt can run: its events go only to a socket that is already there.
      socket.start();
      return api.queuePrompt(input);
    },
    waitForPrompt(promptId, waitOptions) {
      return waitForPrompt(
        {
          baseUrl: options.baseUrl,
          socket,
          status,
          timers,
          silentTicks: options.silentTicks ?? 5,
          maxPollFailures: options.maxPollFailures ?? 10,
          closed: closing.signal,
        },
        promptId,
        waitOptions,
      );
    },
    promptStatus: status,
    view: api.view,
    interrupt: api.interrupt,
    deleteQueued: api.deleteQueued,
    free: api.free,
    close() {
      closing.abort();
      socket.close();
    },
  };
}
