// What a photo's card says about it: one label, a tone for the badge colour, the progress bar
// value and what the user can do next. All state → words decisions live here.
import type { JobDto, JobStage, PhotoDto } from '../../electron/shared/contract';
import { t } from '../i18n/t';

export type Tone = 'idle' | 'waiting' | 'active' | 'done' | 'failed';

export interface PhotoStatus {
  tone: Tone;
  label: string;
  /** 0..1 while a job runs, otherwise null (no bar). */
  progress: number | null;
  /** Why it failed, or why the last attempt did not finish when it will be retried. */
  detail: string | null;
  canRetry: boolean;
  canCompare: boolean;
}

function stageLabel(stage: JobStage | null, progress: number): string {
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

function jobStatus(job: JobDto): PhotoStatus {
  const base = { progress: null, detail: null, canRetry: false, canCompare: job.hasResult };
  switch (job.state) {
    case 'queued':
      return {
        ...base,
        tone: 'waiting',
        label: t('badge.queued'),
        detail: job.error ? t('badge.willRetry', { reason: job.error.message }) : null,
      };
    case 'paused':
      return { ...base, tone: 'idle', label: t('badge.paused') };
    case 'running':
      return { ...base, tone: 'active', label: stageLabel(job.stage, job.progress), progress: job.progress };
    case 'succeeded':
      return { ...base, tone: 'done', label: t('badge.done') };
    case 'failed':
      return { ...base, tone: 'failed', label: t('badge.failed'), detail: job.error?.message ?? null, canRetry: true };
    case 'canceled':
      return { ...base, tone: 'idle', label: t('badge.canceled'), canRetry: true };
    default: {
      const never: never = job.state;
      throw new Error(`unknown job state ${String(never)}`);
    }
  }
}

export function photoStatus(photo: PhotoDto): PhotoStatus {
  if (photo.job === null) {
    return { tone: 'idle', label: t('badge.none'), progress: null, detail: null, canRetry: false, canCompare: false };
  }
  return jobStatus(photo.job);
}

export interface LibrarySummary {
  total: number;
  done: number;
  active: number;
  waiting: number;
  failed: number;
}

export function summarize(photos: Readonly<Record<string, PhotoDto>>): LibrarySummary {
  const summary: LibrarySummary = { total: 0, done: 0, active: 0, waiting: 0, failed: 0 };
  for (const photo of Object.values(photos)) {
    summary.total++;
    const tone = photoStatus(photo).tone;
    if (tone === 'done') summary.done++;
    else if (tone === 'active') summary.active++;
    else if (tone === 'waiting') summary.waiting++;
    else if (tone === 'failed') summary.failed++;
  }
  return summary;
}
