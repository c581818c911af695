// The core end to end against the ComfyUI emulator: start-up recovery and user controls across
// restarts, with a real SQLite file. Time is real but bounded; nothing sleeps to synchronise.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { startComfyEmulator, type ComfyEmulator } from '../../../e2e/comfyui-emulator';
import type { JobState, PhotoDto } from '../../shared/contract';
import { createComfyClient } from '../comfy/client';
import { runChroma } from '../colorize';
import { openDatabase } from '../db/open-database';
import { loadWorkflows } from '../workflows';
import { tempDir } from '../testing/test-db';
import { createHeirloomCore } from './create-core';

const WORKFLOWS = join(import.meta.dirname, '..', '..', '..', 'workflows');
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function setup(emulatorOptions: Parameters<typeof startComfyEmulator>[0] = {}) {
  const dir = tempDir('core');
  cleanups.push(dir.remove);
  const emulator = await startComfyEmulator(emulatorOptions);
  cleanups.push(() => emulator.close());
  const album = join(dir.path, 'album');
  mkdirSync(album, { recursive: true });
  const open = () =>
    createHeirloomCore({
      dataDir: join(dir.path, 'data'),
      workflowsDir: WORKFLOWS,
      defaultOutputDir: join(dir.path, 'out'),
      appVersion: 'test',
      overrides: { backends: [emulator.url] },
      offlineRetryMs: 100,
    });
  return { dir: dir.path, album, emulator, open, out: join(dir.path, 'out'), dbPath: join(dir.path, 'data', 'heirloom.sqlite') };
}

async function addPhotos(album: string, count: number) {
  for (let i = 0; i < count; i++) {
    const pixels = Buffer.alloc(96 * 64, 30 + i * 20);
    writeFileSync(join(album, `photo-${i}.jpg`), await sharp(pixels, { raw: { width: 96, height: 64, channels: 1 } }).jpeg().toBuffer());
  }
}

type Core = Awaited<ReturnType<typeof createHeirloomCore>>;

function waitFor(core: Core, predicate: (photos: PhotoDto[]) => boolean, label: string, timeoutMs = 20_000): Promise<PhotoDto[]> {
  return new Promise((resolve, reject) => {
    const check = async () => {
      const photos = await core.handlers['photos.list']({});
      if (predicate(photos)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(photos);
      }
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for: ${label}`));
    }, timeoutMs);
    const unsubscribe = core.subscribe(() => void check());
    void check();
  });
}
const allIn = (state: JobState) => (photos: PhotoDto[]) => photos.length > 0 && photos.every((p) => p.job?.state === state);
const executions = (emulator: ComfyEmulator) => [...emulator.stats.executionsByImage().values()].reduce((a, b) => a + b, 0);

/** Leaves the photo's job as a crash would: running, with a lease and the prompt id persisted. */
function markRunning(dbPath: string, promptId: string, backendUrl: string) {
  const db = openDatabase(dbPath, { now: Date.now });
  db.prepare(
    `UPDATE jobs SET state = 'running', lease_token = 'dead-worker', lease_expires_at_ms = ?, attempts_started = 1,
       remote_prompt_id = ?, backend_url = ?`,
  ).run(Date.now() + 600_000, promptId, backendUrl);
  db.close();
}

async function importOnly(open: () => Promise<Core>, album: string) {
  const core = await open();
  const result = await core.handlers['photos.importPaths']({ paths: [album] });
  await core.close();
  return result.photos;
}

test('recovery: a prompt that finished on the backend is completed from its history, not run again', async () => {
  const { album, emulator, open, dbPath, out } = await setup();
  await addPhotos(album, 1);
  const [photo] = await importOnly(open, album);
  assert.ok(photo);
  const workflow = (await loadWorkflows(WORKFLOWS)).find((w) => w.id === 'ddcolor-portrait');
  assert.ok(workflow);
  const client = createComfyClient({ baseUrl: emulator.url, clientId: randomUUID() });
  const promptId = randomUUID();
  markRunning(dbPath, promptId, emulator.url);
  // As an earlier Heirloom did before it was killed: the preset runs in chroma mode.
  await runChroma({ client, workflow, params: {}, original: { bytes: readFileSync(join(album, 'photo-0.jpg')), fileName: 'photo-0.jpg' }, promptId });
  client.close();
  assert.equal(executions(emulator), 1);

  const core = await open();
  await core.start();
  await waitFor(core, allIn('succeeded'), 'recovered from history');
  await core.close();
  assert.equal(executions(emulator), 1, 'the backend did not run it again');
  assert.deepEqual(readdirSync(out), ['photo-0.colorized.png']);
});

test('recovery: a prompt still running on the backend is re-attached', async () => {
  const { album, emulator, open, dbPath } = await setup();
  await addPhotos(album, 1);
  await importOnly(open, album);
  const workflow = (await loadWorkflows(WORKFLOWS)).find((w) => w.id === 'ddcolor-portrait');
  assert.ok(workflow);
  const client = createComfyClient({ baseUrl: emulator.url, clientId: randomUUID() });
  emulator.faults.pause();
  const promptId = randomUUID();
  let queued!: () => void;
  const accepted = new Promise<void>((resolve) => (queued = resolve));
  // Submitted as Heirloom does (chroma mode); this client then goes away, as a killed app would.
  const abandoned = runChroma({
    client,
    workflow,
    params: {},
    original: { bytes: readFileSync(join(album, 'photo-0.jpg')), fileName: 'photo-0.jpg' },
    promptId,
    onQueued: () => queued(),
  }).catch(() => undefined);
  await accepted;
  client.close();
  await abandoned;
  markRunning(dbPath, promptId, emulator.url);

  const core = await open();
  await core.start();
  await waitFor(core, (photos) => photos[0]?.job?.stage === 'waiting' || photos[0]?.job?.stage === 'colorizing', 're-attached');
  emulator.faults.resume();
  await waitFor(core, allIn('succeeded'), 'finished after re-attach');
  await core.close();
  assert.equal(executions(emulator), 1);
});

test('recovery: a prompt the backend does not know is queued again and restored once', async () => {
  const { album, emulator, open, dbPath } = await setup();
  await addPhotos(album, 1);
  await importOnly(open, album);
  markRunning(dbPath, randomUUID(), emulator.url);
  const core = await open();
  await core.start();
  const [photo] = await waitFor(core, allIn('succeeded'), 'requeued and restored');
  await core.close();
  assert.equal(executions(emulator), 1);
  assert.equal(photo?.job?.attempts, 2, 'the crashed attempt counts');
});

test('controls survive a restart: pause, priority, cancel, retry', async () => {
  const { album, emulator, open } = await setup();
  await addPhotos(album, 3);
  let core = await open();
  const imported = await core.handlers['photos.importPaths']({ paths: [album] });
  const [a, b, c] = imported.photos;
  assert.ok(a && b && c);
  await core.handlers['queue.pause']({});
  await core.handlers['jobs.setPriority']({ photoIds: [c.id], priority: 10 });
  await core.handlers['jobs.cancel']({ photoIds: [b.id] });
  await core.close();

  core = await open();
  assert.deepEqual(await core.handlers['queue.status']({}), { paused: true, pausedAlbumIds: [] });
  await core.start();
  let photos = await core.handlers['photos.list']({});
  const stateOf = (id: string) => photos.find((p) => p.id === id)?.job?.state;
  assert.deepEqual([stateOf(a.id), stateOf(b.id), stateOf(c.id)], ['paused', 'canceled', 'paused']);
  // Claim order, as the events report it (two prompts may run in the backend's pipeline at once).
  const claimed: string[] = [];
  const stopWatching = core.subscribe((event) => {
    if (event.name !== 'photo.updated') return;
    const state = event.payload.job?.state;
    if ((state === 'running' || state === 'succeeded') && !claimed.includes(event.payload.id)) claimed.push(event.payload.id);
  });
  await core.handlers['queue.resume']({});
  photos = await waitFor(core, (list) => list.filter((p) => p.job?.state === 'succeeded').length === 2, 'two restored');
  stopWatching();
  assert.deepEqual(claimed.slice(0, 2), [c.id, a.id], 'the higher priority was claimed first');
  assert.equal((await core.handlers['jobs.retry']({ photoIds: [b.id] })).retried, 1);
  await waitFor(core, allIn('succeeded'), 'retried canceled photo');
  await core.close();
  assert.equal(executions(emulator), 3);
});

test('cancel of a running photo takes its prompt off the backend', async () => {
  const { album, open } = await setup({ serviceTimeMs: 30_000 });
  await addPhotos(album, 1);
  const core = await open();
  const [photo] = (await core.handlers['photos.importPaths']({ paths: [album] })).photos;
  assert.ok(photo);
  await core.start();
  await waitFor(core, (photos) => photos[0]?.job?.stage === 'colorizing' || photos[0]?.job?.stage === 'waiting', 'running on the backend');
  const started = Date.now();
  await core.handlers['jobs.cancel']({ photoIds: [photo.id] });
  const [canceled] = await waitFor(core, allIn('canceled'), 'canceled');
  assert.equal(canceled?.job?.state, 'canceled');
  await core.close();
  assert.ok(Date.now() - started < 15_000, 'the 30 s prompt did not have to finish');
});
