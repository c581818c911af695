// ComfyUI emulator (test infrastructure): the aiohttp side of ComfyUI's HTTP server — reply
// shapes (json_response, empty Response = application/octet-stream, 404/405/500 texts), the body
// size limit (client_max_size → 413) and the origin-only middleware.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { pyJsonDumps } from './py';

export const SERVER_HEADER = 'Python/3.11 aiohttp/3.8.4';
export const INTERNAL_ERROR_TEXT = '500 Internal Server Error\n\nServer got itself in trouble';

export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'empty'; readonly status: number }
  | { readonly kind: 'text'; readonly status: number; readonly text: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'bytes'; readonly status: number; readonly body: Buffer; readonly headers: Readonly<Record<string, string>> };

export const json = (body: unknown, status = 200): Reply => ({ kind: 'json', status, body });
export const empty = (status = 200): Reply => ({ kind: 'empty', status });
export const internalError = (): Reply => ({ kind: 'text', status: 500, text: INTERNAL_ERROR_TEXT });

/** Header values travel as bytes: send UTF-8 names (e.g. Chinese file names) the way aiohttp does. */
export function headerValue(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  res.setHeader('Server', SERVER_HEADER);
  switch (reply.kind) {
    case 'json': {
      const body = Buffer.from(pyJsonDumps(reply.body), 'utf8');
      res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    case 'empty':
      res.writeHead(reply.status, { 'Content-Type': 'application/octet-stream', 'Content-Length': 0 });
      res.end();
      return;
    case 'text': {
      const body = Buffer.from(reply.text, 'utf8');
      res.writeHead(reply.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...reply.headers });
      res.end(body);
      return;
    }
    case 'bytes':
      res.writeHead(reply.status, { 'Content-Length': reply.body.length, ...reply.headers });
      res.end(reply.body);
      return;
    default: {
      const unreachable: never = reply;
      throw new Error(`unknown reply ${JSON.stringify(unreachable)}`);
    }
  }
}

export class BodyTooLarge extends Error {
  constructor(
    readonly maxSize: number,
    readonly actualSize: number,
  ) {
    super(`Maximum request body size ${maxSize} exceeded, actual body size ${actualSize}`);
  }
}

export function tooLargeReply(error: BodyTooLarge): Reply {
  return { kind: 'text', status: 413, text: error.message };
}

/**
 * Reads the body, failing once more than `limit` bytes arrived (aiohttp reports the size read so
 * far). The rest of an oversized body is drained by Node after the reply, so the client can
 * finish sending and read the 413.
 */
export function readBody(req: IncomingMessage, limit: number, maxSizeReported: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.resume();
        reject(new BodyTooLarge(maxSizeReported, size));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/** urllib's netloc → (hostname, port): userinfo dropped, brackets for IPv6, lower-cased. */
function netlocParts(netloc: string): { hostname: string | null; port: number | null } {
  const hostinfo = netloc.slice(netloc.lastIndexOf('@') + 1);
  let hostname: string;
  let port: string;
  if (hostinfo.includes('[')) {
    const bracketed = hostinfo.slice(hostinfo.indexOf('[') + 1);
    const close = bracketed.indexOf(']');
    hostname = close < 0 ? bracketed : bracketed.slice(0, close);
    const rest = close < 0 ? '' : bracketed.slice(close + 1);
    port = rest.includes(':') ? rest.slice(rest.indexOf(':') + 1) : '';
  } else {
    const colon = hostinfo.indexOf(':');
    hostname = colon < 0 ? hostinfo : hostinfo.slice(0, colon);
    port = colon < 0 ? '' : hostinfo.slice(colon + 1);
  }
  if (port !== '' && !/^\d+$/.test(port)) throw new Error('Port could not be cast to integer value');
  return { hostname: hostname === '' ? null : hostname.toLowerCase(), port: port === '' ? null : Number(port) };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * ComfyUI without --enable-cors-header: 403 for `Sec-Fetch-Site: cross-site` (servers since
 * 2026-04; applied here for every protocol), and — when Host names a loopback address — 403 if
 * Origin's host differs (ports compared only when both carry one). Throws on a malformed port,
 * as urllib does (the request then fails with a 500).
 */
export function originAllowed(headers: IncomingHttpHeaders): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return false;
  const hostHeader = headers.host;
  const originHeader = headers.origin;
  if (hostHeader === undefined || originHeader === undefined) return true;
  const hostFull = hostHeader.toLowerCase();
  const originNetloc = (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(originHeader)?.[1] ?? '').toLowerCase();
  const host = netlocParts(hostFull);
  const origin = netlocParts(originNetloc);
  const loopback = host.hostname !== null && isLoopback(host.hostname);
  const hostDomain = origin.port === null ? host.hostname : hostFull;
  const originDomain = host.port === null ? origin.hostname : originNetloc;
  return !(loopback && hostDomain && originDomain && hostDomain !== originDomain);
}
