// Whole runs against the ComfyUI emulator (e2e/comfyui-emulator), which answers as the recorded
// real server does: DDColor end to end, missing nodes, validation, a dead backend, a dropped
// socket, cleared history, hostile and non-image outputs, the 0.33 protocol and upload limits.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { startComfyEmulator, type ComfyEmulator, type EmulatorOptions } from '../../../e2e/comfyui-emulator';
import { buildPrompt, loadWorkflows, missingModels, missingNodes, resolveParams, sha256Hex, type WorkflowDefinition } from '../workflows';
import { createComfyClient, type ComfyClient, type ComfyClientOptions } from './client';
import { ComfyError, isTransient } from './errors';
import { runPromptOnBackend, type RunPromptInput } from './run-prompt';
import { manualTimers } from './testing/fake-comfy';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const workflows = new Map((await loadWorkflows(join(repo, 'workflows'))).map((w) => [w.id, w]));
const portrait = workflows.get('ddcolor-portrait') as WorkflowDefinition;

/** A small grey gradient PNG, different for each seed (so ComfyUI's cache does not kick in). */
async function photo(seed = 0, width = 48, height = 32): Promise<Uint8Array> {
  const pixels = Buffer.alloc(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + seed * 13) % 256;
  return new Uint8Array(await sharp(pixels, { raw: { width, height, channels: 1 } }).png().toBuffer());
}

async function emulator(t: TestContext, options: EmulatorOptions = {}): Promise<ComfyEmulator> {
  const e = await startComfyEmulator(options);
  t.after(() => e.kill());
  return e;
}

/** A client that also records every URL it fetched. */
function client(t: TestContext, e: { url: string }, options: Partial<ComfyClientOptions> = {}): { c: ComfyClient; fetched: string[] } {
  const fetched: string[] = [];
  const recording: typeof fetch = (input, init) => {
    fetched.push(input instanceof Request ? input.url : String(input));
    return fetch(input, init);
  };
  const c = createComfyClient({ baseUrl: e.url, clientId: randomUUID(), fetchImpl: recording, ...options });
  t.after(() => c.close());
  return { c, fetched };
}

function run(c: ComfyClient, over: Partial<RunPromptInput> & { image: RunPromptInput['image'] }) {
  return runPromptOnBackend({ client: c, workflow: portrait, params: {}, promptId: randomUUID(), pollIntervalMs: 50, ...over });
}

/** Upload + queue without following, for tests that follow (or lose) the prompt themselves. */
async function queueDirectly(c: ComfyClient, bytes: Uint8Array): Promise<string> {
  const uploaded = await c.uploadImage({ bytes, fileName: 'direct.png' });
  const params = resolveParams(portrait, {});
  assert.ok(params.ok);
  const promptId = randomUUID();
  await c.queuePrompt({ prompt: buildPrompt(portrait, { image: `${uploaded.subfolder}/${uploaded.name}`, params: params.params }), promptId });
  return promptId;
}

async function failure(promise: Promise<unknown>): Promise<ComfyError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ComfyError, `expected ComfyError, got ${String(err)}`);
    return err;
  }
  return assert.fail('expected a rejection');
}

void test('DDColor happy path: upload by content hash, our prompt id, stages in order, a full-size PNG back', async (t) => {
  const e = await emulator(t);
  const { c } = client(t, e);
  const bytes = await photo(1, 48, 32);
  const stages: string[] = [];
  const promptId = randomUUID();
  const queued: string[] = [];
  const result = await run(c, {
    image: { bytes, fileName: '奶奶 1962.png' },
    promptId,
    params: { size: 256 },
    onStage: (stage, progress) => stages.push(`${stage}:${progress.toFixed(2)}`),
    onQueued: (q) => {
      queued.push(q.promptId);
    },
  });
  assert.equal(result.promptId, promptId);
  assert.deepEqual(queued, [promptId]);
  assert.equal(result.outputs.length, 1);
  const [out] = result.outputs;
  assert.ok(out);
  assert.equal(out.ref.nodeId, '3');
  assert.equal(out.ref.subfolder, 'heirloom');
  assert.match(out.ref.filename, /^ddcolor_\d{5}_\.png$/);
  const meta = await sharp(out.bytes).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', 48, 32]);
  assert.equal(e.stats.executions(), 1);

  const order = [...new Set(stages.map((s) => s.split(':')[0]))];
  assert.deepEqual(order, ['uploading', 'waiting', 'colorizing', 'downloading']);
  assert.equal(stages.at(-1), 'downloading:1.00');
  const colorizing = stages.filter((s) => s.startsWith('colorizing')).map((s) => Number(s.split(':')[1]));
  assert.deepEqual([...colorizing].sort((a, b) => a - b), colorizing, 'progress never goes back');
  assert.equal(colorizing.at(-1), 1);

  // The upload was named by content and the prompt used the name ComfyUI returned.
  const history = await c.promptStatus(promptId);
  assert.ok(typeof history === 'object' && history.done.status === 'success');
  const entry = (await (await fetch(`${e.url}/history/${promptId}`)).json()) as Record<string, { prompt: [number, string, Record<string, { inputs: Record<string, unknown> }>] }>;
  assert.equal(entry[promptId]?.prompt[2]['1']?.inputs['image'], `heirloom/${sha256Hex(bytes)}.png`);
  assert.equal(entry[promptId]?.prompt[2]['2']?.inputs['model_input_size'], 256);

  // Same photo, same params: ComfyUI serves it from cache and still reports the output.
  const again = await run(c, { image: { bytes, fileName: 'copy.png' }, params: { size: 256 } });
  assert.equal(e.stats.executions(), 1, 'nothing re-ran');
  assert.equal(again.outputs[0]?.ref.filename, out.ref.filename);
});

void test('the backend lacks DDColor: capability check and the prompt both name DDColor_Colorize', async (t) => {
  const e = await emulator(t, { omitNodes: ['DDColor_Colorize'] });
  const { c } = client(t, e);
  const info = await c.objectInfo();
  assert.deepEqual(missingNodes(portrait, info), ['DDColor_Colorize']);
  const err = await failure(run(c, { image: { bytes: await photo(2), fileName: 'a.png' } }));
  assert.deepEqual(err.info, { kind: 'node-missing', nodeType: 'DDColor_Colorize' });
  assert.match(err.message, /DDColor_Colorize/);
  assert.match(err.message, /kijai\/ComfyUI-DDColor/);
  assert.equal(isTransient(err), false);
});

void test('with DDColor installed, missingNodes and missingModels are empty for every shipped workflow', async (t) => {
  const e = await emulator(t);
  const { c } = client(t, e);
  const info = await c.objectInfo();
  for (const def of workflows.values()) {
    const params = resolveParams(def, {});
    assert.ok(params.ok);
    assert.deepEqual(missingNodes(def, info), [], def.id);
    assert.deepEqual(missingModels(def, info, params.params), [], def.id);
    assert.deepEqual(missingModels(def, info, { ...params.params, checkpoint: 'ddcolor_future.pth' }), ['ddcolor_future.pth']);
  }
});

void test('a graph ComfyUI rejects: the error carries ComfyUI’s own validation text', async (t) => {
  const e = await emulator(t);
  const { c } = client(t, e);
  const uploaded = await c.uploadImage({ bytes: await photo(3), fileName: 'v.png' });
  const prompt = {
    '1': { class_type: 'LoadImage', inputs: { image: `${uploaded.subfolder}/${uploaded.name}` } },
    '2': { class_type: 'ImageScaleBy', inputs: { image: ['1', 0], upscale_method: 'bilinear', scale_by: 100 } },
    '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'x' } },
  };
  const err = await failure(c.queuePrompt({ prompt, promptId: randomUUID() }));
  assert.equal(err.kind, 'validation');
  assert.match(err.message, /Prompt outputs failed validation/);
  assert.match(err.message, /node 2 \(ImageScaleBy\): Value 100\.0 bigger than max of 8\.0 — scale_by/);
  assert.equal(isTransient(err), false);
});

void test('a dead backend is unreachable (transient), for a probe and for a run', async (t) => {
  const e = await emulator(t);
  const { c } = client(t, e);
  await c.systemStats();
  await e.kill();
  const probe = await failure(c.systemStats());
  assert.equal(probe.kind, 'unreachable');
  assert.equal(isTransient(probe), true);
  assert.equal(probe.message, `ComfyUI at ${e.url} is not reachable (ECONNREFUSED)`);
  const runErr = await failure(run(c, { image: { bytes: await photo(4), fileName: 'a.png' } }));
  assert.equal(runErr.kind, 'unreachable');
});

void test('the WebSocket drops while the prompt waits: the run still completes', async (t) => {
  const e = await emulator(t);
  const { c } = client(t, e, { reconnectBaseMs: 20, reconnectCapMs: 100 });
  const states: string[] = [];
  c.events.onConnection((s) => states.push(s));
  e.faults.pause();
  let dropped!: () => void;
  const waitingSeen = new Promise<void>((resolve) => (dropped = resolve));
  const result = run(c, {
    image: { bytes: await photo(5), fileName: 'a.png' },
    onStage: (stage) => {
      if (stage === 'waiting') dropped();
    },
  });
  await waitingSeen;
  e.faults.dropWebSockets();
  e.faults.resume();
  const { outputs } = await result;
  assert.equal(outputs.length, 1);
  assert.ok(states.includes('closed'), `states: ${states.join(',')}`);
});

void test('history cleared before the client read it: found missing via /queue, not reported done', async (t) => {
  const e = await emulator(t);
  // Manual timers that are never fired: once dropped, this client's socket stays down.
  const { c } = client(t, e, { timers: manualTimers() });
  e.faults.pause();
  const promptId = await queueDirectly(c, await photo(6));
  e.faults.dropWebSockets();
  assert.equal(await c.promptStatus(promptId), 'queued');
  e.faults.resume();
  // Another client follows it to the end; then history is lost, as when ComfyUI restarts.
  const observer = client(t, e).c;
  assert.equal((await observer.waitForPrompt(promptId, { pollIntervalMs: 20 })).status, 'success');
  e.faults.clearHistory();
  assert.equal(await c.promptStatus(promptId), 'unknown');
  const err = await failure(c.waitForPrompt(promptId));
  assert.equal(err.kind, 'lost');
  assert.equal(isTransient(err), true);
});

void test('hostile output names are refused and never requested', async (t) => {
  for (const name of ['../x.png', '/etc/passwd', 'a\\b.png']) {
    const e = await emulator(t);
    const { c, fetched } = client(t, e);
    e.faults.setOutputNameOverride(name);
    const err = await failure(run(c, { image: { bytes: await photo(7), fileName: 'a.png' } }));
    assert.equal(err.kind, 'bad-output', name);
    assert.match(err.message, /refusing to download/);
    assert.deepEqual(fetched.filter((u) => new URL(u).pathname === '/view'), [], `${name}: /view never requested`);
  }
});

void test('a non-image from /view is bad-output naming the file and content type', async (t) => {
  const e = await emulator(t);
  const { c } = client(t, e);
  e.faults.setViewOverride(Buffer.from('<html><body>Sign in</body></html>'), 'text/html');
  const err = await failure(run(c, { image: { bytes: await photo(8), fileName: 'a.png' } }));
  assert.equal(err.kind, 'bad-output');
  assert.match(err.message, /^backend returned a non-image for ddcolor_\d{5}_\.png \(content-type text\/html/);
});

void test('ComfyUI 0.33: uuid prompt ids accepted, status read from /api/jobs', async (t) => {
  const e = await emulator(t, { protocol: '0.33' });
  const { c, fetched } = client(t, e);
  assert.equal((await c.systemStats()).version, '0.33.0');
  const promptId = randomUUID();
  const result = await run(c, { image: { bytes: await photo(9), fileName: 'a.png' }, promptId });
  assert.equal(result.promptId, promptId);
  assert.deepEqual(await c.promptStatus(promptId), { done: { status: 'success', outputs: [result.outputs[0]?.ref] } });
  assert.equal(await c.promptStatus(randomUUID()), 'unknown');
  const paths = fetched.map((u) => new URL(u).pathname);
  assert.ok(paths.some((p) => p.startsWith('/api/jobs/')), 'the jobs API was used');
  assert.ok(!paths.includes('/queue'), '/queue was not needed');
});

void test('an upload over --max-upload-size is too-large with the size and the limit', async (t) => {
  const e = await emulator(t, { maxUploadBytes: 2048 });
  const { c } = client(t, e);
  // The emulator, like aiohttp, allows some multipart framing on top of the limit: go well past it.
  const padded = new Uint8Array(2 * 1024 * 1024);
  padded.set(await photo(10));
  const err = await failure(run(c, { image: { bytes: padded, fileName: 'scan.png' } }));
  assert.equal(err.kind, 'too-large');
  assert.deepEqual(err.info, { kind: 'too-large', size: padded.byteLength, limit: 2048 });
  assert.match(err.message, /larger than ComfyUI at .* accepts \(2\.0 KB; raise it with --max-upload-size\)/);
  assert.equal(isTransient(err), false);
});

void test('interrupt: a running prompt ends as kind interrupted', async (t) => {
  const e = await emulator(t, { serviceTimeMs: 30_000 });
  const { c } = client(t, e);
  const promptId = randomUUID();
  // Interrupt once DDColor runs: ComfyUI clears the interrupt flag when a prompt starts, so an
  // interrupt sent between "taken from the queue" and "started" would be lost.
  const inDdcolor = new Promise<void>((resolve) =>
    c.events.onPromptEvent(promptId, (event) => {
      if (event.type === 'executing' && event.node === '2') resolve();
    }),
  );
  const result = run(c, { image: { bytes: await photo(11), fileName: 'a.png' }, promptId });
  await inDdcolor;
  await c.interrupt(promptId);
  const err = await failure(result);
  assert.equal(err.kind, 'interrupted');
  assert.equal(isTransient(err), false);
});

void test('deleteQueued removes a waiting prompt; a failing upload is a transient http 500', async (t) => {
  const e = await emulator(t);
  const { c } = client(t, e);
  e.faults.pause();
  const promptId = await queueDirectly(c, await photo(12));
  assert.equal(await c.promptStatus(promptId), 'queued');
  await c.deleteQueued([promptId]);
  assert.equal(await c.promptStatus(promptId), 'unknown');
  e.faults.resume();

  e.faults.failUploads(1);
  const err = await failure(c.uploadImage({ bytes: await photo(13), fileName: 'b.png' }));
  assert.deepEqual(err.info, { kind: 'http', status: 500 });
  assert.equal(isTransient(err), true);
});
