// A chroma-mode workflow (issue 8) at a remote worker runs as it runs in the app: only DDColor's
// model input goes to the worker's ComfyUI, the worker rebuilds the full resolution, and the file
// the app writes is the one a local restore writes — same size, same bit depth, same pixels.
// Real RabbitMQ, an in-process `heirloom worker`, the ComfyUI emulator. Skipped with a message
// without a broker, failing in CI.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { startComfyEmulator } from '../../../e2e/comfyui-emulator';
import type { AnyEvent, PhotoDto } from '../../shared/contract';
import { createHeirloomCore } from '../api/create-core';
import { encodePhoto, syntheticPhoto } from '../colorize/testing/synthetic-photo';
import { tempDir } from '../testing/test-db';
import { WORKFLOWS_DIR } from './testing/app-fixture';
import { startInProcessWorker } from './testing/in-process-worker';
import { brokerSettingsFromTestUrl, createWaiter, memorySecrets, rabbitTests, uniqueTopology } from './testing/rabbit';

const rabbit = await rabbitTests();

/** Grainy photos (chroma and full mode then give visibly different files): 8-bit sepia, 16-bit grey scan. */
async function writeAlbum(album: string) {
  mkdirSync(album, { recursive: true });
  writeFileSync(join(album, 'sepia.jpg'), await encodePhoto(syntheticPhoto({ kind: 'sepia', width: 900, height: 600, seed: 11 })));
  writeFileSync(join(album, 'scan.png'), await encodePhoto(syntheticPhoto({ kind: 'grey16', width: 600, height: 900, seed: 12 })));
}

type Core = Awaited<ReturnType<typeof createHeirloomCore>>;

async function untilAllSucceeded(core: Core, count: number): Promise<PhotoDto[]> {
  const events = createWaiter<AnyEvent>();
  const unsubscribe = core.subscribe((event) => events.push(event));
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const photos = await core.handlers['photos.list']({});
      if (photos.length === count && photos.every((p) => p.job?.state === 'succeeded')) return photos;
      const failed = photos.find((p) => p.job?.state === 'failed');
      if (failed) throw new Error(`${failed.name} failed: ${failed.job?.error?.message ?? ''}`);
      const seen = events.seen().length;
      await events.next(() => events.seen().length > seen, Math.max(1, deadline - Date.now()), 'every photo restored');
    }
  } finally {
    unsubscribe();
  }
}

/** The written file's pixels at its own depth, and what it says about itself. */
async function decoded(path: string) {
  const meta = await sharp(path).metadata();
  const pixels = await (meta.depth === 'ushort' ? sharp(path).toColourspace('rgb16').raw({ depth: 'ushort' }) : sharp(path).raw()).toBuffer();
  return { format: meta.format, width: meta.width, height: meta.height, depth: meta.depth, pixels };
}

test('chroma mode at a remote worker: model input only to its ComfyUI, and the app writes the file a local restore writes', rabbit.options, async () => {
  rabbit.require();
  const { topology, cleanup } = uniqueTopology();
  const emulator = await startComfyEmulator();
  const worker = await startInProcessWorker(topology, emulator.url);
  const remoteDir = tempDir('remote-chroma');
  const localDir = tempDir('local-chroma');
  const cores: Core[] = [];
  try {
    // The app with remote workers only.
    const remote = await createHeirloomCore({
      dataDir: join(remoteDir.path, 'data'),
      workflowsDir: WORKFLOWS_DIR,
      defaultOutputDir: join(remoteDir.path, 'out'),
      appVersion: 'remote-test',
      secrets: memorySecrets(),
      brokerTopology: { prefix: topology.names.prefix, deliveryLimit: topology.deliveryLimit },
      brokerReconnectDelayMs: () => 200,
      overrides: { workflowId: 'ddcolor-portrait' },
    });
    cores.push(remote);
    await remote.handlers['broker.update'](brokerSettingsFromTestUrl());
    for (const backend of await remote.handlers['backends.list']({})) await remote.handlers['backends.remove']({ id: backend.id });
    await remote.start();
    await writeAlbum(join(remoteDir.path, 'album'));
    await remote.handlers['photos.importPaths']({ paths: [join(remoteDir.path, 'album')] });
    await untilAllSucceeded(remote, 2);
    assert.equal(emulator.stats.executions(), 2, 'both photos ran on the worker’s ComfyUI');

    // Only the model input (512², grey) went up to the worker's ComfyUI, never the photo.
    const uploads = readdirSync(join(emulator.dataDir, 'input'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    assert.equal(uploads.length, 2);
    for (const upload of uploads) {
      const meta = await sharp(join(upload.parentPath, upload.name)).metadata();
      assert.deepEqual([meta.width, meta.height, meta.channels], [512, 512, 1], `${upload.name} is DDColor's model input`);
    }

    // The same album restored locally on the same ComfyUI.
    const local = await createHeirloomCore({
      dataDir: join(localDir.path, 'data'),
      workflowsDir: WORKFLOWS_DIR,
      defaultOutputDir: join(localDir.path, 'out'),
      appVersion: 'remote-test',
      overrides: { backends: [emulator.url], workflowId: 'ddcolor-portrait' },
    });
    cores.push(local);
    await local.start();
    await writeAlbum(join(localDir.path, 'album'));
    await local.handlers['photos.importPaths']({ paths: [join(localDir.path, 'album')] });
    await untilAllSucceeded(local, 2);

    for (const [name, size, depth] of [
      ['sepia.colorized.png', [900, 600], 'uchar'],
      ['scan.colorized.png', [600, 900], 'ushort'],
    ] as const) {
      const fromRemote = await decoded(join(remoteDir.path, 'out', name));
      const fromLocal = await decoded(join(localDir.path, 'out', name));
      assert.deepEqual([fromRemote.format, fromRemote.width, fromRemote.height, fromRemote.depth], ['png', ...size, depth], `${name}: full size, ${depth}`);
      assert.deepEqual([fromLocal.format, fromLocal.width, fromLocal.height, fromLocal.depth], ['png', ...size, depth], `${name} (local)`);
      assert.ok(fromRemote.pixels.equals(fromLocal.pixels), `${name}: the remote result is the local one, pixel for pixel`);
    }
  } finally {
    for (const core of cores) await core.close();
    await worker.stop();
    await emulator.close();
    remoteDir.remove();
    localDir.remove();
    await cleanup();
  }
});
