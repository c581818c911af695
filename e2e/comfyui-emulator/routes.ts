// ComfyUI emulator (test infrastructure): server.py's routes. Every route also answers under
// /api (so /api/api/jobs exists too, as in ComfyUI). Handlers mirror the Python ones, including
// what they do with odd input: JSON that is not an object, a malformed body (→ 500), etc.
import { freemem, totalmem } from 'node:os';
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { InterruptSwitch, Mutex } from './control';
import { listInputImages } from './folder-paths';
import type { History } from './history';
import type { Reply } from './http';
import { empty, json } from './http';
import { cancelJob, cancelJobs, getJob, isCanonicalUuid, listJobs } from './jobs';
import type { JobsDeps } from './jobs';
import type { NodeRegistry } from './node-registry';
import { nodeInfo } from './node-registry';
import type { DataDirs } from './node-types';
import type { PromptQueue } from './prompt-queue';
import { queueItemJson } from './prompt-queue';
import type { Json, JsonObject } from './py';
import { PyException, hasOwn, isJsonObject, pyBool, pyEquals, pyFloat, pyInt, pyStr, pyTypeName } from './py';
import { imageUpload, readForm } from './upload';
import { validatePrompt } from './validate';
import { viewImage } from './view';
import type { ViewOverride } from './view';

export type Protocol = '0.3.64' | '0.33';

const SENSITIVE_EXTRA_DATA_KEYS = ['auth_token_comfy_org', 'api_key_comfy_org'];

export interface RouteDeps {
  readonly protocol: Protocol;
  readonly port: () => number;
  readonly maxUploadBytes: number;
  readonly dirs: DataDirs;
  readonly registry: NodeRegistry;
  readonly queue: PromptQueue;
  readonly history: History;
  readonly interrupt: InterruptSwitch;
  readonly uploadLane: Mutex;
  readonly counters: { number: number };
  readonly stats: { prompts: number; uploads: number };
  readonly faults: { failUploads: number; viewOverride: ViewOverride | null };
  readonly serverFeatures: () => JsonObject;
  readonly queueInfo: () => JsonObject;
  readonly log: (line: string) => void;
}

export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The body, size-checked (throws BodyTooLarge). */
  body(): Promise<Buffer>;
  /** request.json(): UTF-8 text then json.loads; anything malformed throws (→ 500). */
  json(): Promise<Json>;
}

type Handler = (req: RouteRequest, deps: RouteDeps) => Promise<Reply>;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly segments: readonly string[];
  readonly handler: Handler;
  readonly onlyProtocol?: Protocol;
}

/** `key in value` with Python semantics for the JSON a handler received. */
function pyIn(key: string, value: Json): boolean {
  if (isJsonObject(value)) return hasOwn(value, key);
  if (Array.isArray(value)) return value.some((v) => pyEquals(v, key));
  if (typeof value === 'string') return value.includes(key);
  throw new PyException('TypeError', `argument of type '${pyTypeName(value)}' is not iterable`);
}

/** `value[key]` */
function pyItem(value: Json, key: string): Json {
  if (isJsonObject(value)) {
    if (!hasOwn(value, key)) throw new PyException('KeyError', `'${key}'`);
    return value[key] ?? null;
  }
  throw new PyException('TypeError', `${pyTypeName(value)} indices must be integers`);
}

/** `for x in value` */
function pyIter(value: Json): Json[] {
  if (Array.isArray(value)) return value;
  if (isJsonObject(value)) return Object.keys(value);
  if (typeof value === 'string') return [...value];
  throw new PyException('TypeError', `'${pyTypeName(value)}' object is not iterable`);
}

/** `value.get(key, fallback)` — only dicts have .get. */
function pyGet(value: Json, key: string, fallback: Json): Json {
  if (!isJsonObject(value)) throw new PyException('AttributeError', `'${pyTypeName(value)}' object has no attribute 'get'`);
  return hasOwn(value, key) ? (value[key] ?? null) : fallback;
}

async function systemStats(_req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  const total = totalmem();
  const free = freemem();
  const argv = ['main.py', '--cpu', '--listen', '127.0.0.1', '--port', String(deps.port())];
  const defaultUpload = 100 * 1024 * 1024;
  if (deps.maxUploadBytes !== defaultUpload) argv.push('--max-upload-size', String(deps.maxUploadBytes / (1024 * 1024)));
  return json({
    system: {
      os: deps.protocol === '0.33' ? 'linux' : 'posix',
      ram_total: total,
      ram_free: free,
      comfyui_version: deps.protocol === '0.33' ? '0.33.0' : '0.3.64',
      required_frontend_version: '1.27.10',
      installed_templates_version: null,
      required_templates_version: '0.1.95',
      python_version: '3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]',
      pytorch_version: '1.13.0a0',
      embedded_python: false,
      argv,
    },
    devices: [{ name: 'cpu', type: 'cpu', index: null, vram_total: total, vram_free: free, torch_vram_total: total, torch_vram_free: free }],
  });
}

async function objectInfo(_req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  const files = await listInputImages(deps.dirs);
  const out: JsonObject = {};
  for (const node of deps.registry.values()) out[node.classType] = nodeInfo(node, files);
  return json(out);
}

async function objectInfoNode(req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  const node = deps.registry.get(req.params['node_class'] ?? '');
  return json(node ? { [node.classType]: nodeInfo(node, await listInputImages(deps.dirs)) } : {});
}

async function uploadImage(req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  const fields = readForm(await req.body(), req.headers['content-type'], deps.maxUploadBytes);
  return deps.uploadLane.run(async () => {
    if (deps.faults.failUploads > 0) {
      deps.faults.failUploads--;
      return { kind: 'text', status: 500, text: '500 Internal Server Error\n\nServer got itself in trouble' };
    }
    const reply = await imageUpload(fields, { dirs: deps.dirs, maxUploadBytes: deps.maxUploadBytes });
    if (reply.status === 200) deps.stats.uploads++;
    return reply;
  });
}

async function postPrompt(req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  deps.log('got prompt');
  const body = await req.json();
  let number: number;
  if (pyIn('number', body)) number = pyFloat(pyItem(body, 'number'));
  else {
    number = deps.counters.number;
    if (pyIn('front', body) && pyBool(pyItem(body, 'front'))) number = -number;
    deps.counters.number++;
  }
  if (!pyIn('prompt', body)) {
    return json({ error: { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} }, node_errors: {} }, 400);
  }
  const submitted = pyItem(body, 'prompt');
  const request = body as JsonObject; // pyItem succeeded: body is a dict
  let promptId: string;
  if (deps.protocol === '0.33') {
    const supplied = request['prompt_id'];
    if (supplied === undefined || supplied === null) promptId = randomUUID();
    else if (isCanonicalUuid(supplied)) promptId = supplied;
    else {
      const error = {
        type: 'invalid_prompt_id',
        message: 'prompt_id must be a valid UUID',
        details: 'prompt_id must be a UUID string in canonical lowercase hyphenated form; omit it to let the server generate one',
        extra_info: {},
      };
      return json({ error, node_errors: {} }, 400);
    }
  } else {
    promptId = hasOwn(request, 'prompt_id') ? pyStr(request['prompt_id'] ?? null) : randomUUID();
  }
  const prompt = structuredClone(submitted);
  const partial = hasOwn(request, 'partial_execution_targets') ? (request['partial_execution_targets'] ?? null) : undefined;
  const outcome = await validatePrompt(prompt, partial, { registry: deps.registry, dirs: deps.dirs, inputFiles: await listInputImages(deps.dirs) });
  let extraData: JsonObject = {};
  if (hasOwn(request, 'extra_data')) {
    const supplied = request['extra_data'] ?? null;
    if (!isJsonObject(supplied)) throw new PyException('TypeError', `'${pyTypeName(supplied)}' object does not support item assignment`);
    extraData = structuredClone(supplied);
  }
  if (hasOwn(request, 'client_id')) extraData['client_id'] = request['client_id'] ?? null;
  if (!outcome.ok) {
    deps.log(`invalid prompt: ${outcome.error.message}`);
    return json({ error: outcome.error, node_errors: outcome.nodeErrors }, 400);
  }
  if (deps.protocol === '0.33') {
    for (const key of SENSITIVE_EXTRA_DATA_KEYS) delete extraData[key];
    extraData['create_time'] = Date.now();
  }
  deps.queue.put({ number, promptId, prompt: prompt as JsonObject, extraData, outputs: outcome.outputs });
  deps.stats.prompts++;
  return json({ prompt_id: promptId, number, node_errors: outcome.nodeErrors });
}

async function postQueue(req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  const body = await req.json();
  if (pyIn('clear', body) && pyBool(pyItem(body, 'clear'))) deps.queue.wipe();
  if (pyIn('delete', body)) {
    for (const id of pyIter(pyItem(body, 'delete'))) deps.queue.deleteFirst((item) => pyEquals(item.promptId, id));
  }
  return empty();
}

async function postInterrupt(req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  let body: Json;
  try {
    body = await req.json();
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    body = {};
  }
  const promptId = pyGet(body, 'prompt_id', null);
  if (pyBool(promptId)) {
    if (deps.queue.running().some((item) => pyEquals(item.promptId, promptId))) {
      deps.log(`Interrupting prompt ${pyStr(promptId)}`);
      deps.interrupt.trigger();
    } else deps.log(`Prompt ${pyStr(promptId)} is not currently running, skipping interrupt`);
  } else {
    deps.log('Global interrupt (no prompt_id specified)');
    deps.interrupt.trigger();
  }
  return empty();
}

async function postFree(req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  const body = await req.json();
  const unload = pyGet(body, 'unload_models', false);
  const free = pyGet(body, 'free_memory', false);
  if (pyBool(unload)) deps.queue.setFlag('unload_models', unload);
  if (pyBool(free)) deps.queue.setFlag('free_memory', free);
  return empty();
}

async function getHistory(req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  const maxItems = req.query.get('max_items');
  const offset = req.query.get('offset');
  return json(deps.history.list(maxItems === null ? null : pyInt(maxItems), offset === null ? -1 : pyInt(offset)));
}

async function getHistoryEntry(req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  const promptId = req.params['prompt_id'] ?? '';
  const entry = deps.history.get(promptId);
  return json(entry === undefined ? {} : { [promptId]: entry });
}

async function postHistory(req: RouteRequest, deps: RouteDeps): Promise<Reply> {
  const body = await req.json();
  if (pyIn('clear', body) && pyBool(pyItem(body, 'clear'))) deps.history.clear();
  if (pyIn('delete', body)) {
    for (const id of pyIter(pyItem(body, 'delete'))) {
      if (Array.isArray(id) || isJsonObject(id)) throw new PyException('TypeError', `unhashable type: '${pyTypeName(id)}'`);
      if (typeof id === 'string') deps.history.delete(id);
    }
  }
  return empty();
}

function jobsDeps(deps: RouteDeps): JobsDeps {
  return {
    queue: deps.queue,
    history: deps.history,
    interruptIfRunning(promptId) {
      if (!deps.queue.running().some((item) => item.promptId === promptId)) return false;
      deps.interrupt.trigger();
      return true;
    },
  };
}

const ROOT_PAGE = '<!doctype html><html><head><title>ComfyUI</title></head><body>ComfyUI emulator (test infrastructure): no web UI.</body></html>';

const route = (method: Route['method'], path: string, handler: Handler, onlyProtocol?: Protocol): Route => ({
  method,
  segments: path.split('/').slice(1),
  handler,
  ...(onlyProtocol ? { onlyProtocol } : {}),
});

const ROUTES: readonly Route[] = [
  route('GET', '/', async () => ({ kind: 'bytes', status: 200, body: Buffer.from(ROOT_PAGE), headers: { 'Content-Type': 'text/html', 'Cache-Control': 'no-cache' } })),
  route('GET', '/embeddings', async () => json([])),
  // Upgrades are taken by the WebSocket hub before routing; a plain GET is what aiohttp refuses.
  route('GET', '/ws', async () => ({ kind: 'text', status: 400, text: 'No WebSocket UPGRADE hdr: None\n Can "Upgrade" only to "WebSocket".' })),
  route('GET', '/system_stats', systemStats),
  route('GET', '/features', async (_req, deps) => json(deps.serverFeatures())),
  route('GET', '/prompt', async (_req, deps) => json(deps.queueInfo())),
  route('GET', '/object_info', objectInfo),
  route('GET', '/object_info/{node_class}', objectInfoNode),
  route('POST', '/upload/image', uploadImage),
  route('GET', '/view', async (req, deps) =>
    viewImage(req.query, { 'if-none-match': req.headers['if-none-match'], range: req.headers.range }, { dirs: deps.dirs, override: () => deps.faults.viewOverride }),
  ),
  route('GET', '/history', getHistory),
  route('GET', '/history/{prompt_id}', getHistoryEntry),
  route('POST', '/history', postHistory),
  route('GET', '/queue', async (_req, deps) => json({ queue_running: deps.queue.running().map(queueItemJson), queue_pending: deps.queue.pending().map(queueItemJson) })),
  route('POST', '/queue', postQueue),
  route('POST', '/prompt', postPrompt),
  route('POST', '/interrupt', postInterrupt),
  route('POST', '/free', postFree),
  route('GET', '/api/jobs', async (req, deps) => listJobs(req.query, jobsDeps(deps)), '0.33'),
  route('GET', '/api/jobs/{job_id}', async (req, deps) => getJob(req.params['job_id'] ?? '', jobsDeps(deps)), '0.33'),
  route(
    'POST',
    '/api/jobs/cancel',
    async (req, deps) => {
      let body: Json;
      try {
        body = await req.json();
      } catch (error) {
        if (error instanceof SyntaxError) return json({ error: 'Request body must be valid JSON' }, 400);
        throw error;
      }
      return cancelJobs(body, jobsDeps(deps));
    },
    '0.33',
  ),
  route('POST', '/api/jobs/{job_id}/cancel', async (req, deps) => json({ cancelled: cancelJob(req.params['job_id'] ?? '', jobsDeps(deps)) }), '0.33'),
];

function matchSegments(pattern: readonly string[], path: readonly string[]): Record<string, string> | null {
  if (pattern.length !== path.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? '';
    const s = path[i] ?? '';
    if (p.startsWith('{') && p.endsWith('}')) {
      if (s === '') return null;
      params[p.slice(1, -1)] = s;
    } else if (p !== s) return null;
  }
  return params;
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly handler: Handler; readonly params: Record<string, string> }
  | { readonly kind: 'method_not_allowed'; readonly allow: string }
  | { readonly kind: 'not_found' };

/** aiohttp's router: a path served by no route → 404; by another method only → 405. */
export function matchRoute(method: string, pathname: string, protocol: Protocol): RouteMatch {
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const candidates = [pathname];
  if (pathname.startsWith('/api/')) candidates.push(pathname.slice(4));
  const wanted = method === 'HEAD' ? 'GET' : method;
  const allowed = new Set<string>();
  for (const candidate of candidates) {
    const path = candidate.split('/').slice(1).map(decode);
    for (const r of ROUTES) {
      if (r.onlyProtocol !== undefined && r.onlyProtocol !== protocol) continue;
      const params = matchSegments(r.segments, path);
      if (params === null) continue;
      if (r.method === wanted) return { kind: 'found', handler: r.handler, params };
      allowed.add(r.method);
    }
  }
  return allowed.size > 0 ? { kind: 'method_not_allowed', allow: [...allowed].join(',') } : { kind: 'not_found' };
}
