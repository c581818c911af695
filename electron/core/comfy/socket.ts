// The one WebSocket a client keeps to ComfyUI (`/ws?clientId=`): connects on first use,
// reconnects with capped jittered backoff, detects dead connections with ping/pong, and routes
// prompt events to listeners by prompt_id. ComfyUI sends a prompt's events only to the socket
// whose clientId was the prompt's client_id, and a second socket with the same id silently
// steals them, so there is exactly one per client.
import WebSocket from 'ws';
import { parseBinaryFrame, parseTextFrame, type PromptEvent } from './messages';
import type { Timers } from './timers';

export type ConnectionState = 'open' | 'closed';

export interface EventSocketOptions {
  url: URL;
  /** Sent on the upgrade request. Never an Origin: ComfyUI 403s a loopback Host with a foreign Origin. */
  headers: Readonly<Record<string, string>>;
  timers: Timers;
  random: () => number;
  /** Backoff: min(capMs, baseMs·2^attempt) scaled by a random 0.5–1 factor. */
  reconnectBaseMs: number;
  reconnectCapMs: number;
  /** A ping every heartbeatMs; no frame or pong by the next one → the connection is dead. */
  heartbeatMs: number;
  maxPayloadBytes: number;
}

export interface EventSocket {
  /** Connects if not yet connected; later calls do nothing. */
  start(): void;
  state(): ConnectionState;
  /**
   * Events for one prompt. Recent events of that prompt received before subscribing (a fast
   * prompt can finish before its caller subscribes) are replayed synchronously first.
   */
  onPromptEvent(promptId: string, listener: (event: PromptEvent) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Grows with every frame received: a waiter compares two readings to tell a silent socket. */
  frames(): number;
  close(): void;
}

/** Prompt events kept for late subscribers; a DDColor prompt produces about 15. */
const REPLAY_LIMIT = 512;

export function createEventSocket(options: EventSocketOptions): EventSocket {
  const { timers } = options;
  const promptListeners = new Map<string, Set<(event: PromptEvent) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const recent: Array<{ promptId: string; event: PromptEvent }> = [];
  let socket: WebSocket | undefined;
  let current: ConnectionState = 'closed';
  let started = false;
  let closed = false;
  let attempt = 0;
  let frameCount = 0;
  let reconnectTimer: unknown;
  let heartbeatTimer: unknown;
  let alive = false;

  function setState(next: ConnectionState): void {
    if (next === current) return;
    current = next;
    for (const listener of [...connectionListeners]) safely(() => listener(next));
  }

  function connect(): void {
    if (closed) return;
    const ws = new WebSocket(options.url, {
      headers: { ...options.headers },
      maxPayload: options.maxPayloadBytes,
      handshakeTimeout: Math.max(1_000, options.heartbeatMs),
      perMessageDeflate: false,
    });
    socket = ws;
    ws.on('open', () => {
      if (socket !== ws) return;
      attempt = 0;
      alive = true;
      setState('open');
      scheduleHeartbeat(ws);
    });
    ws.on('message', (data, isBinary) => {
      if (socket !== ws) return;
      frameCount++;
      alive = true;
      const message = isBinary ? parseBinaryFrame(toBytes(data)) : parseTextFrame(toBytes(data).toString());
      if (message.kind !== 'prompt') return;
      const { promptId, event } = message;
      if (event.type !== 'preview') {
        recent.push({ promptId, event });
        if (recent.length > REPLAY_LIMIT) recent.splice(0, recent.length - REPLAY_LIMIT);
      }
      const listeners = promptListeners.get(promptId);
      if (listeners) for (const listener of [...listeners]) safely(() => listener(event));
    });
    ws.on('pong', () => {
      alive = true;
    });
    // 'close' always follows 'error' in ws; reconnecting happens there.
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      timers.clearTimeout(heartbeatTimer);
      setState('closed');
      scheduleReconnect();
    });
  }

  function scheduleReconnect(): void {
    if (closed) return;
    const delay = Math.min(options.reconnectCapMs, options.reconnectBaseMs * 2 ** attempt) * (0.5 + 0.5 * options.random());
    attempt = Math.min(attempt + 1, 30);
    reconnectTimer = timers.setTimeout(connect, delay);
  }

  function scheduleHeartbeat(ws: WebSocket): void {
    heartbeatTimer = timers.setTimeout(() => {
      if (socket !== ws) return;
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      try {
        ws.ping();
      } catch {
        ws.terminate();
        return;
      }
      scheduleHeartbeat(ws);
    }, options.heartbeatMs);
  }

  function start(): void {
    if (started || closed) return;
    started = true;
    connect();
  }

  return {
    start,
    state: () => current,
    frames: () => frameCount,
    onPromptEvent(promptId, listener) {
      start();
      let set = promptListeners.get(promptId);
      if (!set) promptListeners.set(promptId, (set = new Set()));
      set.add(listener);
      for (const entry of recent.filter((e) => e.promptId === promptId)) safely(() => listener(entry.event));
      return () => {
        const listeners = promptListeners.get(promptId);
        listeners?.delete(listener);
        if (listeners?.size === 0) promptListeners.delete(promptId);
      };
    },
    onConnection(listener) {
      start();
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      timers.clearTimeout(reconnectTimer);
      timers.clearTimeout(heartbeatTimer);
      const ws = socket;
      socket = undefined;
      ws?.terminate();
      setState('closed');
      promptListeners.clear();
      connectionListeners.clear();
      recent.length = 0;
    },
  };
}

function toBytes(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A throwing listener must not take the socket (and every other prompt's events) down. */
function safely(call: () => void): void {
  try {
    call();
  } catch (err) {
    console.error('comfy: event listener threw', err);
  }
}
