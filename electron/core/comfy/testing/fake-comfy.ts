// Test support: a tiny ComfyUI stand-in on 127.0.0.1 (port 0) that answers exactly what a test
// scripts, records every request, and can push WebSocket frames; and timers fired by hand.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Timers } from '../timers';

export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
export interface Reply {
  status?: number;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
}
export type Route = (req: Seen) => Reply | Promise<Reply>;

export async function fakeComfy(route: Route, options: { ws?: boolean } = {}) {
  const seen: Seen[] = [];
  const waiters: Array<{ match: string; resolve: (s: Seen) => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const s: Seen = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(s);
      void Promise.resolve(route(s)).then((reply) => {
        const headers: Record<string, string> = { ...reply.headers };
        let body: string | Buffer = reply.body ?? '';
        if (reply.json !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(reply.json);
        }
        res.writeHead(reply.status ?? 200, headers).end(body);
        const key = `${s.method} ${s.path}`;
        for (const w of waiters.filter((w) => key.startsWith(w.match))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(s);
        }
      });
    });
  });
  const sockets = new Set<WebSocket>();
  /** The upgrade request of every WebSocket connection, in order. */
  const upgrades: Array<{ clientId: string | null; headers: IncomingHttpHeaders }> = [];
  const connections: Array<(ws: WebSocket) => void> = [];
  let wss: WebSocketServer | undefined;
  if (options.ws) {
    wss = new WebSocketServer({ server, path: '/ws' });
    wss.on('connection', (ws, req) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      const sid = new URL(req.url ?? '', 'http://x').searchParams.get('clientId');
      upgrades.push({ clientId: sid, headers: req.headers });
      ws.send(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: 0 } }, sid } }));
      connections.splice(0).forEach((resolve) => resolve(ws));
    });
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    sockets,
    upgrades,
    /** Resolves with the next request whose "METHOD /path" starts with `match`. */
    next: (match: string) => new Promise<Seen>((resolve) => waiters.push({ match, resolve })),
    nextConnection: () => new Promise<WebSocket>((resolve) => connections.push(resolve)),
    broadcast(message: unknown) {
      for (const ws of sockets) ws.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss?.close();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
export type Fake = Awaited<ReturnType<typeof fakeComfy>>;

/** Timers fired by hand: `fire()` runs everything scheduled so far (not what those schedule). */
export function manualTimers(): Timers & { fire(): void; pending(): number } {
  let next = 0;
  const scheduled = new Map<number, () => void>();
  return {
    setTimeout(callback) {
      scheduled.set(++next, callback);
      return next;
    },
    clearTimeout(handle) {
      scheduled.delete(handle as number);
    },
    fire() {
      const due = [...scheduled.entries()];
      scheduled.clear();
      for (const [, callback] of due) callback();
    },
    pending: () => scheduled.size,
  };
}

