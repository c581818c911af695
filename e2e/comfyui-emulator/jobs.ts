// ComfyUI emulator (test infrastructure): the /api/jobs view of ComfyUI 0.33 (server.py and
// comfy_execution/jobs.py): pending / in_progress / completed / failed / cancelled jobs built from
// the queue and history; 404 {"error": "Job not found"} for unknown ids. Only with protocol '0.33'.
import type { History } from './history';
import type { Reply } from './http';
import { json } from './http';
import type { PromptQueue, QueueItem } from './prompt-queue';
import type { Json, JsonObject } from './py';
import { PyException, isJsonObject, pyInt } from './py';

const STATUSES = ['pending', 'in_progress', 'completed', 'failed', 'cancelled'] as const;
type JobStatus = (typeof STATUSES)[number];
const PREVIEWABLE = new Set(['images', 'video', 'audio', '3d', 'text']);
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** comfy_execution.jobs.validate_job_id: str(uuid.UUID(value)) == value. */
export function isCanonicalUuid(value: Json | undefined): value is string {
  return typeof value === 'string' && CANONICAL_UUID.test(value);
}

/** prune_dict: drop None-valued fields. */
function prune(obj: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

function workflowId(extraData: JsonObject): Json | undefined {
  const pnginfo = extraData['extra_pnginfo'];
  const workflow = isJsonObject(pnginfo) ? pnginfo['workflow'] : undefined;
  const id = isJsonObject(workflow) ? workflow['id'] : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function queueJob(item: QueueItem, status: JobStatus): JsonObject {
  return prune({
    id: item.promptId,
    status,
    priority: item.number,
    create_time: item.extraData['create_time'],
    outputs_count: 0,
    workflow_id: workflowId(item.extraData),
  });
}

function outputsSummary(outputs: Json | undefined): { count: number; preview: JsonObject | null } {
  let count = 0;
  let preview: JsonObject | null = null;
  let fallback: JsonObject | null = null;
  if (!isJsonObject(outputs)) return { count, preview };
  for (const [nodeId, nodeOutputs] of Object.entries(outputs)) {
    if (!isJsonObject(nodeOutputs)) continue;
    for (const [mediaType, items] of Object.entries(nodeOutputs)) {
      if (mediaType === 'animated' || !Array.isArray(items)) continue;
      for (const item of items) {
        if (!isJsonObject(item)) continue;
        count++;
        if (preview !== null || !PREVIEWABLE.has(mediaType)) continue;
        const enriched = { ...item, nodeId, mediaType: item['mediaType'] ?? mediaType };
        if (item['type'] === 'output') preview = enriched;
        else fallback ??= enriched;
      }
    }
  }
  return { count, preview: preview ?? fallback };
}

function historyJob(promptId: string, entry: JsonObject, withDetails: boolean): JsonObject {
  const tuple = Array.isArray(entry['prompt']) ? entry['prompt'] : [];
  const extraData = isJsonObject(tuple[3]) ? tuple[3] : {};
  const status = isJsonObject(entry['status']) ? entry['status'] : {};
  let start: Json | undefined;
  let end: Json | undefined;
  let error: Json | undefined;
  let interrupted = false;
  for (const message of Array.isArray(status['messages']) ? status['messages'] : []) {
    if (!Array.isArray(message) || !isJsonObject(message[1])) continue;
    const [event, data] = [message[0], message[1]];
    if (event === 'execution_start') start = data['timestamp'];
    if (event === 'execution_success' || event === 'execution_error' || event === 'execution_interrupted') end = data['timestamp'];
    if (event === 'execution_error') error = data;
    if (event === 'execution_interrupted') interrupted = true;
  }
  const jobStatus: JobStatus = status['status_str'] === 'error' ? (interrupted ? 'cancelled' : 'failed') : 'completed';
  const { count, preview } = outputsSummary(entry['outputs']);
  const job = prune({
    id: promptId,
    status: jobStatus,
    priority: tuple[0],
    create_time: extraData['create_time'],
    execution_start_time: start,
    execution_end_time: end,
    execution_error: error,
    outputs_count: count,
    preview_output: preview,
    workflow_id: workflowId(extraData),
  });
  if (withDetails) {
    job['outputs'] = entry['outputs'] ?? {};
    job['execution_status'] = status;
    job['workflow'] = { prompt: tuple[2] ?? null, extra_data: extraData };
  }
  return job;
}

export interface JobsDeps {
  readonly queue: PromptQueue;
  readonly history: History;
  /** interrupt_if_running: true when the job was running and got interrupted. */
  readonly interruptIfRunning: (promptId: string) => boolean;
}

function numberOf(job: JsonObject, key: string): number {
  const v = job[key];
  return typeof v === 'number' ? v : 0;
}

export function listJobs(query: URLSearchParams, deps: JobsDeps): Reply {
  const statusParam = query.get('status');
  let filter: string[] = [...STATUSES];
  if (statusParam) {
    filter = statusParam
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== '');
    const invalid = filter.filter((s) => !(STATUSES as readonly string[]).includes(s));
    if (invalid.length > 0) return json({ error: `Invalid status value(s): ${invalid.join(', ')}. Valid values: ${STATUSES.join(', ')}` }, 400);
  }
  const sortBy = (query.get('sort_by') ?? 'created_at').toLowerCase();
  const sortOrder = (query.get('sort_order') ?? 'desc').toLowerCase();
  if (sortBy !== 'created_at' && sortBy !== 'execution_duration') return json({ error: "sort_by must be 'created_at' or 'execution_duration'" }, 400);
  if (sortOrder !== 'asc' && sortOrder !== 'desc') return json({ error: "sort_order must be 'asc' or 'desc'" }, 400);
  let limit: number | null = null;
  const limitParam = query.get('limit');
  if (limitParam !== null) {
    try {
      limit = pyInt(limitParam);
    } catch (error) {
      if (error instanceof PyException) return json({ error: 'limit must be an integer' }, 400);
      throw error;
    }
    if (limit <= 0) return json({ error: 'limit must be a positive integer' }, 400);
  }
  let offset = 0;
  const offsetParam = query.get('offset');
  if (offsetParam !== null) {
    try {
      offset = Math.max(0, pyInt(offsetParam));
    } catch (error) {
      if (error instanceof PyException) return json({ error: 'offset must be an integer' }, 400);
      throw error;
    }
  }

  let jobs: JsonObject[] = [];
  if (filter.includes('in_progress')) jobs.push(...deps.queue.running().map((i) => queueJob(i, 'in_progress')));
  if (filter.includes('pending')) jobs.push(...deps.queue.pending().map((i) => queueJob(i, 'pending')));
  for (const [id, entry] of deps.history.entries()) {
    const job = historyJob(id, entry, false);
    if (filter.includes(String(job['status']))) jobs.push(job);
  }
  const workflow = query.get('workflow_id');
  if (workflow) jobs = jobs.filter((j) => j['workflow_id'] === workflow);
  const key = (job: JsonObject): number =>
    sortBy === 'execution_duration'
      ? numberOf(job, 'execution_end_time') && numberOf(job, 'execution_start_time')
        ? numberOf(job, 'execution_end_time') - numberOf(job, 'execution_start_time')
        : 0
      : numberOf(job, 'create_time');
  jobs.sort((a, b) => (sortOrder === 'desc' ? key(b) - key(a) : key(a) - key(b)));
  const total = jobs.length;
  const page = jobs.slice(offset, limit === null ? undefined : offset + limit);
  return json({ jobs: page, pagination: { offset, limit, total, has_more: offset + page.length < total } });
}

export function getJob(jobId: string, deps: JobsDeps): Reply {
  const entry = deps.history.get(jobId);
  if (entry !== undefined) return json(historyJob(jobId, entry, true));
  const running = deps.queue.running().find((i) => i.promptId === jobId);
  if (running) return json(queueJob(running, 'in_progress'));
  const pending = deps.queue.pending().find((i) => i.promptId === jobId);
  if (pending) return json(queueJob(pending, 'pending'));
  return json({ error: 'Job not found' }, 404);
}

/** Cancel by id whatever the state: interrupt if running, dequeue if pending, else no-op. */
export function cancelJob(jobId: string, deps: JobsDeps): boolean {
  if (deps.queue.running().some((i) => i.promptId === jobId)) return deps.interruptIfRunning(jobId);
  return deps.queue.deleteFirst((i) => i.promptId === jobId);
}

export function cancelJobs(body: Json, deps: JobsDeps): Reply {
  const ids = isJsonObject(body) ? body['job_ids'] : undefined;
  if (!Array.isArray(ids)) return json({ error: 'job_ids must be a list' }, 400);
  const invalid = ids.filter((id) => !isCanonicalUuid(id)).map((id) => (typeof id === 'string' ? id : JSON.stringify(id)));
  if (invalid.length > 0) return json({ error: 'job_ids contains invalid id(s)', invalid_ids: invalid }, 400);
  let cancelled = false;
  for (const id of ids) if (typeof id === 'string' && cancelJob(id, deps)) cancelled = true;
  return json({ cancelled });
}
