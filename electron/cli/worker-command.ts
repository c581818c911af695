// `heirloom worker`: a remote worker. Takes tasks from RabbitMQ, runs them on its own ComfyUI
// backends, sends the results back. Runs until SIGTERM/SIGINT: then it takes no new task, gives
// back the ones it has not started and lets started ones finish (up to --grace seconds).
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createWorkflowRegistry } from '../core/api/workflow-registry';
import { describeError } from '../core/broker/keep-connected';
import { checkBrokerUrl, redactUrl, withCredentials } from '../core/broker/settings';
import { createTopology, DEFAULT_PREFIX } from '../core/broker/topology';
import { createBackendPool } from '../core/broker/worker/executor';
import { createRebuildPool, defaultRebuildWorkers } from '../core/colorize';
import { rebuildWorkerOption } from './rebuild-threads';
import { createWorkerMetrics, serveMetrics } from '../core/broker/worker/metrics';
import { openTaskRecords } from '../core/broker/worker/task-records';
import { PREFETCH_PER_BACKEND, startWorker } from '../core/broker/worker/worker';
import { BackendUrlSchema } from '../shared/contract';
import { appVersion, defaultDataDir, WORKFLOWS_DIR } from './paths';

export const WORKER_USAGE = `  heirloom worker --amqp URL --comfy URL [--comfy URL]... [--prefetch N] [--metrics-port P]
                  [--metrics-host 127.0.0.1] [--kind KIND]... [--prefix heirloom] [--grace 60] [--data DIR]
      Be a remote worker: take photos from RabbitMQ (amqp:// or amqps://), colorize them on these
      ComfyUI backends, send the results back. Credentials: HEIRLOOM_AMQP_USER and
      HEIRLOOM_AMQP_PASSWORD (or in the URL). --prefetch defaults to 3 per backend; --kind limits the
      workflow kinds taken (default: every installed workflow's kind). Stops cleanly on SIGTERM.`;

export interface WorkerCommandOptions {
  amqpUrl: string;
  comfy: string[];
  prefetch: number;
  metrics: { host: string; port: number } | null;
  kinds: string[] | null;
  prefix: string;
  graceMs: number;
  dataDir: string;
}

type Parsed = { ok: true; options: WorkerCommandOptions } | { ok: false; message: string };

export function parseWorkerArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>>): Parsed {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      amqp: { type: 'string' },
      comfy: { type: 'string', multiple: true },
      prefetch: { type: 'string' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string', default: '127.0.0.1' },
      kind: { type: 'string', multiple: true },
      prefix: { type: 'string', default: DEFAULT_PREFIX },
      grace: { type: 'string', default: '60' },
      data: { type: 'string' },
    },
  });
  if (positionals.length > 0) return { ok: false, message: `worker takes no positional arguments (got ${positionals.join(' ')}).` };
  const amqp = values.amqp ?? env.HEIRLOOM_AMQP_URL;
  if (!amqp) return { ok: false, message: 'worker needs --amqp URL (for example --amqp amqp://rabbit.local:5672).' };
  let amqpUrl: string;
  try {
    const url = new URL(amqp);
    const user = env.HEIRLOOM_AMQP_USER ?? decodeURIComponent(url.username);
    const password = env.HEIRLOOM_AMQP_PASSWORD ?? decodeURIComponent(url.password);
    url.username = '';
    url.password = '';
    const problem = checkBrokerUrl(url.toString());
    if (problem) return { ok: false, message: `--amqp: ${problem}` };
    amqpUrl = withCredentials(url.toString(), { username: user, password });
  } catch {
    return { ok: false, message: `--amqp must be an amqp:// or amqps:// URL, not "${amqp}".` };
  }
  const comfy = values.comfy ?? [];
  if (comfy.length === 0) return { ok: false, message: 'worker needs at least one --comfy URL (for example --comfy http://127.0.0.1:8188).' };
  const badComfy = comfy.find((url) => !BackendUrlSchema.safeParse(url).success);
  if (badComfy !== undefined) return { ok: false, message: `--comfy must be an http:// or https:// URL, not "${badComfy}".` };
  const prefetch = values.prefetch === undefined ? PREFETCH_PER_BACKEND * new Set(comfy).size : Number(values.prefetch);
  if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 1000) return { ok: false, message: `--prefetch must be 1–1000, not ${values.prefetch}.` };
  let metrics: WorkerCommandOptions['metrics'] = null;
  if (values['metrics-port'] !== undefined) {
    const port = Number(values['metrics-port']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, message: `--metrics-port must be 0–65535, not ${values['metrics-port']}.` };
    metrics = { host: values['metrics-host'], port };
  }
  const graceS = Number(values.grace);
  if (!Number.isFinite(graceS) || graceS < 0) return { ok: false, message: `--grace must be a number of seconds, not ${values.grace}.` };
  return {
    ok: true,
    options: {
      amqpUrl,
      comfy,
      prefetch,
      metrics,
      kinds: values.kind ?? null,
      prefix: values.prefix,
      graceMs: graceS * 1000,
      dataDir: values.data ?? env.HEIRLOOM_WORKER_DATA_DIR ?? join(defaultDataDir(env), 'worker'),
    },
  };
}

/** A stable id for this worker's data dir: results say which worker made them. */
async function workerId(dataDir: string): Promise<string> {
  const path = join(dataDir, 'worker-id');
  const existing = (await readFile(path, 'utf8').catch(() => '')).trim();
  if (existing) return existing;
  const id = `${hostname()}-${randomUUID().slice(0, 8)}`;
  await writeFile(path, `${id}\n`);
  return id;
}

export async function runWorkerCommand(options: WorkerCommandOptions, log: (line: string) => void = console.log): Promise<number> {
  await mkdir(options.dataDir, { recursive: true });
  const id = await workerId(options.dataDir);
  const workflows = await createWorkflowRegistry(WORKFLOWS_DIR);
  const installed = [...new Set(workflows.list().map((w) => w.kind))].sort();
  const kinds = options.kinds ?? installed;
  const unknown = kinds.filter((kind) => !installed.includes(kind));
  if (unknown.length > 0) throw new Error(`no installed workflow has kind ${unknown.join(', ')} (installed kinds: ${installed.join(', ')})`);

  const stop = new AbortController();
  const onSignal = (name: string) => () => {
    if (stop.signal.aborted) {
      log(`${name} again: exiting now; unfinished tasks return to the queue.`);
      process.exit(130);
    }
    log(`${name}: finishing started tasks (up to ${options.graceMs / 1000} s), returning the others…`);
    stop.abort();
  };
  const onTerm = onSignal('SIGTERM');
  const onInt = onSignal('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);

  const metrics = createWorkerMetrics();
  const server = options.metrics ? await serveMetrics(metrics, options.metrics) : null;
  // Chroma-mode tasks are rebuilt here at full resolution: on worker threads, as in the app.
  const { startRebuildWorker } = rebuildWorkerOption();
  const rebuilder = startRebuildWorker ? createRebuildPool({ size: defaultRebuildWorkers(), startWorker: startRebuildWorker }) : undefined;
  const executor = createBackendPool({
    urls: options.comfy,
    clientId: randomUUID(),
    now: Date.now,
    onHealth: (health) => metrics.backends(health),
    ...(rebuilder ? { rebuilder } : {}),
  });
  const records = await openTaskRecords({ dir: join(options.dataDir, 'tasks'), now: Date.now });
  const worker = startWorker({
    url: options.amqpUrl,
    topology: createTopology({ prefix: options.prefix }),
    executor,
    workflows,
    kinds,
    records,
    identity: { id, hostname: hostname(), version: appVersion() },
    signal: stop.signal,
    prefetch: options.prefetch,
    graceMs: options.graceMs,
    now: Date.now,
    metrics,
    onState: (state) => log(state.connected ? `connected to ${redactUrl(options.amqpUrl)}` : `broker unavailable (${state.error}); retrying in ${Math.round(state.retryInMs / 100) / 10} s`),
    onSettled: ({ taskId, outcome, detail }) => log(`task ${taskId ?? '(unreadable)'} ${outcome}${detail ? `: ${detail}` : ''}`),
  });
  log(
    `worker ${id} taking ${kinds.join(', ')} tasks (prefix ${options.prefix}, prefetch ${options.prefetch}) for ComfyUI ${options.comfy.join(', ')}` +
      (server ? `; metrics on ${server.url}` : ''),
  );
  try {
    await worker.done;
  } catch (error) {
    log(`worker stopped: ${describeError(error)}`);
    return 1;
  } finally {
    executor.close();
    await rebuilder?.close();
    await server?.close();
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
  }
  log('worker stopped.');
  return 0;
}

/** The `worker` subcommand as heirloom.ts calls it; `usage` prints the message and the usage text. */
export async function workerCommand(args: readonly string[], usage: (message: string) => number): Promise<number> {
  const parsed = parseWorkerArgs(args, process.env);
  if (!parsed.ok) return usage(parsed.message);
  return runWorkerCommand(parsed.options);
}
