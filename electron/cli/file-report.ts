import type { RejectedFile } from '../shared/contract';

/** A photo whose restore ended without a result, with the reason its job gave. */
export interface FailedRestore {
  relPath: string;
  reason: string;
}

export interface FileReport {
  /** Should have been photos and could not be imported (bad, truncated, unreadable files). */
  rejected: readonly RejectedFile[];
  /** Left out on purpose (junk, hidden, links out of the folder, sub-folders when not recursive). */
  skipped: readonly RejectedFile[];
  failed: readonly FailedRestore[];
}

// Sorted by path: imports finish in any order (several files at once), a list is read in order.
const byName = (a: readonly [string, string], b: readonly [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

const section = (title: string, rows: ReadonlyArray<readonly [name: string, reason: string]>): string[] =>
  rows.length === 0 ? [] : [`${title} (${rows.length}):`, ...[...rows].sort(byName).map(([name, reason]) => `  ${name} — ${reason}`)];

/**
 * The lines `heirloom restore` ends with: every file that did not become a restored photo, by
 * section, each with its reason (the counts alone do not say which photo to look at). Every file
 * is listed however long the list: it goes to stderr, where the user can page or save it.
 * Empty when everything went through.
 */
export function fileReportLines(report: FileReport): string[] {
  return [
    ...section('Not imported', report.rejected.map((file) => [file.name, file.reason] as const)),
    ...section('Left out on purpose', report.skipped.map((file) => [file.name, file.reason] as const)),
    ...section('Not restored', report.failed.map((photo) => [photo.relPath, photo.reason] as const)),
  ];
}
