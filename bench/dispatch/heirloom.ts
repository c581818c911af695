// One measured run of Heirloom itself: the whole core (SQLite queue, scheduler, output writing)
// restoring the album over K emulated backends. The clock runs from core.start() — before the
// backends' first health check — until the last photo succeeded. The import before it (validation,
// thumbnails) is not dispatch and is not timed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeirloomCore } from '../../electron/core/api/create-core';

const WORKFLOWS = join(import.meta.dirname, '..', '..', 'workflows');

export interface RunFigures {
  readonly ms: number;
  /** Photos each backend restored, in the order of the URLs. */
  readonly perBackend: number[];
  readonly outputs: number;
}

export async function runHeirloom(urls: readonly string[], album: string, photos: number, modelSize: number): Promise<RunFigures> {
  const work = await mkdtemp(join(tmpdir(), 'heirloom-bench-dispatch-'));
  const core = await createHeirloomCore({
    dataDir: join(work, 'data'),
    workflowsDir: WORKFLOWS,
    defaultOutputDir: join(work, 'out'),
    appVersion: 'bench',
    overrides: { backends: urls, workflowParams: { size: modelSize } },
  });
  try {
    const imported = await core.handlers['photos.importPaths']({ paths: [album] });
    if (imported.photos.length !== photos) throw new Error(`imported ${imported.photos.length} of ${photos} photos`);
    const done = new Set<string>();
    const finished = new Promise<void>((resolve, reject) => {
      const unsubscribe = core.subscribe((event) => {
        if (event.name !== 'photo.updated') return;
        const state = event.payload.job?.state;
        if (state === 'failed' || state === 'canceled') {
          unsubscribe();
          reject(new Error(`${event.payload.name} ${state}: ${event.payload.job?.error?.message ?? ''}`));
        } else if (state === 'succeeded') {
          done.add(event.payload.id);
          if (done.size === photos) {
            unsubscribe();
            resolve();
          }
        }
      });
    });
    const started = performance.now();
    await core.start();
    await finished;
    const ms = performance.now() - started;
    const listed = await core.handlers['photos.list']({});
    return {
      ms,
      perBackend: urls.map((url) => listed.filter((p) => p.job?.backendUrl === url).length),
      outputs: listed.filter((p) => p.job?.hasResult).length,
    };
  } finally {
    await core.close();
    await rm(work, { recursive: true, force: true });
  }
}
