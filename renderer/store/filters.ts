// The library's filters and which one a photo falls under. 'color' is the photos the import
// found already in colour (PhotoDto.isColor): they get no job unless the user asks.
import type { PhotoDto } from '../../electron/shared/contract';

export const PHOTO_FILTERS = ['all', 'queued', 'running', 'done', 'failed', 'color'] as const;
export type PhotoFilter = (typeof PHOTO_FILTERS)[number];
/** The filters that follow the job's state. */
export type Bucket = Exclude<PhotoFilter, 'all' | 'color'>;

/** Paused photos wait like queued ones; canceled ones need the user like failed ones (both retry). */
export function bucketOf(photo: PhotoDto): Bucket | null {
  const state = photo.job?.state;
  switch (state) {
    case undefined:
      return null;
    case 'queued':
    case 'paused':
      return 'queued';
    case 'running':
      return 'running';
    case 'succeeded':
      return 'done';
    case 'failed':
    case 'canceled':
      return 'failed';
    default: {
      const never: never = state;
      throw new Error(`unknown job state ${String(never)}`);
    }
  }
}

export function matchesFilter(photo: PhotoDto, filter: PhotoFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'color') return photo.isColor;
  return bucketOf(photo) === filter;
}

/** Which photos the grid shows: every photo, the loose ones (dropped one by one), or one album. */
export type Scope = { kind: 'all' } | { kind: 'loose' } | { kind: 'album'; albumId: string };

export function inScope(photo: PhotoDto, scope: Scope): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'loose':
      return photo.albumId === null;
    case 'album':
      return photo.albumId === scope.albumId;
    default: {
      const never: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(never)}`);
    }
  }
}

export function sameScope(a: Scope, b: Scope): boolean {
  return a.kind === b.kind && (a.kind !== 'album' || (b.kind === 'album' && a.albumId === b.albumId));
}
