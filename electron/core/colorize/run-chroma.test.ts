// Chroma mode end to end against the ComfyUI emulator, whose DDColor_Colorize has the real node's
// data flow: the rebuilt photo must match the node's own full-resolution output (issue 8's
// fidelity criterion: PSNR ≥ 40 dB; a 16-bit scan keeps more than 256 lightness levels).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { startComfyEmulator, type ComfyEmulator } from '../../../e2e/comfyui-emulator';
import { createComfyClient, type ComfyClient } from '../comfy/client';
import { ComfyError } from '../comfy/errors';
import { runPromptOnBackend } from '../comfy/run-prompt';
import { loadWorkflows, type WorkflowDefinition } from '../workflows';
import { PhotoDecodeError } from './decode';
import { encodeRebuilt } from './encode';
import { KB, KG, KR, LINEAR_OF_16 } from './lab';
import { createRebuildPool } from './rebuild-pool';
import { recoverChroma, runChroma } from './run-chroma';
import { psnr8, to8 } from './testing/compare';
import { startSourceWorker } from './testing/source-worker';
import { encodePhoto, syntheticPhoto, type PhotoSpec } from './testing/synthetic-photo';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shipped = new Map((await loadWorkflows(join(repo, 'workflows'))).map((w) => [w.id, w]));
const portrait = shipped.get('ddcolor-portrait') as WorkflowDefinition;
const architecture = shipped.get('ddcolor-architecture') as WorkflowDefinition;

async function setup(t: TestContext): Promise<{ e: ComfyEmulator; c: ComfyClient }> {
  const e = await startComfyEmulator();
  const c = createComfyClient({ baseUrl: e.url, clientId: randomUUID() });
  t.after(async () => {
    c.close();
    await e.kill();
  });
  return { e, c };
}

async function photo(spec: PhotoSpec): Promise<{ bytes: Uint8Array; fileName: string }> {
  return { bytes: await encodePhoto(syntheticPhoto(spec)), fileName: `${spec.kind}-${spec.seed}.${spec.kind === 'grey16' ? 'png' : 'jpg'}` };
}

/** The node's own result: the photo through the template as written (full mode), decoded. */
async function fullMode(c: ComfyClient, workflow: WorkflowDefinition, original: { bytes: Uint8Array; fileName: string }): Promise<Uint8Array> {
  const result = await runPromptOnBackend({ client: c, workflow, params: {}, image: original, promptId: randomUUID(), pollIntervalMs: 50 });
  const [out] = result.outputs;
  assert.ok(out);
  const { data, info } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.channels, 3);
  return new Uint8Array(data);
}

void test('fidelity, 8-bit: a 6 MP grey scan and a sepia photo rebuilt in chroma mode match full mode (PSNR ≥ 40 dB)', async (t) => {
  const { c } = await setup(t);
  for (const [workflow, spec] of [
    [portrait, { kind: 'grey', width: 3000, height: 2000, seed: 1, grain: 5 }],
    [architecture, { kind: 'sepia', width: 1600, height: 1200, seed: 2 }],
  ] as const) {
    const original = await photo(spec);
    const full = await fullMode(c, workflow, original);
    const chroma = await runChroma({ client: c, workflow, params: {}, original, promptId: randomUUID(), pollIntervalMs: 50 });
    assert.equal(chroma.image.depth, 8);
    assert.deepEqual([chroma.image.width, chroma.image.height], [spec.width, spec.height]);
    const db = psnr8(chroma.image.data as Uint8Array, full);
    assert.ok(db >= 40, `${spec.kind} ${spec.width}×${spec.height} through ${workflow.id}: PSNR ${db.toFixed(2)} dB`);
    t.diagnostic(`${spec.kind} ${spec.width}×${spec.height} (${workflow.id}): PSNR ${db.toFixed(2)} dB`);
  }
});

void test('fidelity, 16-bit: a 16-bit grey scan keeps 16-bit lightness (TIFF), and matches full mode at 8 bits', async (t) => {
  const { c } = await setup(t);
  const spec = { kind: 'grey16', width: 1500, height: 1000, seed: 3, grain: 0.5 } as const;
  const scan = syntheticPhoto(spec);
  const original = { bytes: await encodePhoto(scan), fileName: 'scan-16bit.png' };
  const chroma = await runChroma({ client: c, workflow: portrait, params: {}, original, promptId: randomUUID(), pollIntervalMs: 50 });
  assert.equal(chroma.image.depth, 16);
  const rebuilt = chroma.image.data as Uint16Array;

  for (const format of ['tiff', 'png'] as const) {
    const encoded = await encodeRebuilt(chroma.image, format);
    const meta = await sharp(encoded).metadata();
    assert.deepEqual([meta.format, meta.depth, meta.width, meta.height], [format, 'ushort', spec.width, spec.height]);
    const back = await sharp(encoded).toColourspace('rgb16').raw({ depth: 'ushort' }).toBuffer();
    assert.deepEqual(new Uint16Array(back.buffer, back.byteOffset, back.byteLength / 2), rebuilt, `the ${format} holds the rebuilt pixels exactly`);
  }

  // Lightness: luminance of each rebuilt pixel, at 16-bit precision.
  const levels = new Set<number>();
  let worst = 0;
  let clipped = 0;
  for (let i = 0, p = 0; i < scan.data.length; i++, p += 3) {
    const [r = 0, g = 0, b = 0] = rebuilt.subarray(p, p + 3);
    const y = KR * (LINEAR_OF_16[r] ?? 0) + KG * (LINEAR_OF_16[g] ?? 0) + KB * (LINEAR_OF_16[b] ?? 0);
    levels.add(Math.round(y * 65535));
    // A colour outside the sRGB gamut is clipped (by the node too), which moves its luminance.
    if (Math.min(r, g, b) === 0 || Math.max(r, g, b) === 65535) clipped++;
    else worst = Math.max(worst, Math.abs(y - (LINEAR_OF_16[scan.data[i] ?? 0] ?? 0)));
  }
  assert.ok(levels.size > 256, `${levels.size} distinct lightness levels`);
  // Kept, not just many: within a level or two of the scan's own luminance (RGB rounding).
  assert.ok(worst * 65535 < 3, `luminance off by ${(worst * 65535).toFixed(1)} 16-bit levels`);
  t.diagnostic(`${levels.size} distinct 16-bit lightness levels; ${clipped} of ${scan.data.length} pixels clipped to the gamut`);

  const full = await fullMode(c, portrait, original);
  const db = psnr8(to8(rebuilt), full);
  assert.ok(db >= 40, `16-bit scan vs full mode at 8 bits: PSNR ${db.toFixed(2)} dB`);
});

void test('what crosses the wire: a model_input_size² grey upload and result, stages in order', async (t) => {
  const { e, c } = await setup(t);
  const original = await photo({ kind: 'sepia', width: 900, height: 600, seed: 4 });
  const stages: string[] = [];
  const promptId = randomUUID();
  const queued: string[] = [];
  const result = await runChroma({
    client: c,
    workflow: portrait,
    params: { size: 256 },
    original,
    promptId,
    pollIntervalMs: 50,
    onStage: (stage, progress) => stages.push(`${stage}:${progress.toFixed(2)}`),
    onQueued: (q) => {
      queued.push(q.promptId);
    },
  });
  assert.equal(result.promptId, promptId);
  assert.deepEqual(queued, [promptId]);
  assert.ok(result.timings.prepareMs > 0 && result.timings.rebuildMs > 0);

  const uploads = await readdir(join(e.dataDir, 'input', 'heirloom'));
  assert.equal(uploads.length, 1);
  const meta = await sharp(join(e.dataDir, 'input', 'heirloom', uploads[0] ?? '')).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ['png', 256, 256, 1], 'the model input goes up: 256², one channel');
  const saved = await readdir(join(e.dataDir, 'output', 'heirloom'));
  assert.equal(saved.length, 1);
  const small = await sharp(join(e.dataDir, 'output', 'heirloom', saved[0] ?? '')).metadata();
  assert.deepEqual([small.width, small.height], [256, 256], 'ComfyUI saves (and sends) a 256² result');

  assert.deepEqual([...new Set(stages.map((s) => s.split(':')[0]))], ['uploading', 'waiting', 'colorizing', 'downloading']);
  assert.ok(stages.includes('downloading:0.50'), 'the download is the first half of the last stage');
  assert.equal(stages.at(-1), 'downloading:1.00');
});

void test('start-up recovery rebuilds a finished chroma prompt from its outcome, identically; so do worker threads', async (t) => {
  const { c } = await setup(t);
  const original = await photo({ kind: 'sepia', width: 640, height: 480, seed: 5 });
  const run = await runChroma({ client: c, workflow: portrait, params: {}, original, promptId: randomUUID(), pollIntervalMs: 50 });
  const status = await c.promptStatus(run.promptId);
  assert.ok(typeof status === 'object' && status.done.status === 'success');
  const recovered = await recoverChroma({ client: c, workflow: portrait, params: {}, original, outcome: status.done });
  assert.deepEqual(recovered.data, run.image.data);
  // The same on worker threads, through runChroma and through recovery.
  const rebuilder = createRebuildPool({ startWorker: () => startSourceWorker(new URL('./rebuild-worker.ts', import.meta.url)), size: 1 });
  t.after(() => rebuilder.close());
  const stages: string[] = [];
  const pooled = await runChroma({ client: c, workflow: portrait, params: {}, original, promptId: randomUUID(), pollIntervalMs: 50, rebuilder, onStage: (stage, p) => stages.push(`${stage}:${p}`) });
  assert.deepEqual(pooled.image.data, run.image.data);
  assert.equal(stages.at(-1), 'downloading:1');
  assert.deepEqual((await recoverChroma({ client: c, workflow: portrait, params: {}, original, outcome: status.done, rebuilder })).data, run.image.data);
});

void test('errors: a full-mode workflow, an unreadable original, a result of the wrong size, an abort', async (t) => {
  const { e, c } = await setup(t);
  const original = await photo({ kind: 'grey', width: 400, height: 300, seed: 6 });
  const base = { client: c, params: {}, original, pollIntervalMs: 50 };

  const full: WorkflowDefinition = { ...portrait, mode: { type: 'full' } };
  await assert.rejects(runChroma({ ...base, workflow: full, promptId: randomUUID() }), (err: unknown) => {
    assert.ok(err instanceof ComfyError && err.kind === 'validation');
    assert.match(err.message, /runs in full mode, not chroma mode/);
    return true;
  });
  await assert.rejects(runChroma({ ...base, workflow: portrait, params: { size: 500 }, promptId: randomUUID() }), /size must be a multiple of 32 \(got 500\)/);

  await assert.rejects(
    runChroma({ ...base, workflow: portrait, original: { bytes: new TextEncoder().encode('not a photo'), fileName: 'notes.txt' }, promptId: randomUUID() }),
    (err: unknown) => err instanceof PhotoDecodeError && /notes\.txt is not an image/.test(err.message),
  );
  assert.equal(e.stats.uploads(), 0, 'nothing is uploaded for an unreadable original');

  const wrong = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#808080' } }).png().toBuffer();
  e.faults.setViewOverride(wrong, 'image/png');
  await assert.rejects(runChroma({ ...base, workflow: portrait, promptId: randomUUID() }), (err: unknown) => {
    assert.ok(err instanceof ComfyError && err.kind === 'bad-output');
    assert.match(err.message, /returned a 100×100 result for a 512×512 chroma input/);
    return true;
  });
  e.faults.setViewOverride(null);

  e.faults.pause();
  const abort = new AbortController();
  const pending = runChroma({ ...base, workflow: portrait, promptId: randomUUID(), signal: abort.signal, onStage: (stage) => stage === 'waiting' && abort.abort(new Error('user canceled')) });
  await assert.rejects(pending, /user canceled/);
  e.faults.resume();
});
