// One configured backend at run time: its ComfyUI client (one WebSocket), what its last check
// found, and the Heirloom prompts on it now (≤ PIPELINE_DEPTH, plus up to LOCAL_ALLOWANCE photos
// whose backend part is done and that are being finished here). Knows nothing of the queue: the
// dispatcher claims jobs for it and settles them.
import type { BackendDto, JobStage } from '../../shared/contract';
import type { BackendConfig } from '../api/backend-store';
import { createComfyClient, type ComfyClient } from '../comfy/client';
import type { ObjectInfoLike, WorkflowDefinition } from '../workflows';
import { jobFit, type JobFit } from './capability';
import { AttemptStopped } from './classify';
import type { HealthTarget } from './health-monitor';
import { probeBackend, probeDto, probeFailure, type Probe, type SelectedWorkflow } from './probe-backend';

export interface LinkOptions {
  config: BackendConfig;
  /** One per installation run: ComfyUI routes a prompt's events to the socket with this id. */
  clientId: string;
  now: () => number;
  /** Between checks while offline. */
  offlineRetryMs: number;
  /** Between checks while online (a /system_stats; /object_info again after a reconnect). */
  healthCheckMs: number;
  probeTimeoutMs: number;
  /** State, capabilities or in-flight count changed. */
  onChange: () => void;
  /** A check became due earlier than planned (dropped WebSocket, failed request). */
  onCheckDue: () => void;
  createClient?: (config: BackendConfig, clientId: string) => ComfyClient;
}

export type BackendLink = ReturnType<typeof createBackendLink>;

/** Photos per backend that may be finishing here (rebuilt, saved) beyond its slots: as the colorize bench keeps them. */
export const LOCAL_ALLOWANCE = 2;

const defaultClient = (config: BackendConfig, clientId: string) => createComfyClient({ baseUrl: config.url, clientId, headers: { ...config.headers } });

export function createBackendLink(options: LinkOptions) {
  const { now } = options;
  let config = options.config;
  const makeClient = options.createClient ?? defaultClient;
  let client: ComfyClient;
  let stopWatching: () => void = () => undefined;
  let probe: Probe | undefined;
  /** Capabilities from the last successful check, kept while offline (it will likely come back the same). */
  let lastObjectInfo: ObjectInfoLike | undefined;
  let nextCheckAt = 0;
  let fullCheckNeeded = true;
  /** The last check of a backend that was up failed without a refused connection. */
  let suspect = false;
  let closed = false;
  /** Watching the socket starts the socket: only once the dispatcher runs, not for a bare listing. */
  let active = false;
  /**
   * Attempts this link runs. `local`: the backend has done its part (chroma mode's small result is
   * downloaded) and the photo is being rebuilt and saved here; it no longer takes one of the
   * backend's slots, and losing the backend no longer stops it (a cancel still does).
   */
  const attempts = new Map<string, { controller: AbortController; promptId: string | null; stage: JobStage | null; moving: boolean; local: boolean }>();
  /** Attempts that still hold one of the backend's slots. */
  const onBackend = () => {
    let count = 0;
    for (const attempt of attempts.values()) if (!attempt.local) count++;
    return count;
  };
  /** Prompts of attempts given back while the backend looked down: removed there once it is back. */
  const orphans = new Set<string>();
  const fits = new Map<string, JobFit>();
  let lastAssigned = 0;
  let promptsSinceFree = 0;

  function connect(): void {
    stopWatching();
    client = makeClient(config, options.clientId);
    if (active) watch();
  }

  function watch(): void {
    const watched = client;
    // A dropped socket is the first sign of a backend going away: check it now.
    stopWatching = watched.events.onConnection((state) => {
      if (state === 'closed' && watched === client && !closed) checkSoon(true);
    });
  }
  connect();

  function checkSoon(full: boolean): void {
    if (full) fullCheckNeeded = true;
    nextCheckAt = Math.min(nextCheckAt, now());
    options.onCheckDue();
  }

  /** Stops the attempts the backend still has a part in; those only finishing here go on. */
  function stopAll(code: string, message: string): number {
    let stopped = 0;
    for (const attempt of attempts.values()) {
      if (attempt.local) continue;
      if (attempt.promptId) orphans.add(attempt.promptId);
      attempt.controller.abort(new AttemptStopped({ kind: 'backend-lost', code }, message));
      stopped++;
    }
    return stopped;
  }

  /** Best effort: takes our prompts off a backend (queued ones deleted, the running one interrupted). */
  async function removePrompts(target: ComfyClient, promptIds: readonly string[]): Promise<void> {
    if (promptIds.length === 0) return;
    const signal = AbortSignal.timeout(options.probeTimeoutMs);
    await target.deleteQueued(promptIds, signal).catch(() => undefined);
    for (const id of promptIds) await target.interrupt(id, signal).catch(() => undefined);
  }

  function apply(result: Probe): void {
    const wasUp = probe?.ok === true;
    if (!result.ok && !result.refused && wasUp && !suspect) {
      // One slow or garbled answer from a backend that was up (a busy machine, a proxy hiccup) is
      // not yet "gone": its prompts keep running; it is asked again soon, and a second failure
      // counts. A refused connection counts at once.
      suspect = true;
      nextCheckAt = now() + options.offlineRetryMs;
      return;
    }
    suspect = false;
    const wasDown = probe !== undefined && !probe.ok;
    probe = result;
    fits.clear();
    fullCheckNeeded = !result.ok;
    nextCheckAt = now() + (result.ok ? options.healthCheckMs : options.offlineRetryMs);
    if (result.ok) {
      lastObjectInfo = result.objectInfo;
      if (wasDown && attempts.size === 0) {
        // Back after being down: a new client connects its socket now, not at the end of a backoff.
        client.close();
        connect();
      }
      if (orphans.size > 0) {
        const ids = [...orphans];
        orphans.clear();
        void removePrompts(client, ids);
      }
    } else if (wasUp || attempts.size > 0) {
      stopAll('backend-lost', `ComfyUI at ${config.url} went away (${result.message}); the photo is queued again.`);
    }
    options.onChange();
  }

  const health: HealthTarget = {
    id: config.id,
    nextCheckAtMs: () => (config.enabled && !closed ? nextCheckAt : Infinity),
    async check(signal) {
      const checked = client;
      const bounded = AbortSignal.any([signal, AbortSignal.timeout(options.probeTimeoutMs)]);
      let result: Probe;
      if (!fullCheckNeeded && probe?.ok) {
        const previous = probe;
        try {
          const stats = await checked.systemStats(bounded);
          result = { ...previous, version: stats.version, devices: stats.devices, checkedAtMs: now() };
        } catch (error) {
          result = probeFailure(error, now());
        }
      } else {
        result = await probeBackend(checked, { signal: bounded, now });
      }
      if (signal.aborted || closed || checked !== client) return;
      apply(result);
    },
  };

  return {
    get config(): BackendConfig {
      return config;
    },
    health,
    get client(): ComfyClient {
      return client;
    },
    /** The dispatcher started: connect the socket and follow its state. */
    activate(): void {
      if (active || closed) return;
      active = true;
      watch();
    },
    /** Name or enabled changed (same URL and headers, so the same connection). */
    reconfigure(next: BackendConfig): void {
      const enabledAgain = next.enabled && !config.enabled;
      config = next;
      if (enabledAgain) checkSoon(true);
      options.onChange();
    },
    /** Enabled, and its last check reached it. */
    available: () => config.enabled && !closed && probe?.ok === true,
    /** The last check found it down (not merely unchecked). */
    down: () => probe !== undefined && !probe.ok,
    /**
     * Slots in use, as the scheduler counts them: the attempts on the backend, and past
     * LOCAL_ALLOWANCE photos finishing here also those, so a backend faster than this machine's
     * rebuilds does not pile up decoded photos in memory.
     */
    inFlight: () => Math.max(onBackend(), attempts.size - LOCAL_ALLOWANCE),
    lastAssigned: () => lastAssigned,
    /** Capabilities of the last successful check (also while it is down), if any. */
    objectInfo: () => lastObjectInfo,
    checkSoon,

    /** Whether this backend can run the job now (cached per workflow + params until the next check). */
    fit(def: WorkflowDefinition, params: Record<string, unknown>): JobFit | undefined {
      if (!lastObjectInfo) return undefined;
      const key = `${def.id}\u0000${JSON.stringify(params)}`;
      let fit = fits.get(key);
      if (!fit) {
        fit = jobFit(def, params, lastObjectInfo);
        fits.set(key, fit);
      }
      return fit;
    },

    /** A job starts here: its signal aborts on cancel, on removal and when the backend goes away. */
    begin(jobId: string, sequence: number): AbortSignal {
      const controller = new AbortController();
      attempts.set(jobId, { controller, promptId: null, stage: null, moving: false, local: false });
      lastAssigned = sequence;
      options.onChange();
      return controller.signal;
    },
    queued(jobId: string, promptId: string): void {
      const attempt = attempts.get(jobId);
      if (attempt) attempt.promptId = promptId;
    },
    staged(jobId: string, stage: JobStage): void {
      const attempt = attempts.get(jobId);
      if (attempt) attempt.stage = stage;
    },
    /** The backend has done its part of this attempt: its slot goes to the next photo. */
    handOff(jobId: string): void {
      const attempt = attempts.get(jobId);
      if (!attempt || attempt.local) return;
      attempt.local = true;
      options.onChange();
    },
    /**
     * A prompt of ours waiting in this backend's queue behind another one of ours (and not being
     * moved already): what an idle backend may take over at the end of a batch.
     */
    waitingBehind(): { jobId: string; promptId: string } | undefined {
      if (onBackend() < 2) return undefined;
      for (const [jobId, attempt] of attempts) {
        if (attempt.stage === 'waiting' && attempt.promptId && !attempt.moving) return { jobId, promptId: attempt.promptId };
      }
      return undefined;
    },
    /** Takes a waiting prompt off this backend; true when it was still waiting (its attempt is then stopped). */
    async takeBack(jobId: string, promptId: string, message: string): Promise<boolean> {
      const attempt = attempts.get(jobId);
      if (!attempt) return false;
      attempt.moving = true;
      const signal = AbortSignal.timeout(options.probeTimeoutMs);
      try {
        await client.deleteQueued([promptId], signal);
        // Deleting a prompt that already started does nothing: only one that is gone moves.
        if ((await client.promptStatus(promptId, signal)) !== 'unknown') return false;
        attempt.controller.abort(new AttemptStopped({ kind: 'backend-lost', code: 'rebalanced' }, message));
        return true;
      } catch {
        return false;
      } finally {
        attempt.moving = false;
      }
    },
    /** Whether ComfyUI accepted this job's prompt (so on shutdown it is left for recovery). */
    submitted: (jobId: string) => attempts.get(jobId)?.promptId != null,
    end(jobId: string, succeeded: boolean): void {
      if (!attempts.delete(jobId)) return;
      if (succeeded) promptsSinceFree++;
      options.onChange();
    },
    /** Stops one attempt (the user canceled its photo). */
    stop(jobId: string, reason: AttemptStopped): boolean {
      const attempt = attempts.get(jobId);
      attempt?.controller.abort(reason);
      return attempt !== undefined;
    },

    promptsSinceFree: () => promptsSinceFree,
    /** `/free` after a long batch (see scheduler.shouldFree); applied by ComfyUI after the running prompt. */
    free(): void {
      promptsSinceFree = 0;
      client.free({ freeMemory: true, unloadModels: true }, AbortSignal.timeout(options.probeTimeoutMs)).catch(() => undefined);
    },

    dto(selected: SelectedWorkflow | undefined, known: readonly WorkflowDefinition[]): BackendDto {
      return {
        ...probeDto(config.url, config.enabled ? probe : undefined, selected, known),
        id: config.id,
        name: config.name,
        enabled: config.enabled,
        headers: { ...config.headers },
        inFlight: onBackend(),
      };
    },

    /**
     * Removed from the list (or its URL/headers changed): its photos in flight are given back and,
     * in the background, their prompts are taken off the backend. Returns how many were given back.
     */
    retire(message: string): number {
      closed = true;
      const ids = [...attempts.values()].flatMap((a) => (a.promptId && !a.local ? [a.promptId] : []));
      const stopped = stopAll('backend-removed', message);
      orphans.clear();
      stopWatching();
      const retired = client;
      void removePrompts(retired, ids).finally(() => retired.close());
      return stopped;
    },

    /** Shutdown: prompts stay on the backend for start-up recovery. */
    close(): void {
      closed = true;
      stopWatching();
      client.close();
    },
  };
}
