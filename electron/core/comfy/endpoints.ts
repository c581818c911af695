// ComfyUI's HTTP routes, one function each: request shape, status handling and parsed answer.
// Status codes and bodies follow /work/shared/comfyui/RECORDED.md (what a real server answered).
import { z } from 'zod';
import type { ApiPrompt } from '../workflows';
import { ComfyError, type NodeErrorLine } from './errors';
import { snippet, type Http, type SentResponse } from './http';
import { mimeOf, sniffImage, unsafeRefReason, type ImageRef } from './images';
import { installHint } from './node-packs';
import {
  FeaturesSchema,
  HistorySchema,
  JobListSchema,
  JobSchema,
  NodeInfoSchema,
  PromptErrorBodySchema,
  QueuePromptResponseSchema,
  QueueSchema,
  SystemStatsSchema,
  UploadResponseSchema,
  type HistoryEntry,
  type NodeInfo,
} from './schemas';

export interface SystemStats {
  version: string | null;
  os: string | null;
  devices: Array<{ name: string; type: string; vramTotal: number; vramFree: number }>;
}

export interface UploadedImage {
  /** The name ComfyUI stored: use it, not the one sent (it may dedupe or rename to "x (1).png"). */
  name: string;
  subfolder: string;
  type: string;
}

export interface QueuedPrompt {
  /** Ours, except on ComfyUI < 0.3.44, which ignores client ids and makes its own. */
  promptId: string;
  number: number;
}

export type Job = z.output<typeof JobSchema>;

export interface EndpointConfig {
  /** Sent as client_id with every prompt: ComfyUI sends the prompt's events only to this socket id. */
  clientId: string;
  maxJsonBytes: number;
  maxImageBytes: number;
  transferTimeoutMs: number;
}

/** ComfyUI ≥ 0.24 rejects anything but this form; older versions store whatever they get. */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Error bodies are short; a long one is an HTML page from a proxy. */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;
const AnyRecord = z.record(z.string(), z.unknown());

export type Endpoints = ReturnType<typeof createEndpoints>;

export function createEndpoints(http: Http, limits: EndpointConfig) {
  const name = http.baseUrl;
  /** Learned once per client: does this server have /api/jobs (ComfyUI ≥ 0.5.1)? */
  let jobsApi: boolean | undefined;

  async function failure(sent: SentResponse): Promise<ComfyError> {
    const { status, statusText } = sent.response;
    const body = await sent.readText(MAX_ERROR_BODY_BYTES).catch(() => '');
    return new ComfyError({ kind: 'http', status }, `ComfyUI at ${name} answered ${status} ${statusText} to ${sent.what}: ${snippet(body)}`);
  }

  async function getJson<S extends z.ZodType>(
    path: string,
    schema: S,
    signal?: AbortSignal,
    query?: Record<string, string>,
  ): Promise<z.output<S>> {
    const sent = await http.send({ method: 'GET', path, query, signal });
    if (!sent.response.ok) throw await failure(sent);
    return sent.readJson(schema, limits.maxJsonBytes);
  }

  async function post(path: string, json: unknown, signal?: AbortSignal): Promise<void> {
    const sent = await http.send({ method: 'POST', path, json, signal });
    if (!sent.response.ok) throw await failure(sent);
    sent.discard();
  }

  async function features(signal?: AbortSignal): Promise<{ maxUploadBytes?: number }> {
    const sent = await http.send({ method: 'GET', path: 'features', signal });
    if (sent.response.status === 404) {
      sent.discard();
      return {};
    }
    if (!sent.response.ok) throw await failure(sent);
    const f = await sent.readJson(FeaturesSchema, limits.maxJsonBytes);
    return f.max_upload_size === undefined ? {} : { maxUploadBytes: f.max_upload_size };
  }

  /** 413 body: "Maximum request body size 104857600 exceeded, actual body size …"; else /features. */
  async function uploadLimit(sent: SentResponse, signal?: AbortSignal): Promise<number | null> {
    const body = await sent.readText(MAX_ERROR_BODY_BYTES).catch(() => '');
    const match = /maximum request body size (\d+)/i.exec(body);
    if (match?.[1]) return Number(match[1]);
    return (await features(signal).catch(() => ({ maxUploadBytes: undefined }))).maxUploadBytes ?? null;
  }

  async function rejected(sent: SentResponse): Promise<ComfyError> {
    const text = await sent.readText(MAX_ERROR_BODY_BYTES).catch(() => '');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return new ComfyError({ kind: 'http', status: 400 }, `ComfyUI at ${name} rejected the prompt (400): ${snippet(text)}`);
    }
    const parsed = PromptErrorBodySchema.safeParse(json);
    if (!parsed.success) return new ComfyError({ kind: 'http', status: 400 }, `ComfyUI at ${name} rejected the prompt (400): ${snippet(text)}`);
    const { error, node_errors: nodeErrors } = parsed.data;
    const top = typeof error === 'string' ? { type: undefined, message: error, details: undefined, extra_info: undefined } : error;

    const missing =
      /Cannot execute because node (.+?) does not exist/.exec(top.message)?.[1] ??
      (top.type === 'missing_node_type' && typeof top.extra_info?.['class_type'] === 'string' ? top.extra_info['class_type'] : undefined);
    if (missing !== undefined) {
      return new ComfyError(
        { kind: 'node-missing', nodeType: missing },
        `ComfyUI at ${name} does not have the node ${missing}: ${installHint(missing)}. (ComfyUI: ${top.message})`,
      );
    }

    const lines: NodeErrorLine[] = [];
    for (const [nodeId, entry] of Object.entries(nodeErrors)) {
      for (const e of entry.errors) {
        lines.push({ nodeId, classType: entry.class_type ?? null, message: e.details ? `${e.message} — ${e.details}` : e.message });
      }
    }
    const parts = [top.details ? `${top.message}: ${top.details}` : top.message];
    for (const line of lines) parts.push(`node ${line.nodeId} (${line.classType ?? 'unknown class'}): ${line.message}`);
    return new ComfyError({ kind: 'validation', nodeErrors: lines }, parts.join('; '));
  }

  return {
    async systemStats(signal?: AbortSignal): Promise<SystemStats> {
      const stats = await getJson('system_stats', SystemStatsSchema, signal);
      return {
        version: stats.system.comfyui_version ?? null,
        os: stats.system.os ?? null,
        devices: stats.devices.map((d) => ({ name: d.name, type: d.type, vramTotal: d.vram_total, vramFree: d.vram_free })),
      };
    },

    /** Every node class the backend has; an entry that is not an object is dropped, not fatal. */
    async objectInfo(signal?: AbortSignal): Promise<Record<string, NodeInfo>> {
      const raw = await getJson('object_info', AnyRecord, signal);
      const info: Record<string, NodeInfo> = {};
      for (const [classType, value] of Object.entries(raw)) {
        const node = NodeInfoSchema.safeParse(value);
        if (node.success) info[classType] = node.data;
      }
      return info;
    },

    features,

    async uploadImage(input: { bytes: Uint8Array; fileName: string; subfolder?: string; signal?: AbortSignal }): Promise<UploadedImage> {
      const { bytes, fileName, signal } = input;
      const subfolder = input.subfolder ?? 'heirloom';
      const form = new FormData();
      // No `overwrite`: the server then dedupes identical bytes and renames different ones.
      form.set('image', new Blob([bytes], { type: mimeOf(bytes) }), fileName);
      form.set('type', 'input');
      form.set('subfolder', subfolder);
      const sent = await http.send({ method: 'POST', path: 'upload/image', form, signal, timeoutMs: limits.transferTimeoutMs });
      if (sent.response.status === 413) {
        const limit = await uploadLimit(sent, signal);
        throw new ComfyError(
          { kind: 'too-large', size: bytes.byteLength, limit },
          `${fileName} (${formatBytes(bytes.byteLength)}) is larger than ComfyUI at ${name} accepts` +
            (limit === null ? '' : ` (${formatBytes(limit)}; raise it with --max-upload-size)`),
        );
      }
      if (!sent.response.ok) throw await failure(sent);
      const uploaded = await sent.readJson(UploadResponseSchema, limits.maxJsonBytes);
      return { name: uploaded.name, subfolder: uploaded.subfolder, type: uploaded.type };
    },

    async queuePrompt(input: { prompt: ApiPrompt; promptId: string; signal?: AbortSignal }): Promise<QueuedPrompt> {
      if (!CANONICAL_UUID.test(input.promptId)) {
        throw new TypeError(`prompt id must be a lowercase canonical UUID (got ${JSON.stringify(input.promptId)})`);
      }
      const body = { prompt: input.prompt, client_id: limits.clientId, prompt_id: input.promptId };
      const sent = await http.send({ method: 'POST', path: 'prompt', json: body, signal: input.signal });
      if (sent.response.status === 400) throw await rejected(sent);
      if (sent.response.status === 413) {
        sent.discard();
        throw new ComfyError(
          { kind: 'too-large', size: JSON.stringify(body).length, limit: null },
          `the workflow is larger than ComfyUI at ${name} accepts in one request (--max-upload-size)`,
        );
      }
      if (!sent.response.ok) throw await failure(sent);
      const queued = await sent.readJson(QueuePromptResponseSchema, limits.maxJsonBytes);
      return { promptId: queued.prompt_id, number: queued.number };
    },

    /** The finished prompt's entry, or undefined while it is pending, running or unknown. */
    async history(promptId: string, signal?: AbortSignal): Promise<HistoryEntry | undefined> {
      const history = await getJson(`history/${encodeURIComponent(promptId)}`, HistorySchema, signal);
      return history[promptId];
    },

    /** Prompt ids running and waiting on the backend. */
    async queue(signal?: AbortSignal): Promise<{ running: string[]; pending: string[] }> {
      const queue = await getJson('queue', QueueSchema, signal);
      const ids = (items: unknown[][]) => items.map((item) => item[1]).filter((id): id is string => typeof id === 'string');
      return { running: ids(queue.queue_running), pending: ids(queue.queue_pending) };
    },

    /** /api/jobs/<id> where the server has it: the job, 'unknown' (404), or 'unsupported'. */
    async job(promptId: string, signal?: AbortSignal): Promise<Job | 'unknown' | 'unsupported'> {
      if (jobsApi === undefined) {
        const probe = await http.send({ method: 'GET', path: 'api/jobs', query: { limit: '1' }, signal });
        if (probe.response.ok) {
          // A proxy may answer unknown routes with an HTML page: that is "no jobs API" too.
          jobsApi = JobListSchema.safeParse(parseJsonOrNull(await probe.readText(limits.maxJsonBytes))).success;
        } else if (probe.response.status === 404 || probe.response.status === 405) {
          probe.discard();
          jobsApi = false;
        } else {
          throw await failure(probe);
        }
      }
      if (!jobsApi) return 'unsupported';
      const sent = await http.send({ method: 'GET', path: `api/jobs/${encodeURIComponent(promptId)}`, signal });
      if (sent.response.status === 404) {
        sent.discard();
        return 'unknown';
      }
      if (!sent.response.ok) throw await failure(sent);
      return sent.readJson(JobSchema, limits.maxJsonBytes);
    },

    async view(ref: Pick<ImageRef, 'filename' | 'subfolder' | 'type'>, signal?: AbortSignal): Promise<Uint8Array> {
      const unsafe = unsafeRefReason(ref);
      if (unsafe !== null) {
        throw new ComfyError({ kind: 'bad-output', name: ref.filename }, `refusing to download from ComfyUI at ${name}: it reported ${unsafe}`);
      }
      const query = { filename: ref.filename, subfolder: ref.subfolder, type: ref.type };
      const sent = await http.send({ method: 'GET', path: 'view', query, signal, timeoutMs: limits.transferTimeoutMs });
      if (!sent.response.ok) throw await failure(sent);
      const bytes = await sent.readBytes(
        limits.maxImageBytes,
        () =>
          new ComfyError(
            { kind: 'bad-output', name: ref.filename },
            `ComfyUI at ${name} sent more than ${limits.maxImageBytes} bytes for ${ref.filename}`,
          ),
      );
      if (sniffImage(bytes) === null) {
        const type = sent.response.headers.get('content-type') ?? 'none';
        throw new ComfyError(
          { kind: 'bad-output', name: ref.filename },
          `backend returned a non-image for ${ref.filename} (content-type ${type}, ${bytes.byteLength} bytes)`,
        );
      }
      return bytes;
    },

    /** Interrupts the prompt only if it is the one running (ComfyUI ≥ 0.3.56 reads prompt_id). */
    interrupt: (promptId: string, signal?: AbortSignal) => post('interrupt', { prompt_id: promptId }, signal),
    deleteQueued: (promptIds: readonly string[], signal?: AbortSignal) => post('queue', { delete: [...promptIds] }, signal),
    /** Applied after the running prompt; free_memory also drops DDColor's cached model. */
    free: (options: { freeMemory: boolean; unloadModels: boolean }, signal?: AbortSignal) =>
      post('free', { free_memory: options.freeMemory, unload_models: options.unloadModels }, signal),
  };
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
