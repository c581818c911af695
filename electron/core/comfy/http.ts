// HTTP to one ComfyUI: URL building under a base path, timeouts, network errors mapped to
// ComfyError, and size-capped body reads. Endpoint logic lives in client.ts.
import type { z } from 'zod';
import { ComfyError } from './errors';

export type FetchLike = typeof fetch;

export interface HttpConfig {
  /** As the user configured it; also the name used in messages. */
  baseUrl: string;
  headers: Readonly<Record<string, string>>;
  fetchImpl: FetchLike;
  /** Bound for small JSON calls (connect + answer + body). */
  timeoutMs: number;
}

export interface SendRequest {
  method: 'GET' | 'POST';
  /** Relative to the base URL, without a leading slash: `history/<id>`. */
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal | undefined;
  /** Overrides HttpConfig.timeoutMs (uploads and downloads of big images take longer). */
  timeoutMs?: number;
}

/** A response plus what is needed to read its body under the same timeout and cancellation. */
export interface SentResponse {
  response: Response;
  /** For messages: `GET /history/<id>`. */
  what: string;
  /** `tooBig` makes the error when the body exceeds maxBytes (default: kind 'protocol'). */
  readBytes(maxBytes: number, tooBig?: () => ComfyError): Promise<Uint8Array>;
  readText(maxBytes: number): Promise<string>;
  readJson<S extends z.ZodType>(schema: S, maxBytes: number): Promise<z.output<S>>;
  /** Frees the connection when the body is not wanted. */
  discard(): void;
}

export interface Http {
  readonly baseUrl: string;
  url(path: string, query?: Record<string, string>): URL;
  send(request: SendRequest): Promise<SentResponse>;
}

export function createHttp(config: HttpConfig): Http {
  const base = new URL(config.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`ComfyUI URL must start with http:// or https:// (got ${config.baseUrl})`);
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  const name = config.baseUrl;

  function url(path: string, query?: Record<string, string>): URL {
    const u = new URL(path.replace(/^\/+/, ''), base);
    if (query) for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  }

  function unreachable(err: unknown): ComfyError {
    const code = networkCode(err);
    return new ComfyError({ kind: 'unreachable', code }, `ComfyUI at ${name} is not reachable (${code})`, { cause: err });
  }

  async function send(request: SendRequest): Promise<SentResponse> {
    const timeoutMs = request.timeoutMs ?? config.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const target = url(request.path, request.query);
    const what = `${request.method} /${request.path}`;

    // Callers' cancellation wins over everything; then our timeout; then the network's reason.
    const translate = (err: unknown): unknown => {
      if (request.signal?.aborted) return request.signal.reason;
      if (timeout.aborted) {
        return new ComfyError({ kind: 'timeout', afterMs: timeoutMs }, `ComfyUI at ${name} did not answer ${what} within ${timeoutMs} ms`);
      }
      if (err instanceof ComfyError) return err;
      return unreachable(err);
    };

    const headers: Record<string, string> = { ...config.headers };
    let body: string | FormData | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form) {
      body = request.form;
    }

    let response: Response;
    try {
      response = await config.fetchImpl(target, { method: request.method, headers, body, signal, redirect: 'follow' });
    } catch (err) {
      throw translate(err);
    }

    const readBytes = async (maxBytes: number, tooBig?: () => ComfyError): Promise<Uint8Array> => {
      try {
        return await readCapped(response, maxBytes, tooBig ?? (() => protocolTooBig(maxBytes)));
      } catch (err) {
        throw translate(err);
      }
    };
    const protocolTooBig = (maxBytes: number) =>
      new ComfyError({ kind: 'protocol' }, `ComfyUI at ${name} sent more than ${maxBytes} bytes for ${what}`);
    const readText = async (maxBytes: number) => new TextDecoder().decode(await readBytes(maxBytes));

    return {
      response,
      what,
      readBytes,
      readText,
      async readJson(schema, maxBytes) {
        const text = await readText(maxBytes);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new ComfyError({ kind: 'protocol' }, `ComfyUI at ${name} sent malformed JSON for ${what}: ${snippet(text)}`);
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
          throw new ComfyError(
            { kind: 'protocol' },
            `ComfyUI at ${name} sent an unexpected answer to ${what} (${where}${issue?.message ?? 'invalid'})`,
          );
        }
        return parsed.data;
      },
      discard() {
        response.body?.cancel().catch(() => undefined);
      },
    };
  }

  return { baseUrl: name, url, send };
}

/** Reads the whole body, refusing (before or while reading) more than maxBytes. */
async function readCapped(response: Response, maxBytes: number, tooBig: () => Error): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig();
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET, … from undici's `fetch failed` causes. */
function networkCode(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current === 'object') {
      const o = current as { code?: unknown; errors?: unknown; cause?: unknown };
      if (typeof o.code === 'string') return o.code;
      if (Array.isArray(o.errors) && o.errors.length > 0) {
        current = o.errors[0];
        continue;
      }
      current = o.cause;
    } else break;
  }
  return err instanceof Error ? err.message : 'network error';
}

export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat || '(empty body)';
}
