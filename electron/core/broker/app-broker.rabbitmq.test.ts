// The whole app (createHeirloomCore) with remote workers: the real RabbitMQ, an in-process
// `heirloom worker` and the ComfyUI emulator. The app has NO local backend, so every photo it
// restores went through the broker. Skipped with a message without a broker, failing in CI.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { startComfyEmulator } from '../../../e2e/comfyui-emulator';
import type { AnyEvent, JobState, PhotoDto } from '../../shared/contract';
import { createHeirloomCore } from '../api/create-core';
import { openDatabase } from '../db/open-database';
import { tempDir } from '../testing/test-db';
import { readProvenance } from '../output/xmp';
import { sha256Hex } from '../workflows';
import { aborted, keepConnected } from './keep-connected';
import { grayPhoto, WORKFLOWS_DIR } from './testing/app-fixture';
import { chromaUploadSha } from './testing/chroma-upload';
import { startInProcessWorker } from './testing/in-process-worker';
import { AMQP_URL, brokerSettingsFromTestUrl, createWaiter, memorySecrets, rabbitTests, testConnection, uniqueTopology } from './testing/rabbit';
import type { Topology } from './topology';

const rabbit = await rabbitTests();

async function openCore(topology: Topology, dir: string, local: { backends?: string[]; brokerCapacity?: number } = {}) {
  const album = join(dir, 'album');
  mkdirSync(album, { recursive: true });
  const core = await createHeirloomCore({
    dataDir: join(dir, 'data'),
    workflowsDir: WORKFLOWS_DIR,
    defaultOutputDir: join(dir, 'out'),
    appVersion: 'remote-test',
    secrets: memorySecrets(),
    brokerTopology: { prefix: topology.names.prefix, deliveryLimit: topology.deliveryLimit },
    brokerReconnectDelayMs: () => 200,
    ...(local.backends ? { overrides: { backends: local.backends } } : {}),
    ...(local.brokerCapacity ? { brokerCapacity: local.brokerCapacity } : {}),
  });
  // A core left running after a failed step would declare its queues again after the test's cleanup.
  try {
    const events = createWaiter<AnyEvent>();
    core.subscribe((event) => events.push(event));
    const saved = await core.handlers['broker.update'](brokerSettingsFromTestUrl());
    assert.deepEqual([saved.enabled, saved.hasPassword], [true, true]);
    if (!local.backends) {
      // The default local backend (127.0.0.1:8188) removed: every restore must go through the broker.
      for (const backend of await core.handlers['backends.list']({})) await core.handlers['backends.remove']({ id: backend.id });
      assert.deepEqual(await core.handlers['backends.list']({}), [], 'no local backend');
    }
    await core.start();
    return { core, album, events, out: join(dir, 'out') };
  } catch (error) {
    await core.close();
    throw error;
  }
}

type Core = Awaited<ReturnType<typeof openCore>>['core'];

async function photosWhen(core: Core, events: ReturnType<typeof createWaiter<AnyEvent>>, done: (photos: PhotoDto[]) => boolean, what: string, timeoutMs = 90_000): Promise<PhotoDto[]> {
  let photos = await core.handlers['photos.list']({});
  const deadline = Date.now() + timeoutMs;
  while (!done(photos)) {
    const left = deadline - Date.now();
    const seen = events.seen().length;
    await events.next((event) => event.name === 'photo.updated' && events.seen().length > seen, Math.max(1, left), what).catch((error: unknown) => {
      throw new Error(`${String(error)}; jobs: ${JSON.stringify(photos.map((p) => [p.job?.state, p.job?.stage, p.job?.error?.message]))}`);
    });
    photos = await core.handlers['photos.list']({});
  }
  return photos;
}

const allIn = (state: JobState) => (photos: PhotoDto[]) => photos.length > 0 && photos.every((photo) => photo.job?.state === state);

test('broker on, no local backend: photos are restored by a remote worker, saved in the output tree, progress shown', rabbit.options, async () => {
  rabbit.require();
  const { topology, cleanup } = uniqueTopology();
  const emulator = await startComfyEmulator({ serviceTimeMs: 400 });
  const worker = await startInProcessWorker(topology, emulator.url);
  const dir = tempDir('remote-core');
  let core: Core | undefined;
  try {
    const opened = await openCore(topology, dir.path);
    core = opened.core;
    const originals = new Map<string, Buffer>();
    for (let i = 0; i < 3; i++) {
      const bytes = await grayPhoto(40 + i, 32);
      originals.set(`family-${i}.png`, bytes);
      writeFileSync(join(opened.album, `family-${i}.png`), bytes);
    }
    const imported = await core.handlers['photos.importPaths']({ paths: [opened.album] });
    assert.equal(imported.photos.length, 3);

    const photos = await photosWhen(core, opened.events, allIn('succeeded'), 'every photo restored remotely');
    assert.equal(emulator.stats.executions(), 3, 'each photo ran once, on the worker’s ComfyUI');
    for (const photo of photos) {
      const original = originals.get(photo.name);
      assert.ok(original, photo.name);
      // Chroma mode: ComfyUI saw the model input of exactly this photo.
      assert.equal(emulator.stats.executionsByImage().get(await chromaUploadSha(original, photo.name)), 1, `${photo.name} reached the worker intact`);
      assert.equal(photo.job?.backendUrl, 'broker:portrait');
      assert.equal(photo.job?.hasResult, true);
      // Named and placed by the output settings, like a local result: the album's tree under <out>, <name>.colorized.png.
      const expected = join(opened.out, photo.name.replace(/\.png$/, '.colorized.png'));
      assert.ok(existsSync(expected), `${expected} exists; out holds ${JSON.stringify(readdirSync(opened.out, { recursive: true }))}`);
      // The same writer as a local result: the provenance note names the app, the workflow and the original.
      const note = readProvenance((await sharp(readFileSync(expected)).metadata()).xmp?.toString('utf8') ?? '');
      assert.deepEqual([note.Software, note.Workflow, note.OriginalSHA256], ['Heirloom remote-test', 'ddcolor-portrait', sha256Hex(original)]);
    }
    const remoteProgress = opened.events
      .seen()
      .filter((event): event is Extract<AnyEvent, { name: 'photo.updated' }> => event.name === 'photo.updated')
      .filter((event) => event.payload.job?.state === 'running' && event.payload.job.stage === 'colorizing');
    assert.ok(remoteProgress.length > 0, 'progress reported by the remote worker reached the UI as photo.updated');
  } finally {
    await core?.close();
    await worker.stop();
    await emulator.close();
    await cleanup();
    dir.remove();
  }
});

test('remote and local mixed: the local backend keeps its slots full, remote workers take the rest, each photo restored once', rabbit.options, async () => {
  rabbit.require();
  const { topology, cleanup } = uniqueTopology();
  const local = await startComfyEmulator({ serviceTimeMs: 300 });
  const remote = await startComfyEmulator({ serviceTimeMs: 300 });
  const worker = await startInProcessWorker(topology, remote.url);
  const dir = tempDir('remote-core-mixed');
  let core: Core | undefined;
  try {
    const opened = await openCore(topology, dir.path, { backends: [local.url], brokerCapacity: 4 });
    core = opened.core;
    for (let i = 0; i < 12; i++) writeFileSync(join(opened.album, `print-${i}.png`), await grayPhoto(30 + i, 24));
    await core.handlers['photos.importPaths']({ paths: [opened.album] });
    const photos = await photosWhen(core, opened.events, allIn('succeeded'), 'every photo restored');
    const byBroker = photos.filter((photo) => photo.job?.backendUrl === 'broker:portrait').length;
    const byLocal = photos.filter((photo) => photo.job?.backendUrl === local.url).length;
    assert.equal(byBroker + byLocal, 12);
    assert.ok(byBroker > 0 && byLocal > 0, `both took photos (remote ${byBroker}, local ${byLocal})`);
    assert.deepEqual([local.stats.executions(), remote.stats.executions()], [byLocal, byBroker], 'each photo ran once, where its job says');
  } finally {
    await core?.close();
    await worker.stop();
    await local.close();
    await remote.close();
    await cleanup();
    dir.remove();
  }
});

test('a task dead-lettered by the broker ends its job failed with the reason', rabbit.options, async () => {
  rabbit.require();
  const { topology, cleanup } = uniqueTopology({ deliveryLimit: 1 });
  const dir = tempDir('remote-core-dead');
  const stopBadWorker = new AbortController();
  let badWorker: Promise<void> | undefined;
  let core: Core | undefined;
  try {
    const opened = await openCore(topology, dir.path);
    core = opened.core;
    writeFileSync(join(opened.album, 'poison.png'), await grayPhoto(20, 20));
    await core.handlers['photos.importPaths']({ paths: [opened.album] });

    // A worker that takes the task and gives it back every time (it crashes on it, say). It
    // reconnects like a real one: another test file may restart the broker meanwhile.
    let deliveries = 0;
    badWorker = keepConnected({
      url: AMQP_URL,
      signal: stopBadWorker.signal,
      delayMs: () => 200,
      session: async ({ model: connection, lost }) => {
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        await topology.on(channel).taskQueue('portrait');
        await channel.consume(topology.names.taskQueue('portrait'), (message) => {
          if (!message) return;
          deliveries++;
          channel.nack(message, false, true);
        });
        await aborted(stopBadWorker.signal, lost);
      },
    });

    const [photo] = await photosWhen(core, opened.events, allIn('failed'), 'the job failed by the dead letter');
    assert.equal(photo?.job?.error?.code, 'broker-dead-letter');
    assert.match(photo?.job?.error?.message ?? '', /too many times/);
    assert.equal(deliveries, 2, 'delivered 1 + deliveryLimit times');
    stopBadWorker.abort();
    await badWorker;
    // The core owns its library while it is open (db/open-database.ts): read the id after closing it.
    await core.close();
    core = undefined;
    const model = await testConnection();
    const check = await model.createChannel();
    assert.equal((await check.checkQueue(topology.names.deadQueue)).messageCount, 1, 'the broker-wide dead-letter queue keeps its copy');
    assert.equal((await check.checkQueue(topology.names.installationDeadQueue(installationIdOf(dir.path)))).messageCount, 0, 'the app consumed its own copy');
    await model.close();
  } finally {
    stopBadWorker.abort();
    await badWorker;
    await core?.close();
    await cleanup();
    dir.remove();
  }
});

function installationIdOf(dir: string): string {
  const db = openDatabase(join(dir, 'data', 'heirloom.sqlite'), { now: Date.now });
  try {
    return JSON.parse((db.prepare(`SELECT value FROM settings WHERE key = 'broker.installationId'`).get() as { value: string }).value) as string;
  } finally {
    db.close();
  }
}
