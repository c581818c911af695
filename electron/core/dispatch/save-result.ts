// The last step of a job: the user's file rendered from ComfyUI's result and the original
// (format, metadata, provenance — electron/core/output), then the job succeeded; both fenced by
// the lease.
import type { ResultImage } from '../output/render-output';
import type { ResultWriter } from '../output/save-result';
import type { JobQueue, Lease } from '../queue/job-queue';

export interface SaveDeps {
  queue: JobQueue;
  resultWriter: ResultWriter;
}

export interface SavedJob {
  lease: Lease;
  photoId: string;
  workflowId: string;
  params: Readonly<Record<string, unknown>>;
  /** Where an earlier attempt reserved (and maybe wrote) the result: reused, so no second file appears. */
  outputPath: string | null;
}

/** `result`: ComfyUI's file bytes, or chroma mode's rebuilt pixels (no PNG in between: render-output.ts). */
export async function saveResult(deps: SaveDeps, job: SavedJob, result: ResultImage): Promise<void> {
  const { queue } = deps;
  queue.report(job.lease, 'saving', 1);
  const saved = await deps.resultWriter.save({
    photoId: job.photoId,
    result,
    workflowId: job.workflowId,
    params: job.params,
    reservedPath: job.outputPath,
    reserve: (candidate) => queue.planOutput(job.lease, candidate),
  });
  if (!saved.ok) {
    queue.fail(job.lease, saved.error);
    return;
  }
  for (const warning of saved.warnings) console.warn(`output ${saved.path}: ${warning}`);
  queue.succeed(job.lease);
}
