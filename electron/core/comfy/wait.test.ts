// Following a prompt: the WebSocket path, the HTTP fallbacks (history + queue on 0.3.x,
// /api/jobs on newer servers), and the ways a wait can end badly. Time is driven by hand
// (manualTimers): each fire() is one poll tick.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createComfyClient, type ComfyClientOptions } from './client';
import { ComfyError, isTransient } from './errors';
import type { PromptOutcome } from './status';
import { fakeComfy, manualTimers, type Fake, type Reply, type Seen } from './testing/fake-comfy';

const PID = '9e4b2a0c-71a6-4d8e-a0a8-d80c81fe0810';
const IMAGE = { filename: 'ddcolor_00001_.png', subfolder: 'heirloom', type: 'output' };
const REF = { nodeId: '3', ...IMAGE };

const cleanups: Array<() => unknown> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function historyEntry(messages: unknown[], statusStr = 'success', outputs: unknown = { '3': { images: [IMAGE] } }) {
  return { [PID]: { prompt: [0, PID, {}, {}, ['3']], outputs, status: { status_str: statusStr, completed: statusStr === 'success', messages }, meta: {} } };
}
const SUCCESS = historyEntry([['execution_start', { prompt_id: PID }], ['execution_success', { prompt_id: PID }]]);
const queueItem = [0, PID, {}, { client_id: 'heirloom-test' }, ['3']];

/** A 0.3.x-style server (no /api/jobs) whose history and queue the test sets. */
async function classicServer(options: { ws?: boolean } = {}) {
  const state = { history: {} as unknown, running: [] as unknown[], pending: [] as unknown[], historyStatus: 200 };
  const fake = await fakeComfy((req: Seen): Reply => {
    if (req.path === `/history/${PID}`) return state.historyStatus === 200 ? { json: state.history } : { status: state.historyStatus, body: 'boom' };
    if (req.path === '/queue') return { json: { queue_running: state.running, queue_pending: state.pending } };
    return { status: 404, body: '404: Not Found' };
  }, options);
  cleanups.push(fake.close);
  return { fake, state };
}

function client(fake: Fake, options: Partial<ComfyClientOptions> = {}) {
  const timers = manualTimers();
  const c = createComfyClient({ baseUrl: fake.url, clientId: 'heirloom-test', timers, ...options });
  cleanups.push(() => c.close());
  return { c, timers };
}

/** Progress reports as "stage fraction" strings, plus an awaitable for the next one. */
function progressLog() {
  const log: string[] = [];
  let waiter: ((entry: string) => void) | undefined;
  return {
    log,
    onProgress: (fraction: number, stage: string) => {
      const entry = `${stage} ${fraction.toFixed(2)}`;
      log.push(entry);
      waiter?.(entry);
    },
    next: () => new Promise<string>((resolve) => (waiter = resolve)),
  };
}

void test('socket down: history {} + queue tell waiting from running; history then gives the outcome', async () => {
  const { fake, state } = await classicServer();
  const { c, timers } = client(fake);
  const progress = progressLog();
  state.pending = [queueItem];
  const firstQueueCheck = fake.next('GET /queue');
  const outcome = c.waitForPrompt(PID, { onProgress: progress.onProgress, totalNodes: 3 });
  await firstQueueCheck;

  state.pending = [];
  state.running = [queueItem];
  const colorizing = progress.next();
  timers.fire();
  assert.equal(await colorizing, 'colorizing 0.00');

  state.running = [];
  state.history = SUCCESS;
  timers.fire();
  assert.deepEqual(await outcome, { status: 'success', outputs: [REF] });
  assert.deepEqual(progress.log, ['waiting 0.00', 'colorizing 0.00', 'colorizing 1.00']);
  assert.ok(fake.seen.every((s) => !s.path.startsWith('/history') || s.path === `/history/${PID}`), 'never the full /history');
});

void test('a prompt neither in history nor in the queue is lost (transient: requeue it)', async () => {
  const { fake } = await classicServer();
  const { c } = client(fake);
  const err = await c.waitForPrompt(PID).then(
    () => assert.fail('should not resolve'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ComfyError);
  assert.equal(err.kind, 'lost');
  assert.equal(isTransient(err), true);
  assert.match(err.message, /no longer knows prompt 9e4b2a0c/);
  assert.equal(await c.promptStatus(PID), 'unknown');
});

void test('history outcomes: error with ComfyUI’s exception, interrupted (status_str "error" too), success', async () => {
  const { fake, state } = await classicServer();
  const { c } = client(fake);
  state.history = historyEntry(
    [['execution_error', { prompt_id: PID, node_id: '2', node_type: 'DDColor_Colorize', exception_message: 'Checkpoint load failed.', exception_type: 'FileNotFoundError' }]],
    'error',
    {},
  );
  assert.deepEqual(await c.promptStatus(PID), {
    done: { status: 'error', message: 'Checkpoint load failed.', nodeId: '2', nodeType: 'DDColor_Colorize' },
  });
  assert.deepEqual(await c.waitForPrompt(PID), { status: 'error', message: 'Checkpoint load failed.', nodeId: '2', nodeType: 'DDColor_Colorize' });
  state.history = historyEntry([['execution_interrupted', { prompt_id: PID, node_id: '2' }]], 'error', {});
  assert.deepEqual(await c.promptStatus(PID), { done: { status: 'interrupted' } });
  state.history = SUCCESS;
  assert.deepEqual(await c.promptStatus(PID), { done: { status: 'success', outputs: [REF] } });
  state.history = {};
  state.running = [queueItem];
  assert.equal(await c.promptStatus(PID), 'running');
  state.running = [];
  state.pending = [[1, 'someone-else', {}, {}, []], queueItem];
  assert.equal(await c.promptStatus(PID), 'queued');
});

void test('ComfyUI 0.33: /api/jobs tells pending, running, done and unknown apart in one call each', async () => {
  let job: Reply = { status: 404, json: { error: 'Job not found' } };
  const fake = await fakeComfy((req) => {
    if (req.path === '/api/jobs') return { json: { jobs: [], pagination: { offset: 0, limit: 1, total: 0, has_more: false } } };
    if (req.path === `/api/jobs/${PID}`) return job;
    return { status: 500, body: 'history/queue must not be needed' };
  });
  cleanups.push(fake.close);
  const { c } = client(fake);
  assert.equal(await c.promptStatus(PID), 'unknown');
  job = { json: { id: PID, status: 'pending', priority: 3, create_time: 1 } };
  assert.equal(await c.promptStatus(PID), 'queued');
  job = { json: { id: PID, status: 'in_progress', priority: 3 } };
  assert.equal(await c.promptStatus(PID), 'running');
  job = { json: { id: PID, status: 'completed', outputs: { '3': { images: [IMAGE] } }, execution_status: {} } };
  assert.deepEqual(await c.promptStatus(PID), { done: { status: 'success', outputs: [REF] } });
  job = { json: { id: PID, status: 'failed', execution_error: { node_id: '2', node_type: 'DDColor_Colorize', exception_message: 'CUDA out of memory' } } };
  assert.deepEqual(await c.promptStatus(PID), { done: { status: 'error', message: 'CUDA out of memory', nodeId: '2', nodeType: 'DDColor_Colorize' } });
  job = { json: { id: PID, status: 'cancelled' } };
  assert.deepEqual(await c.promptStatus(PID), { done: { status: 'interrupted' } });
  assert.equal(fake.seen.filter((s) => s.path === '/api/jobs').length, 1, 'support is probed once per client');
  job = { json: { id: PID, status: 'exploded' } };
  await assert.rejects(c.promptStatus(PID), (e: unknown) => e instanceof ComfyError && e.kind === 'protocol');
});

void test('a proxy answering /api/jobs with an HTML page means "no jobs API": history and queue are used', async () => {
  const fake = await fakeComfy((req) => {
    if (req.path.startsWith('/api/jobs')) return { body: '<!doctype html><title>ComfyUI</title>', headers: { 'content-type': 'text/html' } };
    if (req.path === `/history/${PID}`) return { json: {} };
    if (req.path === '/queue') return { json: { queue_running: [queueItem], queue_pending: [] } };
    return { status: 404 };
  });
  cleanups.push(fake.close);
  const { c } = client(fake);
  assert.equal(await c.promptStatus(PID), 'running');
  assert.equal(await c.promptStatus(PID), 'running');
  assert.equal(fake.seen.filter((s) => s.path.startsWith('/api/jobs')).length, 1);
});

void test('socket open: the outcome comes from events, outputs from history after executing{node:null}', async () => {
  const { fake, state } = await classicServer({ ws: true });
  const { c, timers } = client(fake);
  const progress = progressLog();
  const connected = fake.nextConnection();
  const initialPoll = fake.next('GET /queue');
  const outcome = c.waitForPrompt(PID, { onProgress: progress.onProgress, totalNodes: 3 });
  const ws = await connected;
  await initialPoll;
  const send = (type: string, data: Record<string, unknown>) => ws.send(JSON.stringify({ type, data: { ...data, prompt_id: PID } }));
  // The recorded order (RECORDED.md §4.4), with DDColor in node 2.
  send('execution_start', { timestamp: 1 });
  send('execution_cached', { nodes: [] });
  send('progress_state', { nodes: { '1': { value: 0, max: 1, state: 'running' } } });
  send('executing', { node: '1', display_node: '1' });
  send('progress_state', { nodes: { '1': { value: 1, max: 1, state: 'finished' }, '2': { value: 0, max: 1, state: 'running' } } });
  send('executing', { node: '2', display_node: '2' });
  send('progress_state', { nodes: { '1': { value: 1, max: 1, state: 'finished' }, '2': { value: 1, max: 1, state: 'finished' } } });
  send('executing', { node: '3', display_node: '3' });
  send('executed', { node: '3', display_node: '3', output: { images: [IMAGE] } });
  send('execution_success', { timestamp: 2 });
  ws.send(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: 0 } } } }));
  state.history = SUCCESS;
  const historyRead = fake.next(`GET /history/${PID}`);
  send('executing', { node: null });
  await historyRead;
  assert.deepEqual(await outcome, { status: 'success', outputs: [REF] });
  assert.deepEqual(progress.log, ['waiting 0.00', 'colorizing 0.00', 'colorizing 0.33', 'colorizing 0.67', 'colorizing 1.00']);
  assert.equal(timers.pending() >= 0, true);
});

void test('socket open: execution_error / execution_interrupted end the wait at once', async () => {
  const { fake, state } = await classicServer({ ws: true });
  state.running = [queueItem];
  for (const [type, extra, expected] of [
    ['execution_error', { node_id: '2', node_type: 'DDColor_Colorize', exception_message: 'boom', exception_type: 'RuntimeError', traceback: [] }, { status: 'error', message: 'boom', nodeId: '2', nodeType: 'DDColor_Colorize' }],
    ['execution_interrupted', { node_id: '2', node_type: 'DDColor_Colorize', executed: [] }, { status: 'interrupted' }],
  ] as const) {
    const { c } = client(fake);
    const connected = fake.nextConnection();
    const initial = fake.next('GET /queue');
    const outcome = c.waitForPrompt(PID);
    await connected;
    await initial;
    fake.broadcast({ type, data: { prompt_id: PID, ...extra } });
    assert.deepEqual(await outcome, expected);
    c.close();
  }
});

void test('history cleared after the socket reported success: outputs come from the executed events', async () => {
  const { fake } = await classicServer({ ws: true });
  const { c } = client(fake);
  const connected = fake.nextConnection();
  const initial = fake.next('GET /queue');
  const outcome = c.waitForPrompt(PID);
  const ws = await connected;
  await initial;
  ws.send(JSON.stringify({ type: 'executed', data: { prompt_id: PID, node: '3', output: { images: [IMAGE] } } }));
  ws.send(JSON.stringify({ type: 'execution_success', data: { prompt_id: PID } }));
  ws.send(JSON.stringify({ type: 'executing', data: { prompt_id: PID, node: null } }));
  assert.deepEqual(await outcome, { status: 'success', outputs: [REF] });
});

void test('a runtime failure the socket did not report (RECORDED E) is read from history at executing{node:null}', async () => {
  const { fake, state } = await classicServer({ ws: true });
  const { c } = client(fake);
  state.running = [queueItem];
  const connected = fake.nextConnection();
  const initial = fake.next('GET /queue');
  const outcome = c.waitForPrompt(PID);
  const ws = await connected;
  await initial;
  state.running = [];
  state.history = historyEntry([['execution_error', { prompt_id: PID, node_id: '1', node_type: 'LoadImage', exception_message: 'cannot identify image file' }]], 'error', {});
  ws.send(JSON.stringify({ type: 'executing', data: { prompt_id: PID, node: null } }));
  assert.deepEqual(await outcome, { status: 'error', message: 'cannot identify image file', nodeId: '1', nodeType: 'LoadImage' });
});

void test('an open but silent socket is not trusted: after silentTicks quiet ticks history is asked', async () => {
  const { fake, state } = await classicServer({ ws: true });
  const { c, timers } = client(fake, { silentTicks: 3 });
  state.running = [queueItem];
  const connected = fake.nextConnection();
  const opened = new Promise<void>((resolve) => c.events.onConnection((s) => s === 'open' && resolve()));
  const initial = fake.next('GET /queue');
  const outcome = c.waitForPrompt(PID);
  await connected;
  await opened;
  await initial;
  const before = fake.seen.length;
  timers.fire(); // the first tick may see the connect-time status frame
  timers.fire();
  timers.fire();
  assert.equal(fake.seen.length, before, 'no HTTP while the socket may still speak');
  state.running = [];
  state.history = SUCCESS;
  let asked = false;
  void fake.next(`GET /history/${PID}`).then(() => (asked = true));
  // One more tick is enough unless the connect-time status frame arrived late (then up to three).
  for (let tick = 0; tick < 4 && !asked; tick++) {
    timers.fire();
    await new Promise(setImmediate);
  }
  assert.deepEqual(await outcome, { status: 'success', outputs: [REF] });
});

void test('status checks that keep failing end the wait with the last error; one failure does not', async () => {
  const { fake, state } = await classicServer();
  const { c, timers } = client(fake, { maxPollFailures: 3 });
  state.historyStatus = 502;
  const first = fake.next(`GET /history/${PID}`);
  const outcome = c.waitForPrompt(PID).then(
    (o: PromptOutcome) => o,
    (e: unknown) => e,
  );
  await first;
  const second = fake.next(`GET /history/${PID}`);
  timers.fire();
  await second;
  timers.fire();
  const err = await outcome;
  assert.ok(err instanceof ComfyError);
  assert.deepEqual(err.info, { kind: 'http', status: 502 });
});

void test('abort rejects with the caller’s reason; close() rejects pending waits as unreachable', async () => {
  const { fake, state } = await classicServer();
  state.pending = [queueItem];
  const { c } = client(fake);
  const controller = new AbortController();
  const aborted = c.waitForPrompt(PID, { signal: controller.signal });
  controller.abort(new Error('user canceled'));
  await assert.rejects(aborted, /user canceled/);
  await assert.rejects(c.waitForPrompt(PID, { signal: AbortSignal.abort(new Error('already')) }), /already/);

  const pending = c.waitForPrompt(PID);
  c.close();
  const err = await pending.then(
    () => assert.fail('should reject'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ComfyError);
  assert.equal(err.kind, 'unreachable');
  assert.match(err.message, /was closed while waiting/);
});
