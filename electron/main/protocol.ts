// heirloom://app/<file> serves the bundled renderer; heirloom://media/<photoId>/<variant> serves
// images the database knows. No path from a URL ever reaches the file system unchecked: app
// paths must resolve inside the renderer dir, media paths come only from core.mediaPath().
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { MediaVariantSchema } from '../shared/contract';
import type { MediaVariant } from '../shared/contract';
import { APP_HOST, CONTENT_SECURITY_POLICY, MEDIA_HOST } from './security';

// What the renderer bundle and the library hold (sharp-readable photos, JPEG thumbnails, results).
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.tif': 'image/tiff', '.tiff': 'image/tiff',
};

export interface ProtocolDeps {
  rendererDir: string;
  /** `jobId`: one result of the photo (a variant), `heirloom://media/<photoId>/result/<jobId>`. */
  mediaPath(photoId: string, variant: MediaVariant, jobId?: string): string | undefined;
}

const BASE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' } as const;

function text(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra } });
}

async function fileResponse(path: string, method: string, extra: Record<string, string>): Promise<Response | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const headers = {
    ...BASE_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    ...extra,
  };
  // Streamed: full-resolution scans can be hundreds of MB.
  const body = method === 'HEAD' ? null : (Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>);
  return new Response(body, { status: 200, headers });
}

function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').slice(1).map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

async function serveApp(deps: ProtocolDeps, url: URL, method: string): Promise<Response> {
  const csp = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY };
  const segments = decodeSegments(url.pathname === '/' ? '/index.html' : url.pathname);
  if (!segments || segments.some((s) => s.includes('\0'))) return text(400, 'bad path', csp);
  const root = resolve(deps.rendererDir);
  const path = resolve(root, ...segments);
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return text(404, 'not found', csp);
  return (await fileResponse(path, method, csp)) ?? text(404, 'not found', csp);
}

async function serveMedia(deps: ProtocolDeps, url: URL, method: string): Promise<Response> {
  const segments = decodeSegments(url.pathname);
  if (!segments || segments.length < 2 || segments.length > 3) return text(404, 'expected /<photoId>/<variant>[/<jobId>]');
  const [photoId = '', rawVariant, jobId] = segments;
  const variant = MediaVariantSchema.safeParse(rawVariant);
  // Only a result has variants by job id.
  if (!variant.success || photoId === '' || jobId === '' || (jobId !== undefined && variant.data !== 'result')) return text(404, 'unknown media');
  const path = deps.mediaPath(photoId, variant.data, jobId);
  if (path === undefined) return text(404, 'unknown media');
  return (await fileResponse(path, method, {})) ?? text(404, 'media file missing');
}

export function createProtocolHandler(deps: ProtocolDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed', { Allow: 'GET, HEAD' });
    const url = new URL(request.url);
    try {
      switch (url.host) {
        case APP_HOST:
          return await serveApp(deps, url, request.method);
        case MEDIA_HOST:
          return await serveMedia(deps, url, request.method);
        default:
          return text(404, 'not found');
      }
    } catch (error) {
      return text(500, `cannot serve ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
