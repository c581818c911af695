// What the queue benchmark measures on every queue it compares (Heirloom's, its peers, bare loops).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Store = 'sqlite' | 'redis';

export interface QueueSubject {
  /** Key in the JSON result, snake_case. */
  readonly id: string;
  readonly label: string;
  readonly store: Store;
  /** A fresh, empty store holding what `jobs` jobs need except the jobs themselves (untimed). */
  open(jobs: number): Promise<QueueRound>;
}

export interface QueueRound {
  /** How durable a committed change is, read back from the store itself. */
  readonly durability: string;
  /** Timed: adds every job of the round in one bulk call (one transaction / one pipeline). */
  enqueueAll(): Promise<void>;
  /** Untimed: sets up `concurrency` workers (connections, worker objects) without starting them. */
  workers(concurrency: number): Promise<Workers>;
  /**
   * CPU time the store's own server process has used so far (µs), for stores outside this process
   * (Redis); absent for in-process SQLite, whose work shows in this process's CPU time.
   */
  serverCpuMicros?: () => Promise<number>;
  /** Untimed check after drain: how many jobs ended done (must be all of them). */
  countDone(): Promise<number>;
  close(): Promise<void>;
}

export interface Workers {
  /** Timed: the workers claim and complete until every job of the round is done. */
  run(): Promise<void>;
  /** Untimed: shuts the workers down. */
  stop(): Promise<void>;
}

/** Workers that need no set-up or shutdown: a synchronous store driven by `runWorkers`. */
export const loopWorkers = (run: () => Promise<void>): Promise<Workers> => Promise.resolve({ run, stop: () => Promise.resolve() });

// The same job everywhere: one photo through the DDColor workflow.
export const WORKFLOW_ID = 'ddcolor';
export const PARAMS = { model: 'ddcolor_paper_tiny', input_size: 512 } as const;
export const photoIdOf = (index: number) => `photo-${String(index).padStart(7, '0')}`;
export const payloadOf = (index: number) => ({ photoId: photoIdOf(index), workflowId: WORKFLOW_ID, params: PARAMS });

/**
 * Runs `concurrency` workers in this one thread, interleaved at their awaits as a real dispatcher
 * would run them: claim → await the job → complete, until nothing is left to claim. The job is a
 * no-op that still yields (every real job awaits I/O), so up to `concurrency` jobs are in flight.
 * For the SQLite queues every claim and complete is a synchronous call on the same connection.
 */
export async function runWorkers<J>(concurrency: number, claim: () => J | undefined, complete: (job: J) => void): Promise<void> {
  const worker = async () => {
    for (let job = claim(); job !== undefined; job = claim()) {
      await noopJob();
      complete(job);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function noopJob(): Promise<void> {}

export function makeTempDir(label: string): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `heirloom-bench-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** journal_mode + synchronous as SQLite reports them (synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA). */
export function sqliteDurability(pragma: (source: string, options: { simple: true }) => unknown): string {
  const level = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(pragma('synchronous', { simple: true }))] ?? 'unknown';
  return `SQLite journal_mode=${String(pragma('journal_mode', { simple: true }))} synchronous=${level}`;
}
