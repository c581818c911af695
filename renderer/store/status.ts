// What a photo's card says about it: one label, a tone for the badge colour, the progress bar
// value and what the user can do next. All state → words decisions live here.
import type { ErrorInfo, JobDto, JobStage, PhotoDto } from '../../electron/shared/contract';
import type { MessageKey, T } from '../i18n/messages';

export type Tone = 'idle' | 'waiting' | 'active' | 'done' | 'failed';

export interface PhotoStatus {
  tone: Tone;
  label: string;
  /** 0..1 while a job runs, otherwise null (no bar). */
  progress: number | null;
  /** Why it failed, or why the last attempt did not finish when it will be retried (the core's words). */
  detail: string | null;
  /** What to do about it, for failures the UI recognises. */
  hint: string | null;
  canRetry: boolean;
  canCancel: boolean;
  canCompare: boolean;
  /** A photo left alone because it is already in colour: it can still be colorized on request. */
  canColorize: boolean;
}

// Error codes of the core that have a clear next step for the user.
const FAILURE_HINTS: Readonly<Record<string, MessageKey>> = {
  'node-missing': 'failure.nodeMissing',
  'comfy-unreachable': 'failure.unreachable',
  'workflow-missing': 'failure.workflowMissing',
  'original-unreadable': 'failure.originalUnreadable',
  'too-many-attempts': 'failure.tooManyAttempts',
};

export function failureHint(error: ErrorInfo | null, t: T): string | null {
  const key = error === null ? undefined : FAILURE_HINTS[error.code];
  return key === undefined ? null : t(key);
}

function stageLabel(stage: JobStage | null, progress: number, t: T): string {
  switch (stage) {
    case null:
      return t('badge.starting');
    case 'uploading':
      return t('badge.uploading');
    case 'waiting':
      return t('badge.waiting');
    case 'colorizing':
      return t('badge.colorizing', { percent: Math.floor(progress * 100) });
    case 'downloading':
      return t('badge.downloading');
    case 'saving':
      return t('badge.saving');
    default: {
      const never: never = stage;
      throw new Error(`unknown stage ${String(never)}`);
    }
  }
}

function jobStatus(job: JobDto, t: T): PhotoStatus {
  const base = { progress: null, detail: null, hint: null, canRetry: false, canCancel: false, canCompare: job.hasResult, canColorize: false };
  switch (job.state) {
    case 'queued':
      return {
        ...base,
        tone: 'waiting',
        label: t('badge.queued'),
        detail: job.error ? t('badge.willRetry', { reason: job.error.message }) : null,
        canCancel: true,
      };
    case 'paused':
      return { ...base, tone: 'idle', label: t('badge.paused'), canCancel: true };
    case 'running':
      return { ...base, tone: 'active', label: stageLabel(job.stage, job.progress, t), progress: job.progress, canCancel: true };
    case 'succeeded':
      return { ...base, tone: 'done', label: t('badge.done') };
    case 'failed':
      return { ...base, tone: 'failed', label: t('badge.failed'), detail: job.error?.message ?? null, hint: failureHint(job.error, t), canRetry: true };
    case 'canceled':
      return { ...base, tone: 'idle', label: t('badge.canceled'), canRetry: true };
    default: {
      const never: never = job.state;
      throw new Error(`unknown job state ${String(never)}`);
    }
  }
}

export function photoStatus(photo: PhotoDto, t: T): PhotoStatus {
  if (photo.job === null) {
    const label = photo.isColor ? t('badge.color') : t('badge.none');
    return { tone: 'idle', label, progress: null, detail: null, hint: null, canRetry: false, canCancel: false, canCompare: false, canColorize: true };
  }
  return jobStatus(photo.job, t);
}
