// The last step of a job: its result written next to where the album's tree is mirrored, then
// the job succeeded — both fenced by the lease.
import type { PhotoRow, PhotoStore } from '../library/photo-store';
import { chooseOutputPath, outputCandidates } from '../output/output-path';
import { removeStaleTemps, writeFileAtomically } from '../output/write-atomically';
import type { JobQueue, Lease } from '../queue/job-queue';

export interface SaveDeps {
  queue: JobQueue;
  photos: PhotoStore;
  outputRoot: () => string;
}

/** Writes the result where this job's earlier attempt reserved it, or at a new free name. */
export async function saveResult(deps: SaveDeps, lease: Lease, photo: PhotoRow, bytes: Uint8Array, reserved: string | null): Promise<void> {
  const { queue, photos } = deps;
  queue.report(lease, 'saving', 1);
  const path =
    reserved ??
    chooseOutputPath(
      outputCandidates(deps.outputRoot(), photo.rel_path, 'png'),
      (candidate) => photos.isOriginal(candidate),
      (candidate) => queue.planOutput(lease, candidate),
    );
  if (!path) {
    queue.fail(lease, { code: 'output-name', message: 'No free output file name was found.' });
    return;
  }
  if (reserved) await removeStaleTemps(reserved);
  await writeFileAtomically(path, bytes);
  queue.succeed(lease);
}
