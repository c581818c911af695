// A photo's results side by side (issue 6, compare view): every finished job of the photo is a
// variant (another workflow, another size), the user accepts or rejects each, and the accepted
// one becomes the photo's favourite. Reads and writes only the review columns of migration 6;
// nothing here touches a running job, so no lease is involved.
import type { PhotoResultDto, PhotoResultsDto, Review } from '../../shared/contract';
import type { Db } from '../db/open-database';

interface ResultRow {
  id: string;
  workflow_id: string;
  params_json: string;
  output_path: string;
  created_at_ms: number;
  finished_at_ms: number | null;
  review: Review | null;
}

function notFound(message: string): Error {
  return Object.assign(new Error(message), { code: 'not-found' });
}

/** The job's parameters as the contract carries them (numbers and strings; anything else is left out). */
function paramsOf(json: string): Record<string, number | string> {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  const params: Record<string, number | string> = {};
  for (const [name, value] of Object.entries(parsed)) if (typeof value === 'number' || typeof value === 'string') params[name] = value;
  return params;
}

function toResult(row: ResultRow): PhotoResultDto {
  return {
    jobId: row.id,
    workflowId: row.workflow_id,
    params: paramsOf(row.params_json),
    outputPath: row.output_path,
    createdAtMs: row.created_at_ms,
    finishedAtMs: row.finished_at_ms,
    review: row.review,
  };
}

export type PhotoResults = ReturnType<typeof createPhotoResults>;

export function createPhotoResults(db: Db, now: () => number) {
  const statements = {
    photo: db.prepare(`SELECT favorite_job_id FROM photos WHERE id = ?`),
    results: db.prepare(
      `SELECT id, workflow_id, params_json, output_path, created_at_ms, finished_at_ms, review FROM jobs
       WHERE photo_id = ? AND state = 'succeeded' AND output_path IS NOT NULL ORDER BY created_at_ms, id`,
    ),
    result: db.prepare(`SELECT output_path FROM jobs WHERE id = ? AND photo_id = ? AND state = 'succeeded' AND output_path IS NOT NULL`),
    setReview: db.prepare(`UPDATE jobs SET review = ?, reviewed_at_ms = ? WHERE id = ?`),
    // One accepted result per photo: accepting another takes the verdict off the previous one.
    clearOtherAccepted: db.prepare(`UPDATE jobs SET review = NULL, reviewed_at_ms = ? WHERE photo_id = ? AND id <> ? AND review = 'accepted'`),
    setFavorite: db.prepare(`UPDATE photos SET favorite_job_id = ? WHERE id = ?`),
    dropFavorite: db.prepare(`UPDATE photos SET favorite_job_id = NULL WHERE id = ? AND favorite_job_id = ?`),
  };

  const favoriteOf = (photoId: string) => (statements.photo.get(photoId) as { favorite_job_id: string | null } | undefined)?.favorite_job_id;
  const pathOf = (photoId: string, jobId: string) => (statements.result.get(jobId, photoId) as { output_path: string } | undefined)?.output_path;

  function list(photoId: string): PhotoResultsDto {
    const favorite = favoriteOf(photoId);
    if (favorite === undefined) throw notFound(`No photo with id ${photoId}.`);
    return { photoId, favoriteJobId: favorite, results: (statements.results.all(photoId) as ResultRow[]).map(toResult) };
  }

  const review = db.transaction((photoId: string, jobId: string, verdict: Review | null): PhotoResultsDto => {
    if (favoriteOf(photoId) === undefined) throw notFound(`No photo with id ${photoId}.`);
    if (pathOf(photoId, jobId) === undefined) throw notFound(`Photo ${photoId} has no finished result ${jobId}.`);
    const at = now();
    statements.setReview.run(verdict, verdict === null ? null : at, jobId);
    if (verdict === 'accepted') {
      statements.clearOtherAccepted.run(at, photoId, jobId);
      statements.setFavorite.run(jobId, photoId);
    } else {
      statements.dropFavorite.run(photoId, jobId);
    }
    return list(photoId);
  });

  return {
    list,
    /** All or nothing, in one transaction. */
    review: (photoId: string, jobId: string, verdict: Review | null) => review.immediate(photoId, jobId, verdict),
    /** The file of one result, only when it belongs to this photo and finished. */
    path: pathOf,
    /** The accepted result's file, or undefined when the photo has none. */
    favoritePath(photoId: string): string | undefined {
      const favorite = favoriteOf(photoId);
      return favorite ? pathOf(photoId, favorite) : undefined;
    },
  };
}
