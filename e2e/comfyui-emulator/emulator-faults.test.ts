// ComfyUI emulator (test infrastructure): interrupt, reconnect replay, queue control and the
// fault-injection hooks (kill, pause, dropped sockets, forgotten history, odd output names).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import type { ComfyEmulator } from './index';
import { startComfyEmulator } from './index';
import type { WsClient } from './test-support';
import { connectWs, getJson, greyPng, postJson, startTestEmulator, types, upload } from './test-support';

const SLOW_MS = 30_000; // long enough that only an interrupt or kill ends the DDColor node in a test

const ddcolorPrompt = (prefix: string) => ({
  '1': { class_type: 'LoadImage', inputs: { image: 'photo.png' } },
  '2': { class_type: 'DDColor_Colorize', inputs: { image: ['1', 0], model_input_size: 64, checkpoint: 'ddcolor_paper_tiny.pth' } },
  '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: prefix } },
});

async function slowEmulator(t: TestContext): Promise<ComfyEmulator> {
  const emulator = await startTestEmulator(t, { serviceTimeMs: SLOW_MS });
  await upload(emulator, 'photo.png', await greyPng(64, 48));
  return emulator;
}

async function queue(emulator: ComfyEmulator, body: Record<string, unknown>): Promise<string> {
  const res = await postJson(emulator, '/prompt', body);
  assert.equal(res.status, 200);
  return ((await res.json()) as { prompt_id: string }).prompt_id;
}

async function untilExecuting(ws: WsClient, node: string): Promise<void> {
  await ws.waitForMessage('executing', (d) => d['node'] === node);
}

test('interrupt by prompt_id ends the slow node: execution_interrupted, history "error"', async (t) => {
  const emulator = await slowEmulator(t);
  const ws = await connectWs(emulator, 'c');
  const promptId = await queue(emulator, { prompt: ddcolorPrompt('x'), client_id: 'c' });
  await untilExecuting(ws, '2');
  assert.equal((await postJson(emulator, '/interrupt', { prompt_id: 'someone-else' })).status, 200);
  const running = (await getJson(emulator, '/queue')) as { queue_running: unknown[][] };
  assert.equal(running.queue_running[0]?.[1], promptId, 'an interrupt for another prompt changes nothing');
  const started = performance.now();
  assert.equal((await postJson(emulator, '/interrupt', { prompt_id: promptId })).status, 200);
  const messages = await ws.untilDone(promptId);
  assert.ok(performance.now() - started < SLOW_MS / 3);
  assert.deepEqual(types(messages).slice(-4), ['executing', 'execution_interrupted', 'status', 'executing']);
  const interrupted = messages.find((m) => m.type === 'execution_interrupted');
  assert.deepEqual(Object.keys(interrupted?.data ?? {}), ['prompt_id', 'node_id', 'node_type', 'executed', 'timestamp']);
  assert.deepEqual([interrupted?.data['node_id'], interrupted?.data['node_type'], interrupted?.data['executed']], ['2', 'DDColor_Colorize', ['1']]);
  const history = (await getJson(emulator, `/history/${promptId}`)) as Record<string, { status: { status_str: string; messages: Array<[string]> } }>;
  assert.equal(history[promptId]?.status.status_str, 'error');
  assert.equal(history[promptId]?.status.messages.at(-1)?.[0], 'execution_interrupted');
  await ws.close();
});

test('reconnecting client gets status then executing{node} without prompt_id, and takes over', async (t) => {
  const emulator = await slowEmulator(t);
  const first = await connectWs(emulator, 'rc');
  const promptId = await queue(emulator, { prompt: ddcolorPrompt('r'), client_id: 'rc' });
  await untilExecuting(first, '2');
  const second = await connectWs(emulator, 'rc');
  await second.waitForMessage('executing');
  assert.deepEqual(second.messages().slice(0, 2), [
    { type: 'status', data: { status: { exec_info: { queue_remaining: 1 } }, sid: 'rc' } },
    { type: 'executing', data: { node: '2' } },
  ]);
  const before = first.messages().length;
  await fetch(`${emulator.url}/interrupt`, { method: 'POST' });
  await second.untilDone(promptId);
  assert.equal(first.messages().length, before, 'the replaced socket gets nothing more');
  const fresh = await connectWs(emulator, 'rc-later');
  await fresh.waitForMessage('status');
  assert.equal(fresh.messages().length, 1, 'no replay when nothing runs');
  await Promise.all([first.close(), second.close(), fresh.close()]);
});

test('kill(): in-flight prompt abandoned, connections fail, restart on the same data dir', async (t) => {
  const emulator = await startComfyEmulator({ serviceTimeMs: SLOW_MS, dataDir: await tempDataDir(t) });
  await upload(emulator, 'photo.png', await greyPng(32, 32));
  const ws = await connectWs(emulator, 'k');
  const promptId = await queue(emulator, { prompt: ddcolorPrompt('k'), client_id: 'k' });
  await untilExecuting(ws, '2');
  const closed = new Promise<void>((resolve) => ws.socket.once('close', () => resolve()));
  await emulator.kill();
  await closed;
  await assert.rejects(fetch(`${emulator.url}/system_stats`), (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED');
  assert.ok(!ws.messages().some((m) => m.type === 'execution_success' || m.type === 'execution_interrupted'));

  const restarted = await startComfyEmulator({ port: emulator.port, dataDir: emulator.dataDir });
  t.after(() => restarted.kill());
  assert.deepEqual(await getJson(restarted, `/history/${promptId}`), {}, 'history is gone, like a ComfyUI restart');
  const info = (await getJson(restarted, '/object_info/LoadImage')) as { LoadImage: { input: { required: { image: unknown[] } } } };
  assert.deepEqual(info.LoadImage.input.required.image[0], ['photo.png'], 'uploaded inputs survive');
});

async function tempDataDir(t: TestContext): Promise<string> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'comfyui-emulator-test-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('pause/resume, FIFO by number, front jumps ahead, /queue shows heap order, delete and clear', async (t) => {
  const emulator = await startTestEmulator(t);
  await upload(emulator, 'photo.png', await greyPng(16, 16));
  const ws = await connectWs(emulator, 'q');
  emulator.faults.pause();
  const p1 = await queue(emulator, { prompt: ddcolorPrompt('a'), client_id: 'q' });
  const p2 = await queue(emulator, { prompt: ddcolorPrompt('b'), client_id: 'q' });
  const p3 = await queue(emulator, { prompt: ddcolorPrompt('c'), client_id: 'q', front: true });
  const doomed = await queue(emulator, { prompt: ddcolorPrompt('d'), client_id: 'q' });
  const pending = (await getJson(emulator, '/queue')) as { queue_running: unknown[]; queue_pending: Array<[number, string]> };
  assert.deepEqual(pending.queue_running, []);
  // heapq's array order (what ComfyUI returns), not sorted: push 0, 1, -2, 3 → [-2, 1, 0, 3].
  assert.deepEqual(
    pending.queue_pending.map(([n, id]) => [n, id]),
    [
      [-2, p3],
      [1, p2],
      [0, p1],
      [3, doomed],
    ],
  );
  assert.deepEqual(await getJson(emulator, '/prompt'), { exec_info: { queue_remaining: 4 } });
  assert.equal((await postJson(emulator, '/queue', { delete: [doomed, 'unknown'] })).status, 200);
  emulator.faults.resume();
  await ws.untilDone(p2);
  const order = ws.messages().filter((m) => m.type === 'execution_start').map((m) => m.data['prompt_id']);
  assert.deepEqual(order, [p3, p1, p2]);
  assert.deepEqual(await getJson(emulator, `/history/${doomed}`), {});

  emulator.faults.pause();
  await queue(emulator, { prompt: ddcolorPrompt('e'), client_id: 'q' });
  assert.equal((await postJson(emulator, '/queue', { clear: true })).status, 200);
  assert.deepEqual(await getJson(emulator, '/queue'), { queue_running: [], queue_pending: [] });
  emulator.faults.resume();
  await ws.close();
});

test('pause holds a running prompt between nodes', async (t) => {
  // 500 ms inside DDColor leaves ample time to pause before the node ends.
  const emulator = await startTestEmulator(t, { serviceTimeMs: 500 });
  await upload(emulator, 'photo.png', await greyPng(16, 16));
  const ws = await connectWs(emulator, 'p');
  const promptId = await queue(emulator, { prompt: ddcolorPrompt('p'), client_id: 'p' });
  await untilExecuting(ws, '2');
  emulator.faults.pause();
  await ws.waitForMessage('progress_state', (d) => (d['nodes'] as Record<string, { state: string }>)['2']?.state === 'finished');
  // Node 2 is done; node 3 would take a few ms, but the gate holds it.
  const running = (await getJson(emulator, '/queue')) as { queue_running: unknown[][] };
  assert.equal(running.queue_running[0]?.[1], promptId);
  assert.deepEqual(await getJson(emulator, `/history/${promptId}`), {}, 'unfinished prompts are not in history');
  assert.ok(!ws.messages().some((m) => m.type === 'executing' && m.data['node'] === '3'));
  emulator.faults.resume();
  await ws.untilDone(promptId);
  assert.ok(ws.messages().some((m) => m.type === 'execution_success'));
  await ws.close();
});

test('clearHistory, POST /history delete, output name override, dropped sockets', async (t) => {
  const emulator = await startTestEmulator(t);
  await upload(emulator, 'photo.png', await greyPng(16, 16));
  let ws = await connectWs(emulator, 'f');
  emulator.faults.setOutputNameOverride('../../evil.png');
  const evil = await queue(emulator, { prompt: ddcolorPrompt('evil'), client_id: 'f' });
  await ws.untilDone(evil);
  const executed = ws.messages().find((m) => m.type === 'executed');
  assert.deepEqual(executed?.data['output'], { images: [{ filename: '../../evil.png', subfolder: '', type: 'output' }] });
  const history = (await getJson(emulator, `/history/${evil}`)) as Record<string, { outputs: unknown }>;
  assert.deepEqual(history[evil]?.outputs, { '3': { images: [{ filename: '../../evil.png', subfolder: '', type: 'output' }] } });
  emulator.faults.setOutputNameOverride(null);

  emulator.faults.clearHistory();
  assert.deepEqual(await getJson(emulator, `/history/${evil}`), {});
  const kept = await queue(emulator, { prompt: ddcolorPrompt('kept'), client_id: 'f' });
  await ws.untilDone(kept);
  assert.equal((await postJson(emulator, '/history', { delete: [kept] })).status, 200);
  assert.deepEqual(await getJson(emulator, '/history'), {});

  const closed = new Promise<number>((resolve) => ws.socket.once('close', (code) => resolve(code)));
  emulator.faults.dropWebSockets();
  assert.equal(await closed, 1006);
  ws = await connectWs(emulator, 'f');
  const after = await queue(emulator, { prompt: ddcolorPrompt('after'), client_id: 'f' });
  await ws.untilDone(after);
  await ws.close();
});

test('close() is graceful: sockets get 1001 and the port is released', async (t) => {
  const emulator = await startComfyEmulator();
  const ws = await connectWs(emulator, 'bye');
  const closed = new Promise<number>((resolve) => ws.socket.once('close', (code) => resolve(code)));
  await emulator.close();
  assert.equal(await closed, 1001);
  const again = await startComfyEmulator({ port: emulator.port });
  t.after(() => again.close());
  assert.equal(again.port, emulator.port);
  await assert.rejects(startComfyEmulator({ port: again.port }), /EADDRINUSE/, 'a taken port is a clear error');
});
