// The worker's executor in chroma mode against the ComfyUI emulator (no broker needed): a new task
// runs as the app runs it, and a task redelivered after its worker died is re-attached to the
// prompt the backend already ran — rebuilt from its result, not run again.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import sharp from 'sharp';
import { startComfyEmulator } from '../../../../e2e/comfyui-emulator';
import { createComfyClient } from '../../comfy/client';
import { runChroma, type RebuiltImage } from '../../colorize';
import { encodePhoto, syntheticPhoto } from '../../colorize/testing/synthetic-photo';
import { loadWorkflows, type WorkflowDefinition } from '../../workflows';
import { createBackendPool } from './executor';

const shipped = await loadWorkflows(join(import.meta.dirname, '..', '..', '..', '..', 'workflows'));
const portrait = shipped.find((w) => w.id === 'ddcolor-portrait') as WorkflowDefinition;

async function setup(t: TestContext) {
  const emulator = await startComfyEmulator();
  const executor = createBackendPool({ urls: [emulator.url], clientId: randomUUID(), now: Date.now, pollIntervalMs: 50 });
  t.after(async () => {
    executor.close();
    await emulator.close();
  });
  return { emulator, executor };
}

/** The result bytes a worker sends back, decoded at their own depth. */
async function pixelsOf(bytes: Uint8Array) {
  const meta = await sharp(bytes).metadata();
  const data = await (meta.depth === 'ushort' ? sharp(bytes).toColourspace('rgb16').raw({ depth: 'ushort' }) : sharp(bytes).raw()).toBuffer();
  return { format: meta.format, width: meta.width, height: meta.height, depth: meta.depth, data };
}

const asBuffer = (image: RebuiltImage) => Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
const image = { bytes: await encodePhoto(syntheticPhoto({ kind: 'grey16', width: 640, height: 480, seed: 21 })), fileName: 'scan.png' };
const noStage = () => undefined;

void test('a chroma task at a worker gives the pixels the app rebuilds, 16 bits kept, losslessly', async (t) => {
  const { emulator, executor } = await setup(t);
  const output = await executor.run({ taskId: randomUUID(), workflow: portrait, params: {}, image, signal: AbortSignal.timeout(30_000), onStage: noStage });
  assert.equal(output.reattached, false);
  const client = createComfyClient({ baseUrl: emulator.url, clientId: randomUUID() });
  t.after(() => client.close());
  const local = await runChroma({ client, workflow: portrait, params: {}, original: image, promptId: randomUUID(), pollIntervalMs: 50 });
  const remote = await pixelsOf(output.bytes);
  assert.deepEqual([remote.format, remote.width, remote.height, remote.depth], ['png', 640, 480, 'ushort']);
  assert.ok(remote.data.equals(asBuffer(local.image)), 'the same pixels as the local rebuild');
});

void test('a redelivered chroma task is re-attached to its finished prompt and rebuilt, not run again', async (t) => {
  const { emulator, executor } = await setup(t);
  const taskId = randomUUID();
  // The worker that died: its prompt (id = task id) ran to the end on the backend.
  const client = createComfyClient({ baseUrl: emulator.url, clientId: randomUUID() });
  t.after(() => client.close());
  const first = await runChroma({ client, workflow: portrait, params: {}, original: image, promptId: taskId, pollIntervalMs: 50 });
  const executions = emulator.stats.executions();

  const output = await executor.run({ taskId, workflow: portrait, params: {}, image, signal: AbortSignal.timeout(30_000), onStage: noStage });
  assert.equal(output.reattached, true);
  assert.equal(emulator.stats.executions(), executions, 'nothing ran again');
  const remote = await pixelsOf(output.bytes);
  assert.deepEqual([remote.width, remote.height, remote.depth], [640, 480, 'ushort'], 'full resolution rebuilt, not the 512² result');
  assert.ok(remote.data.equals(asBuffer(first.image)));
});
