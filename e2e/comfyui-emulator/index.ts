// ComfyUI emulator — TEST INFRASTRUCTURE, not product code. A protocol-faithful stand-in for a
// ComfyUI 0.3.64 server (answers as /work/shared/comfyui/RECORDED.md shows; protocol '0.33' adds
// the newer rules) with real image nodes and a DDColor_Colorize look-alike, plus counters and
// fault injection for Heirloom's tests, e2e runs and benchmarks. Binds 127.0.0.1 only.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { createGate, createInterruptSwitch, createMutex } from './control';
import type { ExecState } from './executor';
import { createHistory } from './history';
import { BodyTooLarge, internalError, originAllowed, readBody, tooLargeReply, writeReply } from './http';
import type { Reply } from './http';
import { createNodeCaches } from './node-cache';
import { createNodeRegistry } from './node-registry';
import type { DataDirs } from './node-types';
import { createPromptQueue } from './prompt-queue';
import type { Json, JsonObject } from './py';
import { pyAbspath } from './pypath';
import { matchRoute } from './routes';
import type { Protocol, RouteDeps, RouteRequest } from './routes';
import { runWorker } from './worker';
import { createWsHub } from './ws-hub';

export interface EmulatorOptions {
  port?: number;
  omitNodes?: string[];
  serviceTimeMs?: number;
  protocol?: '0.3.64' | '0.33';
  maxUploadBytes?: number;
  dataDir?: string;
  log?: (line: string) => void;
}

export interface ComfyEmulator {
  readonly url: string;
  readonly port: number;
  /** Root of input/, output/ and temp/ (a fresh temp dir unless options.dataDir was given). */
  readonly dataDir: string;
  readonly stats: {
    executions(): number;
    executionsByImage(): Map<string, number>;
    prompts(): number;
    uploads(): number;
  };
  readonly faults: {
    failUploads(n: number): void;
    dropWebSockets(): void;
    clearHistory(): void;
    setViewOverride(body: Buffer | null, contentType?: string): void;
    setOutputNameOverride(name: string | null): void;
    pause(): void;
    resume(): void;
    /** The next `n` requests to `path` (e.g. '/prompt', '/view'; /api/… too) answer a bare 500. */
    failRequests(path: string, n: number): void;
    /** Every upload answers `ms` later (a slow link to a remote GPU). 0 turns it off. */
    slowUploads(ms: number): void;
    /** The next `n` finished prompts never reach history (as if it were cleared right after). */
    loseHistory(n: number): void;
  };
  kill(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
// Multipart framing around a file part that is itself within the limit.
const MULTIPART_SLACK_BYTES = 1024 * 1024;

async function prepareDirs(root: string): Promise<DataDirs> {
  const dirs: DataDirs = { input: pyAbspath(join(root, 'input')), output: pyAbspath(join(root, 'output')), temp: pyAbspath(join(root, 'temp')) };
  // ComfyUI empties temp/ at start-up (main.py cleanup_temp).
  await rm(dirs.temp, { recursive: true, force: true });
  await Promise.all([mkdir(dirs.input, { recursive: true }), mkdir(dirs.output, { recursive: true }), mkdir(dirs.temp, { recursive: true })]);
  return dirs;
}

export async function startComfyEmulator(options: EmulatorOptions = {}): Promise<ComfyEmulator> {
  const protocol: Protocol = options.protocol ?? '0.3.64';
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const log = options.log ?? (() => undefined);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'comfyui-emulator-')));
  const dirs = await prepareDirs(dataDir);

  const lifetime = new AbortController();
  const exec: ExecState = { clientId: null, lastNodeId: null };
  const registry = createNodeRegistry(options.omitNodes ?? []);
  const history = createHistory();
  const lossy = { lose: 0 };
  // What the worker writes to: the loseHistory() fault drops entries here; routes read `history`.
  const workerHistory = {
    ...history,
    record(promptId: string, entry: JsonObject): void {
      if (lossy.lose > 0) lossy.lose--;
      else history.record(promptId, entry);
    },
  };
  const interrupt = createInterruptSwitch();
  const gate = createGate();
  const caches = createNodeCaches();
  const serverFeatures = (): JsonObject => ({ supports_preview_metadata: true, max_upload_size: maxUploadBytes });
  let queueInfo = (): JsonObject => ({ exec_info: { queue_remaining: 0 } });
  const hub = createWsHub({ exec, queueInfo: () => queueInfo(), serverFeatures, log });
  const queue = createPromptQueue(() => hub.send('status', { status: queueInfo() }, null));
  queueInfo = () => ({ exec_info: { queue_remaining: queue.tasksRemaining() } });

  const counters = { executions: 0, byImage: new Map<string, number>() };
  const routeDeps: RouteDeps = {
    protocol,
    port: () => port,
    maxUploadBytes,
    dirs,
    registry,
    queue,
    history,
    interrupt,
    uploadLane: createMutex(),
    counters: { number: 0 },
    stats: { prompts: 0, uploads: 0 },
    faults: { failUploads: 0, viewOverride: null },
    serverFeatures,
    queueInfo,
    log,
  };
  let outputNameOverride: string | null = null;

  const worker = runWorker({
    registry,
    dirs,
    hub,
    exec,
    caches,
    interrupt,
    gate,
    queue,
    history: workerHistory,
    serviceTimeMs: options.serviceTimeMs ?? 0,
    pacing: { tailMs: 0, serviceEndedAt: null },
    outputNameOverride: () => outputNameOverride,
    signal: lifetime.signal,
    log,
    stats: {
      noteExecution(hashes) {
        counters.executions++;
        for (const h of hashes) counters.byImage.set(h, (counters.byImage.get(h) ?? 0) + 1);
      },
    },
  }).catch((error: unknown) => log(`worker stopped: ${(error as Error).stack ?? String(error)}`));

  const failing = new Map<string, number>();
  let uploadDelayMs = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname.startsWith('/api/') ? url.pathname.slice(4) : url.pathname;
    let reply: Reply;
    try {
      if (path === '/upload/image' && uploadDelayMs > 0) await sleep(uploadDelayMs);
      if ((failing.get(path) ?? 0) > 0) {
        failing.set(path, (failing.get(path) ?? 0) - 1);
        reply = internalError();
      } else if (!originAllowed(req.headers)) reply = { kind: 'empty', status: 403 };
      else if (req.method === 'OPTIONS') reply = { kind: 'empty', status: 200 };
      else {
        const match = matchRoute(req.method ?? 'GET', url.pathname, protocol);
        switch (match.kind) {
          case 'not_found':
            reply = { kind: 'text', status: 404, text: '404: Not Found' };
            break;
          case 'method_not_allowed':
            reply = { kind: 'text', status: 405, text: '405: Method Not Allowed', headers: { Allow: match.allow } };
            break;
          case 'found': {
            let body: Promise<Buffer> | null = null;
            const readOnce = (): Promise<Buffer> => (body ??= readBody(req, multipartLimit(req), maxUploadBytes));
            const request: RouteRequest = {
              params: match.params,
              query: url.searchParams,
              headers: req.headers,
              body: readOnce,
              json: async () => JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await readOnce())) as Json,
            };
            reply = await match.handler(request, routeDeps);
            break;
          }
          default: {
            const unreachable: never = match;
            throw new Error(`unknown match ${JSON.stringify(unreachable)}`);
          }
        }
      }
    } catch (error) {
      if (error instanceof BodyTooLarge) reply = tooLargeReply(error);
      else {
        log(`Error handling request ${req.method ?? ''} ${url.pathname}: ${(error as Error).message}`);
        reply = internalError();
      }
    }
    if (!res.destroyed) writeReply(res, reply);
  };
  const multipartLimit = (req: IncomingMessage): number =>
    (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/') ? maxUploadBytes + MULTIPART_SLACK_BYTES : maxUploadBytes;

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://emulator').pathname;
    let allowed = false;
    try {
      allowed = originAllowed(req.headers);
    } catch {
      allowed = false;
    }
    if (pathname !== '/ws' && pathname !== '/api/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 14\r\n\r\n404: Not Found');
    } else if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: application/octet-stream\r\nContent-Length: 0\r\n\r\n');
    } else hub.accept(req, socket, head);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // e.g. EADDRINUSE: leave nothing running or lying around.
    lifetime.abort(error);
    await worker;
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  let stopped: Promise<void> | null = null;
  const stop = (graceful: boolean): Promise<void> =>
    (stopped ??= (async () => {
      lifetime.abort(new Error('emulator stopped'));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (graceful) {
        hub.closeAll();
        server.closeIdleConnections();
      } else {
        hub.terminateAll();
        for (const socket of sockets) socket.destroy();
      }
      await worker;
      // A graceful close still must not hang on a client that keeps a connection busy.
      if (graceful) {
        hub.terminateAll();
        server.closeAllConnections();
      }
      await closed;
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    })());

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    stats: {
      executions: () => counters.executions,
      executionsByImage: () => new Map(counters.byImage),
      prompts: () => routeDeps.stats.prompts,
      uploads: () => routeDeps.stats.uploads,
    },
    faults: {
      failUploads(n) {
        routeDeps.faults.failUploads = n;
      },
      dropWebSockets: () => hub.terminateAll(),
      clearHistory: () => history.clear(),
      setViewOverride(body, contentType = 'text/html') {
        routeDeps.faults.viewOverride = body === null ? null : { body, contentType };
      },
      setOutputNameOverride(name) {
        outputNameOverride = name;
      },
      pause: () => gate.pause(),
      resume: () => gate.resume(),
      failRequests(path, n) {
        failing.set(path, n);
      },
      slowUploads(ms) {
        uploadDelayMs = ms;
      },
      loseHistory(n) {
        lossy.lose = n;
      },
    },
    kill: () => stop(false),
    close: () => stop(true),
  };
}
