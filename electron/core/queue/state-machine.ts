import type { JobState } from '../../shared/contract';

/**
 * The job state machine, in one table. Every state change in the code goes through
 * `assertTransition`; the SQL CHECK on jobs.state keeps the set of states honest.
 *
 *   queued → running → succeeded | failed | canceled
 *   running → queued          (retry after a transient error, backend lost, or start-up recovery)
 *   queued ⇄ paused
 *   queued | paused → canceled
 *   failed | canceled → queued (the user retries)
 */
export const TRANSITIONS: { readonly [S in JobState]: readonly JobState[] } = {
  queued: ['running', 'paused', 'canceled'],
  paused: ['queued', 'canceled'],
  running: ['succeeded', 'failed', 'canceled', 'queued'],
  succeeded: [],
  failed: ['queued'],
  canceled: ['queued'],
};

export const TERMINAL_STATES: readonly JobState[] = ['succeeded', 'failed', 'canceled'];

export class IllegalTransitionError extends Error {
  readonly code = 'illegal-transition';
  constructor(
    readonly from: JobState,
    readonly to: JobState,
  ) {
    super(`A job cannot go from ${from} to ${to}.`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: JobState, to: JobState): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** States from which `to` can be reached, for `WHERE state IN (…)` guards. */
export function statesLeadingTo(to: JobState): JobState[] {
  return (Object.keys(TRANSITIONS) as JobState[]).filter((from) => canTransition(from, to));
}
