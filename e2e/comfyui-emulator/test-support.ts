// ComfyUI emulator (test infrastructure): helpers for the emulator's own tests — a WebSocket
// client that records every frame and lets a test await a message (no polling, bounded time),
// PNG fixtures and small HTTP shortcuts.
import type { TestContext } from 'node:test';
import sharp from 'sharp';
import WebSocket from 'ws';
import type { ComfyEmulator, EmulatorOptions } from './index';
import { startComfyEmulator } from './index';

export type WsMessage = { readonly type: string; readonly data: Record<string, unknown> };
export type Frame = { readonly kind: 'json'; readonly message: WsMessage } | { readonly kind: 'binary'; readonly data: Buffer };

const WAIT_MS = 10_000;

export async function startTestEmulator(t: TestContext, options: EmulatorOptions = {}): Promise<ComfyEmulator> {
  const emulator = await startComfyEmulator(options);
  t.after(() => emulator.kill());
  return emulator;
}

export interface WsClient {
  readonly frames: Frame[];
  readonly socket: WebSocket;
  /** JSON messages received so far. */
  messages(): WsMessage[];
  /** Resolves with the first frame (already received or future) matching, from index `from`. */
  waitFor(match: (frame: Frame) => boolean, from?: number): Promise<Frame>;
  waitForMessage(type: string, match?: (data: Record<string, unknown>) => boolean): Promise<WsMessage>;
  /** Messages of one prompt up to and including executing{node: null, prompt_id}. */
  untilDone(promptId: string): Promise<WsMessage[]>;
  close(): Promise<void>;
}

export async function connectWs(emulator: ComfyEmulator, clientId: string | null, headers: Record<string, string> = {}): Promise<WsClient> {
  const query = clientId === null ? '' : `?clientId=${encodeURIComponent(clientId)}`;
  const socket = new WebSocket(`${emulator.url.replace('http', 'ws')}/ws${query}`, { headers });
  const frames: Frame[] = [];
  const listeners = new Set<() => void>();
  socket.on('message', (data, isBinary) => {
    const buffer = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
    frames.push(isBinary ? { kind: 'binary', data: buffer } : { kind: 'json', message: JSON.parse(buffer.toString('utf8')) as WsMessage });
    for (const l of [...listeners]) l();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waitFor = (match: (frame: Frame) => boolean, from = 0): Promise<Frame> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = frames.slice(from).find(match);
        if (found === undefined) return false;
        listeners.delete(listener);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const listener = (): void => {
        check();
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`no matching WebSocket frame within ${WAIT_MS} ms; got ${JSON.stringify(frames.map((f) => (f.kind === 'json' ? f.message.type : 'binary')))}`));
      }, WAIT_MS);
      listeners.add(listener);
      check();
    });
  const messages = (): WsMessage[] => frames.flatMap((f) => (f.kind === 'json' ? [f.message] : []));
  return {
    frames,
    socket,
    messages,
    waitFor,
    async waitForMessage(type, match = () => true) {
      const frame = await waitFor((f) => f.kind === 'json' && f.message.type === type && match(f.message.data));
      if (frame.kind !== 'json') throw new Error('unreachable');
      return frame.message;
    },
    async untilDone(promptId) {
      await waitFor((f) => f.kind === 'json' && f.message.type === 'executing' && f.message.data['node'] === null && f.message.data['prompt_id'] === promptId);
      return messages();
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) resolve();
        else {
          socket.once('close', () => resolve());
          socket.close();
        }
      }),
  };
}

/** A smooth grey gradient with some structure (so scaling/colourising has something to do). */
export async function greyPng(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = Math.round(40 + (170 * (x + y)) / (width + height));
      data.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

export async function upload(emulator: ComfyEmulator, filename: string, bytes: Buffer, fields: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.append('image', new Blob([bytes], { type: 'image/png' }), filename);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return fetch(`${emulator.url}/upload/image`, { method: 'POST', body: form });
}

export async function postJson(emulator: ComfyEmulator, path: string, body: unknown): Promise<Response> {
  return fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

export async function getJson(emulator: ComfyEmulator, path: string): Promise<unknown> {
  const res = await fetch(`${emulator.url}${path}`);
  return res.json();
}

/** The types of the messages, for comparing sequences with RECORDED listings. */
export function types(messages: readonly WsMessage[]): string[] {
  return messages.map((m) => m.type);
}
