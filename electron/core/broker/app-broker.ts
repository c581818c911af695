// The app's whole broker side, on while the broker settings say so: the outbox publisher, the
// results consumer and this installation's dead-letter consumer, over one topology (prefix
// `heirloom`). The dispatcher hands it claimed jobs (`send`); results come back through
// completeFromResult and are saved by the dispatcher's own saver, so a remote result is named,
// rendered and written exactly like a local one.
//
// Jobs at a remote worker are `running` with backend_url `broker:<kind>` and the task id as their
// remote_prompt_id. Their lease is not reclaimed (job-queue reclaimExpired: a remote restore may
// wait hours for a worker); they end by a result, a dead letter, the user canceling them, or the
// user switching the broker off (then they are given back to the local queue).
import { randomUUID } from 'node:crypto';
import type { BrokerStatusDto, ErrorInfo } from '../../shared/contract';
import type { Db } from '../db/open-database';
import { saveResult, type SaveDeps } from '../dispatch/save-result';
import type { ClaimedJob, JobQueue } from '../queue/job-queue';
import type { PhotoRow } from '../library/photo-store';
import type { ResolvedParams, WorkflowDefinition } from '../workflows';
import { completeFromResult, createTaskLeases, reportRemoteProgress } from './complete-from-result';
import { startDeadLetterConsumer, type DeadLetter } from './dead-letter-consumer';
import type { LinkState } from './keep-connected';
import { createOutbox } from './outbox';
import { startPublisher, type Publisher } from './publisher';
import { startResultConsumer } from './result-consumer';
import { BROKER_BACKEND_PREFIX, sendJobToBroker } from './send-to-broker';
import { redactUrl, type BrokerSettingsStore } from './settings';
import { createTopology, DEFAULT_PREFIX, type TopologyOptions } from './topology';

export interface AppBrokerOptions {
  db: Db;
  queue: JobQueue;
  settings: BrokerSettingsStore;
  /** The dispatcher's saver: the output writer, fenced by the lease. */
  save: SaveDeps;
  installationId: string;
  now: () => number;
  /** New task ids (lowercase UUIDs: they are ComfyUI prompt ids on the worker). Default randomUUID. */
  taskId?: () => string;
  /** Default prefix `heirloom`; tests use their own. */
  topology?: Partial<TopologyOptions>;
  /** A job left the broker (settled or given back): the dispatcher may send the next one. */
  onSettled: () => void;
  /** The publisher's link (up, or down with why and when it retries). Default: logged when it changes. */
  onState?: (state: LinkState) => void;
  /** The status the UI shows (link state, photos out at workers) after each change of it. */
  onStatus?: (status: BrokerStatusDto) => void;
  log?: (message: string) => void;
  delayMs?: (attempt: number) => number;
}

export type AppBroker = ReturnType<typeof createAppBroker>;

const DEAD_LETTER_REASONS: Record<string, string> = {
  delivery_limit: 'was handed to workers too many times without an answer (each worker that took it crashed or gave it back)',
  rejected: 'was refused by a worker as unreadable',
  expired: 'expired before any worker took it',
  maxlen: 'was dropped by a full queue',
};

/** How a dead letter reads on the photo: what died, why, and where. */
export function deadLetterError(letter: DeadLetter): ErrorInfo {
  const why = DEAD_LETTER_REASONS[letter.reason] ?? `was dead-lettered (${letter.reason})`;
  return letter.kind === 'task'
    ? { code: 'broker-dead-letter', message: `The task sent to remote workers ${why}; it is in the broker's dead-letter queue (${letter.queue}).` }
    : { code: 'broker-result-dead-letter', message: `The result from a remote worker ${why} here; it is in the broker's dead-letter queue (${letter.queue}).` };
}

export function createAppBroker(options: AppBrokerOptions) {
  const { db, queue, now } = options;
  const newTaskId = options.taskId ?? randomUUID;
  const log = options.log ?? ((message: string) => console.warn(`broker: ${message}`));
  const outbox = createOutbox({ db, now });
  const topology = createTopology({ prefix: DEFAULT_PREFIX, ...options.topology });
  const leaseForTask = createTaskLeases(db);
  const jobOf = db.prepare(`SELECT photo_id, workflow_id, params_json, output_path FROM jobs WHERE id = ? AND lease_token = ? AND state = 'running'`);
  const inFlightCount = db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'running' AND backend_url LIKE '${BROKER_BACKEND_PREFIX}%'`);
  const inFlightJobs = db.prepare(`SELECT id, lease_token FROM jobs WHERE state = 'running' AND backend_url LIKE '${BROKER_BACKEND_PREFIX}%'`);

  let running: { stop: AbortController; publisher: Publisher; done: Promise<unknown> } | undefined;
  /** The publisher's link: its connection is the one that matters (the outbox drains through it). */
  let link: Pick<BrokerStatusDto, 'state' | 'message'> = { state: 'disabled', message: null };
  /** After stop(): nothing starts again (a start still queued behind it is dropped). */
  let stopped = false;
  /** Serializes start/stop: a settings change while a restart is under way waits for it. */
  let change: Promise<void> = Promise.resolve();

  const completeDeps = {
    queue,
    leaseForTask,
    save: async (lease: { jobId: string; token: string }, output: { bytes: Uint8Array }) => {
      const row = jobOf.get(lease.jobId, lease.token) as { photo_id: string; workflow_id: string; params_json: string; output_path: string | null } | undefined;
      if (!row) return;
      const params = JSON.parse(row.params_json) as Record<string, unknown>;
      await saveResult(options.save, { lease, photoId: row.photo_id, workflowId: row.workflow_id, params, outputPath: row.output_path }, output.bytes);
    },
  };

  const countInFlight = (): number => (inFlightCount.get() as { n: number }).n;
  const status = (): BrokerStatusDto => ({ ...link, inFlight: countInFlight() });
  const notify = (): void => options.onStatus?.(status());
  const setLink = (next: typeof link): void => {
    link = next;
    notify();
  };
  /** A job left the broker: the dispatcher may send the next one, and the count shown changed. */
  const settled = (): void => {
    options.onSettled();
    notify();
  };

  // Logged once per change, not on every retry: a broker away for a night is one line, not thousands.
  let lastLink = '';
  function logLinkChanges(state: LinkState): void {
    const text = state.connected ? 'connected' : `not connected: ${state.error}`;
    if (text !== lastLink) log(state.connected ? `connected (prefix ${topology.names.prefix})` : `${text}; retrying`);
    lastLink = text;
  }

  function launch(url: string): void {
    if (stopped) return;
    const stop = new AbortController();
    const common = { url, topology, installationId: options.installationId, signal: stop.signal, ...(options.delayMs ? { delayMs: options.delayMs } : {}) };
    const publisher = startPublisher({
      ...common,
      outbox,
      onState: (state) => {
        // A stop aborts the link: a late report from it must not say "connecting" again.
        if (stop.signal.aborted) return;
        setLink(state.connected ? { state: 'connected', message: null } : { state: 'error', message: state.error });
        (options.onState ?? logLinkChanges)(state);
      },
      onUndeliverable: (row, reason) => {
        const lease = row.jobId ? leaseForTask(row.messageId, row.jobId) : undefined;
        if (lease) queue.fail(lease, reason);
        settled();
      },
    });
    const results = startResultConsumer({
      ...common,
      onResult: async (result) => {
        await completeFromResult(completeDeps, result);
        settled();
      },
      onProgress: (progress) => reportRemoteProgress({ queue, leaseForTask }, progress),
      onInvalid: log,
    });
    const dead = startDeadLetterConsumer({
      ...common,
      onDeadLetter: (letter) => {
        const lease = leaseForTask(letter.taskId, letter.jobId);
        if (lease && queue.fail(lease, deadLetterError(letter))) settled();
      },
      onInvalid: log,
    });
    log(`connecting to ${redactUrl(url)} (prefix ${topology.names.prefix}, installation ${options.installationId})`);
    running = { stop, publisher, done: Promise.all([publisher.done, results.done, dead.done]) };
    setLink({ state: 'connecting', message: null });
  }

  async function halt(): Promise<void> {
    const current = running;
    running = undefined;
    if (!current) return;
    current.stop.abort();
    await current.done;
    setLink({ state: 'disabled', message: null });
  }

  function serialized(step: () => Promise<void>): Promise<void> {
    change = change.then(step, step);
    return change;
  }

  return {
    outbox,
    topology,
    /** Starts when the settings enable the broker. */
    start: () =>
      serialized(async () => {
        if (running || stopped) return;
        const url = await options.settings.connectionUrl();
        if (url) launch(url);
      }),
    /**
     * After a settings change: reconnects with the new settings. Switched off, the jobs waiting
     * for a remote worker are given back to the local queue (a late result for one changes
     * nothing: its attempt is no longer current) and their unsent tasks are dropped.
     */
    restart: () =>
      serialized(async () => {
        await halt();
        if (stopped) return;
        const url = await options.settings.connectionUrl();
        if (url) {
          launch(url);
          return;
        }
        let released = 0;
        for (const row of inFlightJobs.all() as { id: string; lease_token: string }[]) {
          outbox.discardForJob(row.id, 'the broker was switched off');
          if (queue.release({ jobId: row.id, token: row.lease_token }, { code: 'broker-off', message: 'Remote workers were switched off; the photo is queued here again.' })) released++;
        }
        if (released > 0) settled();
      }),
    /** Stops every connection; jobs at remote workers stay theirs (their results are read at the next start). */
    stop: () => {
      stopped = true;
      return serialized(halt);
    },
    /** Whether claimed jobs may be sent now. */
    enabled: (): boolean => running !== undefined,
    /** Jobs at remote workers (or in the outbox on their way). */
    inFlight: countInFlight,
    /** What the UI shows: disabled / connecting / connected / error (with why), and the photos out at workers. */
    status,
    /**
     * Sends a claimed job: the task id on the job and the task in the outbox, one transaction.
     * False when the lease went stale meanwhile (nothing written).
     */
    send(job: ClaimedJob, photo: PhotoRow, workflow: WorkflowDefinition): boolean {
      const sent = sendJobToBroker(
        { db, queue, outbox, now },
        {
          lease: job.lease,
          taskId: newTaskId(),
          installationId: options.installationId,
          photo: { path: photo.source_path, sha256: photo.sha256, name: photo.name, sizeBytes: photo.size_bytes },
          workflow,
          params: job.params as ResolvedParams,
        },
      );
      if (sent) {
        running?.publisher.wake();
        notify();
      }
      return sent;
    },
    /** Canceled jobs: their tasks not yet published are not published (a worker's late result is stale anyway). */
    canceled(jobIds: readonly string[]): void {
      for (const jobId of jobIds) outbox.discardForJob(jobId, 'canceled by the user');
    },
    /** Resolves the next time the outbox is empty (tests, benchmarks). */
    drained: (): Promise<void> => running?.publisher.drained() ?? Promise.resolve(),
  };
}
