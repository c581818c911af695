import { timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { MediaVariantSchema, type CommandEnvelope } from '../shared/contract';
import { WIRE } from '../shared/wire';
import type { HeirloomCore } from '../core/api/core';
import { uploadPlace } from '../core/library/upload-path';
import { runCommand } from './run-command';

export interface BrowserHostOptions {
  core: HeirloomCore;
  /** Folder with the built renderer (index.html, app.js). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Required for every request when set; must be set when binding to a non-loopback address. */
  token?: string | undefined;
  /** Largest accepted upload; a 40 MB TIFF scan must pass. */
  maxUploadBytes?: number;
}

export interface BrowserHost {
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function sendEnvelope(res: ServerResponse, envelope: CommandEnvelope) {
  const status = envelope.ok ? 200 : envelope.error.code === 'invalid-arguments' || envelope.error.code === 'unknown-command' ? 400 : 422;
  send(res, status, JSON.stringify(envelope), 'application/json');
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const decoded = (raw: string): string | undefined => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
};

/**
 * The name and folder path of an upload, from its headers. The folder path ('Grandma/1962/a.jpg',
 * sent for files of a dropped folder) is untrusted: upload-path.ts refuses `..`, absolute paths,
 * control characters and the like with a reason, the same check the core makes.
 */
export function uploadHeaders(req: Pick<IncomingMessage, 'headers'>): { ok: true; upload: { name: string; folderPath: string | undefined } } | { ok: false; message: string } {
  const rawName = req.headers[WIRE.uploadNameHeader];
  if (typeof rawName !== 'string' || !rawName) return { ok: false, message: 'The file name is missing.' };
  const name = decoded(rawName);
  if (name === undefined) return { ok: false, message: 'The file name is not URI-encoded.' };
  const rawPath = req.headers[WIRE.uploadRelPathHeader];
  if (Array.isArray(rawPath)) return { ok: false, message: 'The upload has more than one folder path.' };
  const folderPath = rawPath === undefined ? undefined : decoded(rawPath);
  if (rawPath !== undefined && folderPath === undefined) return { ok: false, message: 'The folder path is not URI-encoded.' };
  const place = uploadPlace(name, folderPath);
  if (!place.ok) return { ok: false, message: place.reason };
  return { ok: true, upload: { name, folderPath } };
}

/**
 * The browser host: the same UI and the same contract as the Electron app, over HTTP + WebSocket.
 * Bound to 127.0.0.1 by default; any other address requires a token. Requests from another
 * origin are refused (a web page cannot drive Heirloom), and media are served by photo id only.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token;
  if (!isLoopback(host) && !token) throw new Error(`A token is required to serve on ${host} (use --token).`);
  const maxUploadBytes = options.maxUploadBytes ?? 512 * 1024 ** 2;
  const rendererDir = resolve(options.rendererDir);
  const { core } = options;

  function authorized(req: IncomingMessage, url: URL): boolean {
    if (!token) return true;
    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const cookie = req.headers.cookie
      ?.split(';')
      .map((part) => part.trim().split('='))
      .find(([key]) => key === WIRE.tokenCookie)?.[1];
    const candidates = [bearer, cookie, url.searchParams.get('token') ?? undefined];
    return candidates.some((candidate) => candidate !== undefined && sameSecret(decodeURIComponent(candidate), token));
  }

  /** Same-origin only: a browser sends Origin on cross-site requests; CLI clients send none. */
  function sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (req.headers['sec-fetch-site'] === 'cross-site') return false;
    if (!origin) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  async function serveFile(res: ServerResponse, path: string, cache: string, extra: Record<string, string> = {}) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return send(res, 404, 'Not found');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': cache,
      ...extra,
    });
    createReadStream(path).pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!sameOrigin(req)) return send(res, 403, 'Cross-origin requests are refused.');
    if (!authorized(req, url)) return send(res, 401, 'A valid token is required.');
    const setCookie: Record<string, string> =
      token && url.searchParams.get('token') ? { 'set-cookie': `${WIRE.tokenCookie}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` } : {};

    if (req.method === 'POST' && url.pathname.startsWith('/api/commands/')) {
      if (!req.headers['content-type']?.startsWith('application/json')) return send(res, 415, 'Commands are JSON.');
      const body = await readBody(req, 1024 ** 2);
      if (!body) return send(res, 413, 'Command too large.');
      let args: unknown;
      try {
        args = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return sendEnvelope(res, { ok: false, error: { code: 'invalid-arguments', message: 'The body is not valid JSON.' } });
      }
      const name = decodeURIComponent(url.pathname.slice('/api/commands/'.length));
      return sendEnvelope(res, await runCommand(core, name, args));
    }
    if (req.method === 'POST' && url.pathname === WIRE.uploadPath) {
      const headers = uploadHeaders(req);
      // Refused before the body is read: a forged path costs no upload.
      if (!headers.ok) return sendEnvelope(res, { ok: false, error: { code: 'invalid-arguments', message: headers.message } });
      const body = await readBody(req, maxUploadBytes);
      if (!body) return send(res, 413, `The file is larger than ${maxUploadBytes / 1024 ** 2} MB.`);
      try {
        return sendEnvelope(res, { ok: true, result: await core.importUpload({ ...headers.upload, bytes: body }) });
      } catch (error) {
        return sendEnvelope(res, { ok: false, error: { code: 'import-failed', message: error instanceof Error ? error.message : String(error) } });
      }
    }
    if (req.method === 'GET' && url.pathname.startsWith('/media/')) {
      // /media/<photoId>/<variant>, or /media/<photoId>/result/<jobId> for one variant of the result.
      const [, , rawId, rawVariant, rawJobId, ...extra] = url.pathname.split('/');
      const variant = MediaVariantSchema.safeParse(rawVariant);
      if (!rawId || !variant.success || extra.length > 0 || rawJobId === '' || (rawJobId !== undefined && variant.data !== 'result')) return send(res, 404, 'Not found');
      let ids: [string, string | undefined];
      try {
        ids = [decodeURIComponent(rawId), rawJobId === undefined ? undefined : decodeURIComponent(rawJobId)];
      } catch {
        return send(res, 404, 'Not found');
      }
      const path = core.mediaPath(ids[0], variant.data, ids[1]);
      if (!path) return send(res, 404, 'Not found');
      return serveFile(res, path, 'private, max-age=31536000, immutable');
    }
    if (req.method === 'GET') {
      const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const path = resolve(join(rendererDir, relative));
      if (!path.startsWith(rendererDir + sep)) return send(res, 404, 'Not found');
      return serveFile(res, path, relative === 'index.html' ? 'no-store' : 'no-cache', setCookie);
    }
    return send(res, 405, 'Method not allowed');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('browser host:', error);
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WIRE.eventsPath || !sameOrigin(req) || !authorized(req, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = core.subscribe((event) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
      });
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolvePromise());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}
