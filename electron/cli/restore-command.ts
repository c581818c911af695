import { basename, dirname, join, resolve } from 'node:path';
import type { BackendDto, PhotoDto } from '../shared/contract';
import { createHeirloomCore } from '../core/api/create-core';
import { rebuildWorkerOption } from './rebuild-threads';
import { appVersion, WORKFLOWS_DIR } from './paths';
import { fileReportLines, type FailedRestore } from './file-report';
import { createProgressLine } from './progress-line';

export interface RestoreOptions {
  folder: string;
  /** `--backend URL`, repeatable: replaces the library's list of backends when given. */
  backends: readonly string[];
  workflow?: string | undefined;
  out?: string | undefined;
  dataDir: string;
  /** Give up when every backend stays unreachable this long (jobs stay queued for the next run). */
  offlineTimeoutMs: number;
  /** Walk sub-folders (default; `--no-recursive` turns it off). */
  recursive?: boolean;
}

export const EXIT = { ok: 0, someFailed: 1, usage: 2, backendUnreachable: 3 } as const;

const isTerminal = (photo: PhotoDto) => photo.job !== null && ['succeeded', 'failed', 'canceled'].includes(photo.job.state);

/** `heirloom restore <folder>`: import the folder as an album, restore every photo, print a summary. */
export async function restoreFolder(options: RestoreOptions): Promise<number> {
  const folder = resolve(options.folder);
  const outputDir = resolve(options.out ?? join(dirname(folder), `${basename(folder)} (colorized)`));
  const core = await createHeirloomCore({
    dataDir: options.dataDir,
    workflowsDir: WORKFLOWS_DIR,
    defaultOutputDir: outputDir,
    appVersion: appVersion(),
    ...rebuildWorkerOption(),
    overrides: {
      ...(options.backends.length > 0 ? { backends: options.backends } : {}),
      outputDir,
      ...(options.workflow ? { workflowId: options.workflow } : {}),
    },
  });
  const err = process.stderr;
  try {
    const imported = await core.handlers['photos.importPaths']({ paths: [folder], recursive: options.recursive ?? true });
    if (imported.rejected.length + imported.skipped.length > 0) {
      err.write(`${imported.rejected.length} files could not be imported, ${imported.skipped.length} were left out on purpose (listed at the end)\n`);
    }
    // A rescan does not list files unchanged since the last run: the album's photos are all of
    // them (restored ones are skipped, ones still queued from an earlier run are waited for).
    const album = (await core.handlers['albums.list']({})).find((a) => resolve(a.rootPath) === folder);
    const inAlbum = album ? (await core.handlers['photos.list']({})).filter((photo) => photo.albumId === album.id) : [];
    const photos = new Map([...inAlbum, ...imported.photos].map((photo) => [photo.id, photo]));
    const alreadyDone = [...photos.values()].filter((photo) => photo.job?.state === 'succeeded').length;
    const pending = new Set([...photos.values()].filter((photo) => !isTerminal(photo)).map((photo) => photo.id));
    err.write(`${photos.size} photos in ${folder}${alreadyDone ? ` (${alreadyDone} already restored, skipped)` : ''} → ${outputDir}\n`);

    const backends = new Map((await core.handlers['backends.list']({})).map((backend) => [backend.id, backend]));
    const enabledBackends = () => [...backends.values()].filter((backend) => backend.enabled);
    if (pending.size > 0 && enabledBackends().length === 0) {
      err.write(`No ComfyUI backend is set up: pass --backend URL (for example --backend http://127.0.0.1:8188). ${pending.size} photos stay queued.\n`);
      return EXIT.backendUnreachable;
    }
    const progress = createProgressLine(err, pending.size);
    const counts = () => {
      let done = 0;
      let failed = 0;
      let running = 0;
      for (const id of pending) {
        const state = photos.get(id)?.job?.state;
        if (state === 'succeeded') done++;
        else if (state === 'failed' || state === 'canceled') failed++;
        else if (state === 'running') running++;
      }
      return { done, failed, running };
    };

    const outcome = await new Promise<'finished' | 'offline'>((resolveOutcome) => {
      let offlineTimer: NodeJS.Timeout | undefined;
      const check = () => {
        const c = counts();
        progress.update(c);
        if (c.done + c.failed === pending.size) {
          clearTimeout(offlineTimer);
          unsubscribe();
          resolveOutcome('finished');
        }
      };
      // Gives up only when every enabled backend is down: one that is up carries the batch.
      const onBackend = (backend: BackendDto) => {
        backends.set(backend.id, backend);
        if (enabledBackends().every((b) => b.state === 'offline')) {
          offlineTimer ??= setTimeout(() => {
            unsubscribe();
            resolveOutcome('offline');
          }, options.offlineTimeoutMs);
        } else {
          clearTimeout(offlineTimer);
          offlineTimer = undefined;
        }
      };
      const unsubscribe = core.subscribe((event) => {
        if (event.name === 'photo.updated' && pending.has(event.payload.id)) {
          const before = photos.get(event.payload.id)?.job?.state;
          photos.set(event.payload.id, event.payload);
          const job = event.payload.job;
          if (job && job.state !== before && job.state === 'failed') progress.log(`failed ${event.payload.relPath}: ${job.error?.message ?? 'unknown error'}`);
          check();
        } else if (event.name === 'backend.updated') {
          onBackend(event.payload);
        } else if (event.name === 'backend.removed') {
          backends.delete(event.payload.id);
        }
      });
      check();
      void core.start();
    });
    progress.end();

    const { done, failed } = counts();
    const notRestored: FailedRestore[] = [...pending].flatMap((id) => {
      const photo = photos.get(id);
      const job = photo?.job;
      if (!photo || !job || (job.state !== 'failed' && job.state !== 'canceled')) return [];
      return [{ relPath: photo.relPath, reason: job.error?.message ?? (job.state === 'canceled' ? 'Canceled.' : 'Failed.') }];
    });
    for (const line of fileReportLines({ rejected: imported.rejected, skipped: imported.skipped, failed: notRestored })) err.write(`${line}\n`);
    if (outcome === 'offline') {
      err.write(
        `ComfyUI at ${enabledBackends().map((b) => b.url).join(', ')} is not reachable (gave up after ${Math.round(options.offlineTimeoutMs / 1000)} s). ` +
          `${pending.size - done - failed} photos stay queued and continue on the next run.\n`,
      );
      return EXIT.backendUnreachable;
    }
    err.write(`Restored ${done}, failed ${failed}, already done ${alreadyDone}, rejected ${imported.rejected.length}, left out ${imported.skipped.length}. Output: ${outputDir}\n`);
    return failed > 0 || imported.rejected.length > 0 ? EXIT.someFailed : EXIT.ok;
  } finally {
    await core.close();
  }
}
