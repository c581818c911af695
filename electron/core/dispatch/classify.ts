// What happens to a job after its attempt failed, from the error alone: give it back (the
// backend's fault, no attempt used), retry later (may work next time, maybe elsewhere; uses an
// attempt) or fail now (would fail the same way anywhere).
import type { ErrorInfo } from '../../shared/contract';
import { ComfyError } from '../comfy/errors';
import { PhotoDecodeError } from '../colorize';
import { assertNever } from '../workflows/never';

/** Why an attempt was stopped from outside; travels as the AbortSignal's reason. */
export class AttemptStopped extends Error {
  constructor(
    readonly reason: { kind: 'canceled' } | { kind: 'backend-lost'; code: string },
    message: string,
  ) {
    super(message);
    this.name = 'AttemptStopped';
  }
}

export interface Settlement {
  action: 'release' | 'retry' | 'fail';
  info: ErrorInfo;
  /** The backend may be down: check it now rather than at its next health check. */
  checkBackend: boolean;
}

export function classify(error: unknown): Settlement {
  if (error instanceof AttemptStopped && error.reason.kind === 'backend-lost') {
    return { action: 'release', info: { code: error.reason.code, message: error.message }, checkBackend: false };
  }
  if (error instanceof PhotoDecodeError) {
    return { action: 'fail', info: { code: 'original-undecodable', message: error.message }, checkBackend: false };
  }
  if (!(error instanceof ComfyError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { action: 'retry', info: { code: 'internal', message }, checkBackend: false };
  }
  const info = { code: `comfy-${error.kind}`, message: error.message };
  const { info: detail } = error;
  switch (detail.kind) {
    // Down, restarted (it forgot our prompt) or gone: not the photo's fault.
    case 'unreachable':
    case 'lost':
      return { action: 'release', info, checkBackend: true };
    case 'timeout':
      return { action: 'retry', info, checkBackend: true };
    case 'http':
      return { action: detail.status >= 500 || detail.status === 408 || detail.status === 429 ? 'retry' : 'fail', info, checkBackend: detail.status >= 500 };
    // A broken or hostile backend (garbage answers, unsafe file names, non-images), an interrupt
    // from someone else, or capabilities that changed since the last check: another try may work.
    case 'protocol':
    case 'bad-output':
    case 'interrupted':
      return { action: 'retry', info, checkBackend: false };
    case 'node-missing':
      return { action: 'retry', info, checkBackend: true };
    // The graph or the photo itself: the same everywhere.
    case 'validation':
    case 'too-large':
    case 'execution':
      return { action: 'fail', info, checkBackend: false };
    default:
      return assertNever(detail);
  }
}
