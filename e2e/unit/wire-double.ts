// A stand-in browser host speaking the WIRE routes on a real socket (127.0.0.1, port 0), for the
// renderer client's tests: commands answer from a table, uploads can be held to observe how many
// run at once, and the test can push event frames or drop every WebSocket.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { WIRE } from '../../electron/shared/wire';

export interface Upload {
  name: string;
  /** The file's path inside a dropped folder, when it came from one. */
  relPath: string | undefined;
  bytes: Buffer;
  contentType: string | undefined;
}

export interface WireDouble {
  origin: string;
  /** Reply for POST /api/commands/<name>: status + raw body text. */
  commands: Map<string, { status: number; body: string }>;
  /** Bodies of every command request, by name. */
  commandArgs: Map<string, unknown[]>;
  uploads: Upload[];
  /** Answers an upload; the default imports nothing and rejects nothing. */
  answerUpload: (upload: Upload) => Promise<{ status: number; body: string }>;
  maxConcurrentUploads: number;
  /** Resolves when the n-th WebSocket (1-based) is open on the server side. */
  socketOpened(n: number): Promise<WebSocket>;
  sockets: WebSocket[];
  broadcast(frame: string): void;
  close(): Promise<void>;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export async function startWireDouble(): Promise<WireDouble> {
  const waiters = new Map<number, (socket: WebSocket) => void>();
  let inFlight = 0;
  const double: WireDouble = {
    origin: '',
    commands: new Map(),
    commandArgs: new Map(),
    uploads: [],
    answerUpload: async () => ({
      status: 200,
      body: JSON.stringify({ ok: true, result: { importId: 'upload', photos: [], rejected: [], skipped: [], duplicates: 0, unchanged: 0, canceled: false } }),
    }),
    maxConcurrentUploads: 0,
    socketOpened: (n) =>
      n <= double.sockets.length ? Promise.resolve(double.sockets[n - 1] as WebSocket) : new Promise((resolve) => waiters.set(n, resolve)),
    sockets: [],
    broadcast(frame) {
      for (const socket of double.sockets) if (socket.readyState === socket.OPEN) socket.send(frame);
    },
    close: async () => {
      for (const socket of double.sockets) socket.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readAll(req);
    const reply = ({ status, body: text }: { status: number; body: string }) => {
      res.writeHead(status, { 'content-type': text.startsWith('{') ? 'application/json' : 'text/plain' });
      res.end(text);
    };
    if (url.pathname.startsWith('/api/commands/')) {
      const name = decodeURIComponent(url.pathname.slice('/api/commands/'.length));
      double.commandArgs.set(name, [...(double.commandArgs.get(name) ?? []), JSON.parse(body.toString('utf8')) as unknown]);
      return reply(double.commands.get(name) ?? { status: 400, body: JSON.stringify({ ok: false, error: { code: 'unknown-command', message: name } }) });
    }
    if (url.pathname === WIRE.uploadPath) {
      const header = req.headers[WIRE.uploadNameHeader];
      const relPath = req.headers[WIRE.uploadRelPathHeader];
      const upload = {
        name: decodeURIComponent(typeof header === 'string' ? header : ''),
        relPath: typeof relPath === 'string' ? decodeURIComponent(relPath) : undefined,
        bytes: body,
        contentType: req.headers['content-type'],
      };
      double.uploads.push(upload);
      inFlight++;
      double.maxConcurrentUploads = Math.max(double.maxConcurrentUploads, inFlight);
      try {
        return reply(await double.answerUpload(upload));
      } finally {
        inFlight--;
      }
    }
    return reply({ status: 404, body: 'Not found' });
  };

  const server = createServer((req, res) => void handle(req, res));
  const sockets = new WebSocketServer({ server, path: WIRE.eventsPath });
  sockets.on('connection', (socket) => {
    double.sockets.push(socket);
    waiters.get(double.sockets.length)?.(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  double.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return double;
}
