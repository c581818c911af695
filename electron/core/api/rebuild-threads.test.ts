// The core hands chroma mode's rebuild to the host's worker threads (createHeirloomCore's
// startRebuildWorker): the photos are rebuilt there, as many threads as asked at most, and
// close() stops them. Under tsx the worker is the source module (testing/source-worker.ts).
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { startComfyEmulator } from '../../../e2e/comfyui-emulator';
import { startSourceWorker } from '../colorize/testing/source-worker';
import { waitForPhotos } from '../dispatch/testing/harness';
import { LOCAL_ALLOWANCE } from '../dispatch/backend-link';
import { PIPELINE_DEPTH } from '../dispatch/scheduler';
import { tempDir } from '../testing/test-db';
import { createHeirloomCore } from './create-core';

const WORKFLOWS = join(import.meta.dirname, '..', '..', '..', 'workflows');
const REBUILD_WORKER = new URL('../colorize/rebuild-worker.ts', import.meta.url);
const HELD_REBUILD_WORKER = new URL('../colorize/testing/held-rebuild-worker.ts', import.meta.url);
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A temp library with `count` flat grey JPEGs (grey level first + i·step) and one emulated backend, cleaned up after. */
async function library(label: string, count: number, width: number, height: number, first: number, step: number) {
  const dir = tempDir(label);
  cleanups.push(dir.remove);
  const emulator = await startComfyEmulator();
  cleanups.push(() => emulator.close());
  const album = join(dir.path, 'album');
  mkdirSync(album, { recursive: true });
  for (let i = 0; i < count; i++) {
    const pixels = Buffer.alloc(width * height, first + i * step);
    writeFileSync(join(album, `photo-${i}.jpg`), await sharp(pixels, { raw: { width, height, channels: 1 } }).jpeg().toBuffer());
  }
  const coreOptions = {
    dataDir: join(dir.path, 'data'),
    workflowsDir: WORKFLOWS,
    defaultOutputDir: join(dir.path, 'out'),
    appVersion: 'test',
    overrides: { backends: [emulator.url], workflowId: 'ddcolor-portrait' },
  };
  return { dir, emulator, album, coreOptions };
}

void test('chroma photos are rebuilt on the host-given worker threads, which close() stops', async () => {
  const { dir, album, coreOptions } = await library('rebuild-threads', 3, 160, 120, 40, 50);
  const workers: Worker[] = [];
  const exited: number[] = [];
  const core = await createHeirloomCore({
    ...coreOptions,
    rebuildWorkers: 2,
    startRebuildWorker: () => {
      const worker = startSourceWorker(REBUILD_WORKER);
      worker.once('exit', (code) => exited.push(code));
      workers.push(worker);
      return worker;
    },
  });
  const closeOnce = (() => {
    let closing: Promise<void> | undefined;
    return () => (closing ??= core.close());
  })();
  cleanups.push(closeOnce);
  await core.handlers['photos.importPaths']({ paths: [album] });
  await core.start();
  await core.waitForIdle();

  const photos = await core.handlers['photos.list']({});
  assert.deepEqual(photos.map((p) => p.job?.state), ['succeeded', 'succeeded', 'succeeded']);
  assert.equal(readdirSync(join(dir.path, 'out')).length, 3);
  assert.ok(workers.length >= 1 && workers.length <= 2, `rebuild threads started: ${workers.length} (at most the 2 asked for)`);

  await closeOnce();
  assert.equal(exited.length, workers.length, 'close() stopped every rebuild thread');
});

void test('a chroma photo hands its backend slot on once its small result is here: with every rebuild held, the backend goes on', async () => {
  const { dir, emulator, album, coreOptions } = await library('rebuild-handoff', 6, 96, 64, 30, 35);
  let worker: Worker | undefined;
  const core = await createHeirloomCore({
    ...coreOptions,
    rebuildWorkers: 1,
    startRebuildWorker: () => (worker = startSourceWorker(HELD_REBUILD_WORKER)),
  });
  cleanups.push(() => core.close());
  await core.handlers['photos.importPaths']({ paths: [album] });
  await core.start();

  // Without the hand-off the backend's slots stay taken by photos waiting for their rebuild:
  // only PIPELINE_DEPTH would ever get this far.
  const handedOn = PIPELINE_DEPTH + LOCAL_ALLOWANCE;
  await waitForPhotos(core, (photos) => photos.filter((p) => p.job?.stage === 'downloading').length === handedOn, `${handedOn} photos downloaded, waiting for their rebuild`, 15_000);
  assert.equal(emulator.stats.executions(), handedOn, 'the backend ran the photos after the first two while those waited');

  worker?.postMessage({ release: true });
  await core.waitForIdle();
  const photos = await core.handlers['photos.list']({});
  assert.deepEqual(
    photos.map((p) => p.job?.state),
    Array.from({ length: 6 }, () => 'succeeded'),
  );
  assert.equal(readdirSync(join(dir.path, 'out')).length, 6);
});
