// ComfyUI emulator (test infrastructure): execution replays RECORDED 4.4/4.6 (A, B, C, E) and
// checks caching, DDColor end to end, binary frames and per-client routing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { srgbToLab } from './lab';
import { readTextChunks } from './png';
import type { WsMessage } from './test-support';
import { connectWs, getJson, greyPng, postJson, startTestEmulator, types, upload } from './test-support';

const CLIENT = '5d636644-0d3d-448f-9307-164bb25cee4e';
const A_PROMPT = {
  '1': { class_type: 'LoadImage', inputs: { image: 'test512.png' } },
  '2': { class_type: 'ImageInvert', inputs: { image: ['1', 0] } },
  '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'e2e_invert' } },
};

async function queuePrompt(emulator: { url: string }, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${emulator.url}/prompt`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { prompt_id: string }).prompt_id;
}

function progressNodes(message: WsMessage): Record<string, { state: string; value: number; max: number }> {
  return message.data['nodes'] as Record<string, { state: string; value: number; max: number }>;
}

test('A_invert_512: upload → prompt → WebSocket order → history → view', async (t) => {
  const emulator = await startTestEmulator(t);
  await upload(emulator, 'test512.png', await greyPng(512, 512));
  const ws = await connectWs(emulator, CLIENT);
  await ws.waitForMessage('status');
  const promptId = await queuePrompt(emulator, { prompt: A_PROMPT, client_id: CLIENT });
  const messages = (await ws.untilDone(promptId)).slice(1);
  assert.deepEqual(types(messages), [
    'status',
    'status',
    'execution_start',
    'execution_cached',
    'progress_state',
    'executing',
    'progress_state',
    'progress_state',
    'executing',
    'progress_state',
    'progress_state',
    'executing',
    'executed',
    'progress_state',
    'execution_success',
    'status',
    'executing',
  ]);
  const [s1, s2, start, cached, p1, e1, , , e2, , , e3, executed, , success, s0, done] = messages;
  assert.deepEqual(s1?.data, { status: { exec_info: { queue_remaining: 1 } } });
  assert.deepEqual(s2?.data, { status: { exec_info: { queue_remaining: 1 } } });
  assert.deepEqual(Object.keys(start?.data ?? {}), ['prompt_id', 'timestamp']);
  assert.deepEqual(cached?.data['nodes'], []);
  assert.deepEqual(p1?.data, {
    prompt_id: promptId,
    nodes: { '1': { value: 0, max: 1, state: 'running', node_id: '1', prompt_id: promptId, display_node_id: '1', parent_node_id: null, real_node_id: '1' } },
  });
  assert.deepEqual([e1, e2, e3].map((m) => m?.data), [1, 2, 3].map((n) => ({ node: String(n), display_node: String(n), prompt_id: promptId })));
  const image = { filename: 'e2e_invert_00001_.png', subfolder: '', type: 'output' };
  assert.deepEqual(executed?.data, { node: '3', display_node: '3', output: { images: [image] }, prompt_id: promptId });
  assert.deepEqual(Object.keys(success?.data ?? {}), ['prompt_id', 'timestamp']);
  assert.deepEqual(s0?.data, { status: { exec_info: { queue_remaining: 0 } } });
  assert.deepEqual(done?.data, { node: null, prompt_id: promptId });
  assert.deepEqual(Object.values(progressNodes(messages[13] as WsMessage)).map((n) => n.state), ['finished', 'finished', 'finished']);

  const history = (await getJson(emulator, `/history/${promptId}`)) as Record<string, Record<string, unknown>>;
  const entry = history[promptId];
  assert.ok(entry);
  assert.deepEqual(Object.keys(entry), ['prompt', 'outputs', 'status', 'meta']);
  assert.deepEqual(entry['prompt'], [0, promptId, A_PROMPT, { client_id: CLIENT }, ['3']]);
  assert.deepEqual(entry['outputs'], { '3': { images: [image] } });
  assert.deepEqual(entry['meta'], { '3': { node_id: '3', display_node: '3', parent_node: null, real_node_id: '3' } });
  const status = entry['status'] as { status_str: string; completed: boolean; messages: Array<[string, unknown]> };
  assert.equal(status.status_str, 'success');
  assert.equal(status.completed, true);
  assert.deepEqual(
    status.messages.map(([name]) => name),
    ['execution_start', 'execution_cached', 'execution_success'],
  );

  const view = await fetch(`${emulator.url}/view?filename=e2e_invert_00001_.png&subfolder=&type=output`);
  assert.equal(view.status, 200);
  assert.equal(view.headers.get('content-type'), 'image/png');
  const png = Buffer.from(await view.arrayBuffer());
  const meta = await sharp(png).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', 512, 512]);
  // ImageInvert really inverted the pixels: the first pixel was 40 grey.
  const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.equal(data[0], 255 - 40);
  const text = readTextChunks(png);
  const embedded = JSON.parse(text.get('prompt') ?? '{}') as Record<string, { is_changed?: unknown }>;
  assert.equal(embedded['1']?.is_changed instanceof Array, true, 'LoadImage is_changed (sha256) is embedded like ComfyUI does');
  assert.equal(emulator.stats.prompts(), 1);
  assert.equal(emulator.stats.executions(), 1);
  await ws.close();
});

test('B_same_prompt_cached: fully cached, executed re-sent, no new file, not counted', async (t) => {
  const emulator = await startTestEmulator(t);
  const bytes = await greyPng(64, 64);
  await upload(emulator, 'test512.png', bytes);
  const ws = await connectWs(emulator, CLIENT);
  const first = await queuePrompt(emulator, { prompt: A_PROMPT, client_id: CLIENT });
  await ws.untilDone(first);
  const from = ws.messages().length;
  const second = await queuePrompt(emulator, { prompt: A_PROMPT, client_id: CLIENT });
  const messages = (await ws.untilDone(second)).slice(from);
  assert.deepEqual(types(messages), ['status', 'status', 'execution_start', 'execution_cached', 'executed', 'progress_state', 'execution_success', 'status', 'executing']);
  assert.deepEqual(messages[3]?.data['nodes'], ['1', '2', '3']);
  assert.deepEqual(messages[4]?.data['output'], { images: [{ filename: 'e2e_invert_00001_.png', subfolder: '', type: 'output' }] });
  assert.deepEqual(Object.keys(progressNodes(messages[5] as WsMessage)), ['3']);
  assert.deepEqual(await readdir(join(emulator.dataDir, 'output')), ['e2e_invert_00001_.png']);
  const history = (await getJson(emulator, `/history/${second}`)) as Record<string, { outputs: unknown; prompt: unknown[] }>;
  assert.deepEqual(history[second]?.outputs, { '3': { images: [{ filename: 'e2e_invert_00001_.png', subfolder: '', type: 'output' }] } });
  assert.equal(history[second]?.prompt[0], 1);
  assert.equal(emulator.stats.prompts(), 2);
  assert.equal(emulator.stats.executions(), 1);
  const hash = createHash('sha256').update(bytes).digest('hex');
  assert.deepEqual([...emulator.stats.executionsByImage()], [[hash, 1]]);
  await ws.close();
});

test('only the previous prompt stays cached (ComfyUI classic cache); free_memory drops it', async (t) => {
  const emulator = await startTestEmulator(t);
  await upload(emulator, 'test512.png', await greyPng(32, 32));
  await upload(emulator, 'other.png', await greyPng(33, 32));
  const ws = await connectWs(emulator, CLIENT);
  const other = { ...A_PROMPT, '1': { class_type: 'LoadImage', inputs: { image: 'other.png' } } };
  const cachedOf = async (prompt: unknown): Promise<unknown> => {
    const id = await queuePrompt(emulator, { prompt, client_id: CLIENT });
    await ws.untilDone(id);
    return (await ws.waitForMessage('execution_cached', (d) => d['prompt_id'] === id)).data['nodes'];
  };
  assert.deepEqual(await cachedOf(A_PROMPT), []);
  assert.deepEqual(await cachedOf(other), []);
  assert.deepEqual(await cachedOf(A_PROMPT), [], 'A → other → A re-executes');
  assert.deepEqual(await cachedOf(A_PROMPT), ['1', '2', '3']);
  assert.equal((await postJson(emulator, '/free', { free_memory: true })).status, 200);
  // The flag is applied by the idle worker; the next prompt sees an empty cache.
  assert.deepEqual(await cachedOf(A_PROMPT), []);
  assert.equal(emulator.stats.executions(), 4);
  await ws.close();
});

test('C_scale_save_and_preview: node order, partial cache, subfolder, temp preview', async (t) => {
  const emulator = await startTestEmulator(t);
  await upload(emulator, 'test512.png', await greyPng(512, 512));
  const ws = await connectWs(emulator, CLIENT);
  const warm = await queuePrompt(emulator, { prompt: A_PROMPT, client_id: CLIENT });
  await ws.untilDone(warm);
  const prompt = {
    '10': { class_type: 'LoadImage', inputs: { image: 'test512.png' } },
    '11': { class_type: 'ImageScaleBy', inputs: { image: ['10', 0], upscale_method: 'lanczos', scale_by: 0.5 } },
    '12': { class_type: 'ImageScale', inputs: { image: ['11', 0], upscale_method: 'bilinear', width: '300', height: 200, crop: 'center' } },
    '13': { class_type: 'SaveImage', inputs: { images: ['12', 0], filename_prefix: 'e2e/scaled' } },
    '14': { class_type: 'PreviewImage', inputs: { images: ['11', 0] } },
  };
  const promptId = await queuePrompt(emulator, { prompt, client_id: CLIENT, extra_data: { extra_pnginfo: { workflow: { note: 'from e2e.js' } } } });
  const all = await ws.untilDone(promptId);
  const messages = all.slice(all.findIndex((m) => m.type === 'execution_start' && m.data['prompt_id'] === promptId));
  assert.deepEqual(messages[1]?.data['nodes'], ['10']);
  assert.deepEqual(
    messages.filter((m) => m.type === 'executing' && m.data['node'] !== null).map((m) => m.data['node']),
    ['11', '14', '12', '13'],
  );
  assert.deepEqual(types(messages).slice(-3), ['execution_success', 'status', 'executing']);
  const history = (await getJson(emulator, `/history/${promptId}`)) as Record<string, { outputs: Record<string, { images: Array<{ filename: string; subfolder: string; type: string }> }>; prompt: unknown[] }>;
  const entry = history[promptId];
  assert.ok(entry);
  assert.deepEqual(entry.outputs['13']?.images, [{ filename: 'scaled_00001_.png', subfolder: 'e2e', type: 'output' }]);
  const preview = entry.outputs['14']?.images[0];
  assert.match(preview?.filename ?? '', /^ComfyUI_temp_[a-z]{5}_00001_\.png$/);
  assert.deepEqual([preview?.subfolder, preview?.type], ['', 'temp']);
  assert.deepEqual(entry.prompt[3], { extra_pnginfo: { workflow: { note: 'from e2e.js' } }, client_id: CLIENT });
  assert.equal((entry.prompt[2] as Record<string, { inputs: Record<string, unknown> }>)['12']?.inputs['width'], 300, 'validation converted "300" and stored it');
  const scaled = Buffer.from(await (await fetch(`${emulator.url}/view?filename=scaled_00001_.png&subfolder=e2e&type=output`)).arrayBuffer());
  assert.deepEqual([(await sharp(scaled).metadata()).width, (await sharp(scaled).metadata()).height], [300, 200]);
  assert.equal(readTextChunks(scaled).get('workflow'), '{"note": "from e2e.js"}');
  const temp = await fetch(`${emulator.url}/view?filename=${preview?.filename ?? ''}&subfolder=&type=temp`);
  const tempMeta = await sharp(Buffer.from(await temp.arrayBuffer())).metadata();
  assert.deepEqual([tempMeta.width, tempMeta.height], [256, 256]);
  await ws.close();
});

test('E_runtime_error_bad_png: execution_error, then status and executing(null); history "error"', async (t) => {
  const emulator = await startTestEmulator(t);
  await upload(emulator, 'notapng.png', Buffer.from('this is not a png'));
  const ws = await connectWs(emulator, CLIENT);
  const prompt = { '1': { class_type: 'LoadImage', inputs: { image: 'notapng.png' } }, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'never' } } };
  const promptId = await queuePrompt(emulator, { prompt, client_id: CLIENT });
  const messages = (await ws.untilDone(promptId)).slice(1);
  assert.deepEqual(types(messages), ['status', 'status', 'execution_start', 'execution_cached', 'progress_state', 'executing', 'execution_error', 'status', 'executing']);
  const error = messages[6]?.data ?? {};
  assert.deepEqual(Object.keys(error), [
    'prompt_id',
    'node_id',
    'node_type',
    'executed',
    'exception_message',
    'exception_type',
    'traceback',
    'current_inputs',
    'current_outputs',
    'timestamp',
  ]);
  assert.equal(error['node_id'], '1');
  assert.equal(error['node_type'], 'LoadImage');
  assert.deepEqual(error['executed'], []);
  assert.equal(error['exception_type'], 'PIL.UnidentifiedImageError');
  assert.equal(error['exception_message'], `cannot identify image file '${join(emulator.dataDir, 'input', 'notapng.png')}'\n`);
  assert.deepEqual(error['current_inputs'], { image: ['notapng.png'] });
  assert.deepEqual([...(error['current_outputs'] as string[])].sort(), ['1', '2']);
  const history = (await getJson(emulator, `/history/${promptId}`)) as Record<string, { status: { status_str: string; completed: boolean; messages: Array<[string]> }; outputs: unknown }>;
  assert.equal(history[promptId]?.status.status_str, 'error');
  assert.equal(history[promptId]?.status.completed, false);
  assert.deepEqual(
    history[promptId]?.status.messages.map(([name]) => name),
    ['execution_start', 'execution_cached', 'execution_error'],
  );
  assert.deepEqual(history[promptId]?.outputs, {});
  await ws.close();
});

test('DDColor end to end: coloured PNG of the input size, counted per input image', async (t) => {
  const emulator = await startTestEmulator(t);
  const bytes = await greyPng(640, 480);
  await upload(emulator, 'old_photo.png', bytes);
  const ws = await connectWs(emulator, CLIENT);
  const prompt = (size: number) => ({
    '1': { class_type: 'LoadImage', inputs: { image: 'old_photo.png' } },
    '2': { class_type: 'DDColor_Colorize', inputs: { image: ['1', 0], model_input_size: size, checkpoint: 'ddcolor_modelscope.pth' } },
    '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'ddcolor/out' } },
  });
  const promptId = await queuePrompt(emulator, { prompt: prompt(512), client_id: CLIENT });
  await ws.untilDone(promptId);
  assert.ok(ws.messages().some((m) => m.type === 'execution_success' && m.data['prompt_id'] === promptId));
  const png = Buffer.from(await (await fetch(`${emulator.url}/view?filename=out_00001_.png&subfolder=ddcolor&type=output`)).arrayBuffer());
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height, info.channels], [640, 480, 3]);
  let chroma = 0;
  for (let i = 0; i < info.width * info.height; i += 97) {
    const lab = srgbToLab(data[i * 3] ?? 0, data[i * 3 + 1] ?? 0, data[i * 3 + 2] ?? 0);
    chroma += Math.hypot(lab.a, lab.b);
  }
  assert.ok(chroma / Math.ceil((info.width * info.height) / 97) > 5, 'the output is coloured');

  const again = await queuePrompt(emulator, { prompt: prompt(512), client_id: CLIENT });
  await ws.untilDone(again);
  const other = await queuePrompt(emulator, { prompt: prompt(256), client_id: CLIENT });
  await ws.untilDone(other);
  const hash = createHash('sha256').update(bytes).digest('hex');
  assert.equal(emulator.stats.executions(), 2);
  assert.deepEqual([...emulator.stats.executionsByImage()], [[hash, 2]]);
  assert.deepEqual((await readdir(join(emulator.dataDir, 'output', 'ddcolor'))).sort(), ['out_00001_.png', 'out_00002_.png']);
  await ws.close();
});

test('events reach only the prompt\'s client; status is broadcast; no client_id → no executing', async (t) => {
  const emulator = await startTestEmulator(t);
  await upload(emulator, 'test512.png', await greyPng(16, 16));
  const owner = await connectWs(emulator, 'owner');
  const bystander = await connectWs(emulator, 'bystander');
  const promptId = await queuePrompt(emulator, { prompt: A_PROMPT, client_id: 'owner' });
  await owner.untilDone(promptId);
  await bystander.waitForMessage('status', (d) => (d['status'] as { exec_info: { queue_remaining: number } }).exec_info.queue_remaining === 0 && bystander.messages().length > 2);
  assert.deepEqual([...new Set(types(bystander.messages()))], ['status']);

  const anonymous = await queuePrompt(emulator, { prompt: { ...A_PROMPT, '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'anon' } } } });
  const before = owner.messages().length;
  await owner.waitForMessage('status', (d) => (d['status'] as { exec_info: { queue_remaining: number } }).exec_info.queue_remaining === 0 && owner.messages().length > before + 2);
  const seen = new Set(types(owner.messages().slice(before)));
  assert.ok(!seen.has('executing') && !seen.has('executed') && !seen.has('execution_start'), [...seen].join());
  assert.equal(((await getJson(emulator, `/history/${anonymous}`)) as Record<string, { status: { status_str: string } }>)[anonymous]?.status.status_str, 'success');
  await owner.close();
  await bystander.close();
});

test('SaveImageWebsocket: PNG as binary type 1, or type 4 after feature_flags', async (t) => {
  const emulator = await startTestEmulator(t);
  await upload(emulator, 'test512.png', await greyPng(24, 20));
  const prompt = { '1': { class_type: 'LoadImage', inputs: { image: 'test512.png' } }, '2': { class_type: 'SaveImageWebsocket', inputs: { images: ['1', 0] } } };
  const legacy = await connectWs(emulator, 'legacy');
  const first = await queuePrompt(emulator, { prompt, client_id: 'legacy' });
  await legacy.untilDone(first);
  const frame = legacy.frames.find((f) => f.kind === 'binary');
  assert.ok(frame?.kind === 'binary');
  assert.equal(frame.data.readUInt32BE(0), 1);
  assert.equal(frame.data.readUInt32BE(4), 2);
  assert.deepEqual([(await sharp(frame.data.subarray(8)).metadata()).width, (await sharp(frame.data.subarray(8)).metadata()).height], [24, 20]);
  const order = legacy.frames.map((f) => (f.kind === 'binary' ? 'binary' : f.message.type));
  const at = order.indexOf('binary');
  assert.deepEqual(order.slice(at - 2, at + 1), ['progress_state', 'progress', 'binary']);

  const modern = await connectWs(emulator, 'modern');
  modern.socket.send(JSON.stringify({ type: 'feature_flags', data: { supports_preview_metadata: true } }));
  await modern.waitForMessage('feature_flags');
  const second = await queuePrompt(emulator, { prompt, client_id: 'modern' });
  await modern.untilDone(second);
  assert.ok(!modern.messages().some((m) => m.type === 'execution_cached' && (m.data['nodes'] as string[]).includes('2')), 'never cached (IS_CHANGED = time)');
  const typed = modern.frames.find((f) => f.kind === 'binary');
  assert.ok(typed?.kind === 'binary');
  assert.equal(typed.data.readUInt32BE(0), 4);
  const length = typed.data.readUInt32BE(4);
  const metadata = JSON.parse(typed.data.subarray(8, 8 + length).toString('utf8')) as Record<string, unknown>;
  assert.deepEqual(metadata, { node_id: '2', prompt_id: second, display_node_id: '2', parent_node_id: null, real_node_id: '2', image_type: 'image/png' });
  assert.equal((await sharp(typed.data.subarray(8 + length)).metadata()).format, 'png');
  await legacy.close();
  await modern.close();
});
