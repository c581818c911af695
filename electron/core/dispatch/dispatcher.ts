// The scheduler over every configured ComfyUI backend. Each backend (backend-link.ts) holds at
// most PIPELINE_DEPTH Heirloom prompts; whenever one has a free slot, the least-loaded capable
// backend claims the next job it can run (its nodes and models, capability.ts), in priority
// order. A backend that goes away gives its jobs back (not the photo's fault) and the batch
// carries on elsewhere; one that comes back is used again. Start-up recovery runs first.
import { randomUUID } from 'node:crypto';
import type { BackendDto, BackendProbeDto, ErrorInfo, JobStage } from '../../shared/contract';
import type { BackendConfig } from '../api/backend-store';
import type { WorkflowRegistry } from '../api/workflow-registry';
import { createComfyClient, type ComfyClient } from '../comfy/client';
import type { PhotoStore } from '../library/photo-store';
import type { ClaimedJob, ClaimFilter, JobQueue, Lease, RunningJob } from '../queue/job-queue';
import { resolveParams } from '../workflows';
import { createBackendLink, type BackendLink } from './backend-link';
import { describeShortfalls, shortfalls } from './capability';
import { AttemptStopped, classify } from './classify';
import { createHealthMonitor } from './health-monitor';
import { probeBackend, probeDto, type SelectedWorkflow } from './probe-backend';
import { reconcile } from './recovery';
import { followPrompt, runAttempt, type AttemptDeps } from './run-attempt';
import { PIPELINE_DEPTH, pickBackend, shouldFree } from './scheduler';
import { createWakeSignal } from './wake-signal';
import { createWorkflowCache } from './workflow-cache';
import type { ResultWriter } from '../output/save-result';
import { isBrokerBackend } from '../broker/send-to-broker';
import type { RemoteTarget } from './remote-target';
import type { Rebuilder } from '../colorize';

export interface DispatcherOptions {
  queue: JobQueue;
  photos: PhotoStore;
  workflows: WorkflowRegistry;
  /** The configured backends (the backends table), read again by syncBackends(). */
  backends: () => readonly BackendConfig[];
  resultWriter: ResultWriter;
  /** The workflow and parameters new photos get: what a backend's "compatible" refers to. */
  selectedWorkflow: () => { workflowId: string; params: Readonly<Record<string, unknown>> };
  onBackend: (backend: BackendDto) => void;
  onBackendRemoved: (id: string) => void;
  now: () => number;
  /** One client id per installation run: ComfyUI routes a prompt's events to it. */
  clientId?: string;
  /** Between checks of a backend that is down. Default 3 s (a ComfyUI restart takes ~4 s). */
  offlineRetryMs?: number;
  /** Between checks of a backend that is up. Default 10 s. */
  healthCheckMs?: number;
  /** Bound of one check. Default 10 s. */
  probeTimeoutMs?: number;
  /** How often to look for expired leases and due retries while idle. Default 10 s. */
  idleCheckMs?: number;
  createClient?: (config: BackendConfig, clientId: string) => ComfyClient;
  /** Remote workers (the broker), when configured: they take what local backends leave (remote-target.ts). */
  remote?: RemoteTarget;
  /** Chroma mode's rebuild on worker threads (colorize/rebuild-pool.ts); without, on this thread. */
  rebuilder?: Rebuilder;
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

const SHUTDOWN: ErrorInfo = { code: 'shutdown', message: 'Heirloom stopped before this photo reached ComfyUI; it will be restored again.' };

export function createDispatcher(options: DispatcherOptions) {
  const { queue, photos, now } = options;
  const clientId = options.clientId ?? randomUUID();
  const makeClient = options.createClient ?? ((config: BackendConfig, id: string) => createComfyClient({ baseUrl: config.url, clientId: id, headers: { ...config.headers } }));
  const idleCheckMs = options.idleCheckMs ?? 10_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 10_000;
  const wake = createWakeSignal();
  const cache = createWorkflowCache(options.workflows, () => {
    emitAll();
    wake.wake();
  });
  const attemptDeps: AttemptDeps = { queue, photos, workflows: cache, resultWriter: options.resultWriter, ...(options.rebuilder ? { rebuilder: options.rebuilder } : {}) };
  const links = new Map<string, BackendLink>();
  /** Every attempt and recovered prompt under way, to await on stop. */
  const running = new Set<Promise<void>>();
  const idleWaiters = new Set<() => void>();
  const health = createHealthMonitor({ now, targets: () => [...links.values()].map((link) => link.health) });
  let lifetime = new AbortController();
  let loop: Promise<void> | undefined;
  let recovering = false;
  let sequence = 0;
  let selectedKey = '';

  function selected(): SelectedWorkflow | undefined {
    const { workflowId, params } = options.selectedWorkflow();
    const def = cache.peek(workflowId);
    if (!def) return undefined;
    const resolved = resolveParams(def, params);
    const fallback = resolveParams(def, {});
    const chosen = resolved.ok ? resolved.params : fallback.ok ? fallback.params : undefined;
    return chosen ? { def, params: chosen } : undefined;
  }

  function emit(link: BackendLink): void {
    options.onBackend(link.dto(selected(), cache.known()));
  }
  function emitAll(): void {
    for (const link of links.values()) emit(link);
  }

  function createLink(config: BackendConfig): BackendLink {
    const link = createBackendLink({
      config,
      clientId,
      now,
      offlineRetryMs: options.offlineRetryMs ?? 3_000,
      healthCheckMs: options.healthCheckMs ?? 10_000,
      probeTimeoutMs,
      onChange: () => {
        if (links.get(config.id) === link) emit(link);
        wake.wake();
      },
      onCheckDue: () => health.poke(),
      createClient: makeClient,
    });
    if (loop) link.activate();
    return link;
  }

  /**
   * Brings the links in line with the configured backends. A removed backend, or one whose URL or
   * headers changed, gives its photos in flight back. Returns how many were given back.
   */
  function syncBackends(): number {
    let released = 0;
    const configs = options.backends();
    const next = new Map<string, BackendLink>();
    for (const config of configs) {
      const link = links.get(config.id);
      const sameConnection = link && link.config.url === config.url && JSON.stringify(link.config.headers) === JSON.stringify(config.headers);
      if (link && sameConnection) {
        next.set(config.id, link);
        if (link.config.name !== config.name || link.config.enabled !== config.enabled) link.reconfigure(config);
        continue;
      }
      if (link) released += link.retire(`The connection settings of backend ${link.config.name} changed; the photo is queued again.`);
      next.set(config.id, createLink(config));
    }
    for (const [id, link] of links) {
      if (next.has(id)) continue;
      released += link.retire(`Backend ${link.config.name} (${link.config.url}) was removed; the photo is queued again.`);
      options.onBackendRemoved(id);
    }
    links.clear();
    for (const [id, link] of next) links.set(id, link);
    emitAll();
    health.poke();
    wake.wake();
    return released;
  }

  function linkByUrl(url: string): BackendLink | undefined {
    return [...links.values()].find((link) => link.config.url === url);
  }

  /** Whether `link` takes this queued job now. Unknown workflows and invalid params are taken: the attempt fails them with the reason. */
  function accepts(link: BackendLink): ClaimFilter {
    return (job) => {
      const def = cache.peek(job.workflowId);
      if (def === undefined) return false;
      if (def === null) return true;
      const fit = link.fit(def, job.params);
      return fit !== undefined && fit.kind !== 'lacks';
    };
  }

  function track(work: Promise<void>): void {
    running.add(work);
    void work.finally(() => {
      running.delete(work);
      wake.wake();
    });
  }

  /** Settles a failed attempt on the job: give back, retry later, or fail. */
  function settle(link: BackendLink | undefined, job: { lease: Lease }, error: unknown, stopSignal: AbortSignal | undefined): void {
    const { lease } = job;
    if (lifetime.signal.aborted) {
      // Shutdown: a prompt ComfyUI accepted is left to finish there; start-up recovery collects it.
      if (!link?.submitted(lease.jobId)) queue.release(lease, SHUTDOWN);
      return;
    }
    let cause = error;
    if (stopSignal?.aborted) {
      const reason: unknown = stopSignal.reason;
      // A canceled job's lease is already gone: nothing to settle.
      if (reason instanceof AttemptStopped && reason.reason.kind === 'canceled') return;
      cause = reason;
    }
    const settlement = classify(cause);
    if (settlement.checkBackend) link?.checkSoon(true);
    switch (settlement.action) {
      case 'release':
        queue.release(lease, settlement.info);
        break;
      case 'retry':
        queue.retryLater(lease, settlement.info);
        break;
      case 'fail':
        queue.fail(lease, settlement.info);
        break;
      default: {
        const exhaustive: never = settlement.action;
        throw new Error(`unknown settlement ${String(exhaustive)}`);
      }
    }
  }

  /** Runs `work` in one of the link's slots and settles it. */
  function occupy(link: BackendLink, job: { lease: Lease }, promptId: string | null, work: (signal: AbortSignal) => Promise<void>): void {
    const jobId = job.lease.jobId;
    const stopSignal = link.begin(jobId, ++sequence);
    if (promptId) link.queued(jobId, promptId);
    const signal = AbortSignal.any([lifetime.signal, stopSignal]);
    track(
      work(signal).then(
        () => {
          link.end(jobId, true);
          if (shouldFree({ promptsSinceFree: link.promptsSinceFree(), idle: false })) link.free();
        },
        (error: unknown) => {
          settle(link, job, error, stopSignal);
          link.end(jobId, false);
        },
      ),
    );
  }

  function start(link: BackendLink, job: ClaimedJob): void {
    const target = {
      client: link.client,
      onQueued: (promptId: string) => link.queued(job.lease.jobId, promptId),
      onStage: (stage: JobStage) => link.staged(job.lease.jobId, stage),
      onBackendDone: () => link.handOff(job.lease.jobId),
    };
    occupy(link, job, null, (signal) => runAttempt(attemptDeps, job, target, signal));
  }

  /** Fills every free slot it can. Returns how many jobs started and the links that found nothing to run. */
  function pump(): { started: number; starved: BackendLink[] } {
    let started = 0;
    const starved: BackendLink[] = [];
    const skip = new Set<string>();
    for (;;) {
      const loads = [...links.values()]
        .filter((link) => !skip.has(link.config.id))
        .map((link) => ({ id: link.config.id, available: link.available(), inFlight: link.inFlight(), lastAssigned: link.lastAssigned() }));
      const id = pickBackend(loads, PIPELINE_DEPTH);
      const link = id === undefined ? undefined : links.get(id);
      if (!link) break;
      const job = queue.claim(link.config.url, { accept: accepts(link) });
      if (!job) {
        skip.add(link.config.id);
        starved.push(link);
        continue;
      }
      start(link, job);
      started++;
    }
    return { started: started + sendRemote(), starved };
  }

  /** After the local backends: fills the broker's window with what is left, in priority order. */
  function sendRemote(): number {
    const remote = options.remote;
    if (!remote?.enabled()) return 0;
    let room = remote.capacity - remote.inFlight();
    let sent = 0;
    while (room > 0) {
      // Known workflows only: an unknown one is failed with its reason by a local attempt (or waits).
      const job = queue.claim(null, { accept: (candidate) => Boolean(cache.peek(candidate.workflowId)) });
      if (!job) break;
      const def = cache.peek(job.workflowId);
      const photo = photos.row(job.photoId);
      if (!def || !photo) {
        queue.fail(job.lease, { code: 'workflow-missing', message: `Workflow ${job.workflowId} or the photo is no longer available.` });
        continue;
      }
      if (!remote.send(job, photo, def)) continue;
      room--;
      sent++;
    }
    return sent;
  }

  /**
   * Jobs that no enabled backend can run fail with what is missing where. Backends that are down
   * count with the capabilities they last had (they will likely come back the same; one never
   * reached does not count); while none is up, nothing fails: jobs simply wait.
   */
  function failUnrunnable(): void {
    const enabled = [...links.values()].filter((link) => link.config.enabled);
    // Not before every enabled backend was checked once, and only while one is up.
    if (enabled.some((link) => !link.available() && !link.down()) || !enabled.some((link) => link.available())) return;
    const judges = [...links.values()].filter((link) => link.config.enabled && link.objectInfo() !== undefined);
    for (;;) {
      let why: { message: string; code: string } | undefined;
      const job = queue.claim(null, {
        accept: (candidate) => {
          const def = cache.peek(candidate.workflowId);
          if (!def) return false;
          const lacks: string[] = [];
          let nodes = true;
          for (const link of judges) {
            const fit = link.fit(def, candidate.params);
            if (fit?.kind !== 'lacks') return false;
            nodes &&= fit.missing.every((s) => s.kind === 'node');
            lacks.push(describeShortfalls(link.config.url, fit.missing));
          }
          why = { code: nodes ? 'node-missing' : 'model-missing', message: `No backend can run this photo: ${lacks.join('; ')}.` };
          return true;
        },
      });
      if (!job || !why) return;
      queue.fail(job.lease, why);
    }
  }

  /**
   * The end of a batch: a backend that has nothing left to claim and nothing to do takes over a
   * prompt of ours still waiting in another backend's queue (deleted there first; a prompt that
   * started meanwhile stays). Without it the last photos could wait behind each other on one GPU
   * while another GPU is idle.
   */
  function rebalance(starved: readonly BackendLink[]): void {
    for (const idleLink of starved) {
      if (idleLink.inFlight() > 0 || !idleLink.available()) continue;
      for (const busy of links.values()) {
        if (busy === idleLink) continue;
        const waiting = busy.waitingBehind();
        if (!waiting) continue;
        const job = queue.running().find((j) => j.lease.jobId === waiting.jobId);
        const def = job ? cache.peek(job.workflowId) : undefined;
        if (!job || !def || idleLink.fit(def, job.params)?.kind !== 'runs') continue;
        void busy.takeBack(waiting.jobId, waiting.promptId, `Moved from ${busy.config.url} to ${idleLink.config.url}, which was idle.`);
        return;
      }
    }
  }

  function idle(): boolean {
    return running.size === 0 && !recovering && (options.remote?.inFlight() ?? 0) === 0 && [...links.values()].every((link) => !link.config.enabled || link.available() || link.down());
  }

  function notifyIdle(): void {
    idleWaiters.forEach((resolve) => resolve());
    idleWaiters.clear();
  }

  async function recover(signal: AbortSignal): Promise<void> {
    for (const job of queue.running()) {
      if (signal.aborted) return;
      if (isBrokerBackend(job.backendUrl)) {
        // At a remote worker: its result arrives through the broker. With the broker off meanwhile, queued here again.
        if (!options.remote?.enabled() && queue.release(job.lease, { code: 'broker-off', message: 'Remote workers are switched off; the photo is queued here again.' })) {
          options.remote?.canceled([job.lease.jobId]);
        }
        continue;
      }
      const link = job.backendUrl ? linkByUrl(job.backendUrl) : undefined;
      // A backend removed from the list since: asked once more, with a client of its own.
      const detached = !link && job.backendUrl ? makeClient({ id: '', name: job.backendUrl, url: job.backendUrl, headers: {}, enabled: true }, clientId) : undefined;
      const client = link?.client ?? detached;
      try {
        const found = client
          ? await reconcile(job, client, signal)
          : { kind: 'requeue' as const, message: 'Heirloom stopped before this photo reached ComfyUI; it is queued again.' };
        if (found.kind === 'requeue') {
          queue.requeue(job.lease, { code: 'recovered', message: found.message });
          detached?.close();
          continue;
        }
        const follow = (signal: AbortSignal) => followPrompt(attemptDeps, job, link?.client ?? (client as ComfyClient), found.prompt, signal);
        if (link) occupy(link, job, found.prompt.id, follow);
        else {
          track(
            follow(lifetime.signal)
              .catch((error: unknown) => settle(undefined, job, error, undefined))
              .finally(() => detached?.close()),
          );
        }
      } catch (error) {
        detached?.close();
        if (signal.aborted) return;
        settle(link, job, error, undefined);
      }
    }
  }

  async function work(signal: AbortSignal): Promise<void> {
    recovering = true;
    await cache.preload();
    await recover(signal);
    recovering = false;
    while (!signal.aborted) {
      try {
        queue.reclaimExpired();
        const { started, starved } = pump();
        // With remote workers on, a job no local backend can run may still run remotely.
        if (starved.length > 0 && !options.remote?.enabled()) failUnrunnable();
        rebalance(starved);
        for (const link of starved) {
          if (link.inFlight() === 0 && shouldFree({ promptsSinceFree: link.promptsSinceFree(), idle: true })) link.free();
        }
        if (started === 0 && idle()) notifyIdle();
        const next = queue.nextRunAtMs();
        await wake.wait(next === undefined || next <= now() ? idleCheckMs : Math.min(idleCheckMs, next - now()), signal);
      } catch (error) {
        if (signal.aborted) break;
        console.error('dispatcher: unexpected error', error);
        await wake.wait(options.offlineRetryMs ?? 3_000, signal);
      }
    }
  }

  syncBackends();

  return {
    start(): void {
      if (loop) return;
      lifetime = new AbortController();
      for (const link of links.values()) link.activate();
      const signal = lifetime.signal;
      const monitor = health.run(signal);
      loop = Promise.all([work(signal), monitor]).then(() => undefined);
    },
    async stop(): Promise<void> {
      lifetime.abort();
      wake.wake();
      health.poke();
      await loop;
      await Promise.allSettled([...running]);
      loop = undefined;
      for (const link of links.values()) link.close();
      notifyIdle();
    },
    /** New work or new settings: look again now instead of at the next timer. */
    wake(): void {
      const { workflowId, params } = options.selectedWorkflow();
      const key = `${workflowId}\u0000${JSON.stringify(params)}`;
      if (key !== selectedKey) {
        selectedKey = key;
        emitAll();
      }
      wake.wake();
    },
    syncBackends,
    backends: (): BackendDto[] => [...links.values()].map((link) => link.dto(selected(), cache.known())),
    backend: (id: string): BackendDto | undefined => {
      const link = links.get(id);
      return link?.dto(selected(), cache.known());
    },
    /**
     * Jobs the user canceled while they ran (already `canceled` in the queue): stop following them
     * and take their prompt off the backend — delete it from the queue there, or interrupt it only
     * when it is the prompt that backend is running right now.
     */
    async cancelRunning(jobs: readonly RunningJob[]): Promise<void> {
      options.remote?.canceled(jobs.filter((job) => isBrokerBackend(job.backendUrl)).map((job) => job.lease.jobId));
      for (const job of jobs) {
        for (const link of links.values()) link.stop(job.lease.jobId, new AttemptStopped({ kind: 'canceled' }, 'canceled by the user'));
        if (!job.remotePromptId || !job.backendUrl || isBrokerBackend(job.backendUrl)) continue;
        const link = linkByUrl(job.backendUrl);
        const client = link?.client ?? makeClient({ id: '', name: job.backendUrl, url: job.backendUrl, headers: {}, enabled: true }, randomUUID());
        try {
          const status = await client.promptStatus(job.remotePromptId, AbortSignal.timeout(probeTimeoutMs));
          if (status === 'running') await client.interrupt(job.remotePromptId);
          else if (status === 'queued') await client.deleteQueued([job.remotePromptId]);
        } catch (error) {
          console.warn(`cancel: could not remove prompt ${job.remotePromptId} from ${job.backendUrl}:`, error instanceof Error ? error.message : error);
        } finally {
          if (!link) client.close();
        }
      }
    },
    /**
     * Resolves once nothing can progress until something changes: no prompt in flight, recovery
     * done, every enabled backend checked, and no backend could take a job.
     */
    waitForIdle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.add(resolve);
        wake.wake();
      });
    },
    /** "Test connection": probe a URL without touching the dispatcher's own clients. */
    async test(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<BackendProbeDto> {
      const client = makeClient({ id: '', name: url, url, headers, enabled: true }, randomUUID());
      try {
        await cache.preload();
        return probeDto(url, await probeBackend(client, { signal, now }), selected(), cache.known());
      } finally {
        client.close();
      }
    },
    /**
     * Why these parameters cannot run on any backend that is up (a model file none offers), or
     * null when one can, none is up, or the workflow/params are invalid (the manifest check says so).
     */
    async paramsProblem(workflowId: string, params: Readonly<Record<string, unknown>>): Promise<string | null> {
      const def = await cache.load(workflowId);
      if (!def) return null;
      const resolved = resolveParams(def, params);
      if (!resolved.ok) return null;
      const up = [...links.values()].filter((link) => link.available());
      const lacking = up.map((link) => ({ link, missing: shortfalls(def, resolved.params, link.objectInfo() ?? {}) }));
      if (lacking.length === 0 || lacking.some(({ missing }) => missing.length === 0)) return null;
      const models = lacking.filter(({ missing }) => missing.some((s) => s.kind === 'model'));
      if (models.length === 0) return null;
      return models.map(({ link, missing }) => describeShortfalls(link.config.url, missing.filter((s) => s.kind === 'model'))).join('; ');
    },
  };
}

