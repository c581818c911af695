// Words for a group's progress (the whole library, loose photos, an album): how many are left,
// the measured time left, or that it is paused or finished.
import type { T } from '../i18n/messages';
import type { GroupProgress } from '../store/library-index';

export function durationText(ms: number, t: T): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return t('eta.underMinute');
  if (minutes < 60) return t('eta.minutes', { count: minutes });
  return t('eta.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

export function groupStatusText(group: GroupProgress, paused: boolean, t: T): string {
  if (group.total === 0) return t('group.empty');
  const left = group.waiting + group.running;
  if (paused && left > 0) return t('group.paused', { count: left });
  if (left === 0) return group.failed > 0 ? t('group.doneFailed', { count: group.done, failed: group.failed }) : t('group.done', { count: group.done });
  if (group.etaMs === null) return t('group.left', { count: left });
  return t('group.leftEta', { count: left, eta: durationText(group.etaMs, t) });
}
