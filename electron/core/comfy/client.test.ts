// The client against a tiny hand-written server on 127.0.0.1 (port 0) that answers exactly what
// each test needs, in the shapes recorded from a real ComfyUI (/work/shared/comfyui/RECORDED.md).
// The emulator-based suite (emulator.test.ts) covers whole runs; this one covers the edges.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { createComfyClient, type ComfyClientOptions } from './client';
import { ComfyError, isTransient } from './errors';
import type { PromptEvent } from './messages';
import { fakeComfy, manualTimers, type Fake, type Reply } from './testing/fake-comfy';

const PID = '9e4b2a0c-71a6-4d8e-a0a8-d80c81fe0810';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const cleanups: Array<() => unknown> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function client(fake: Fake | string, options: Partial<ComfyClientOptions> = {}) {
  const c = createComfyClient({ baseUrl: typeof fake === 'string' ? fake : fake.url, clientId: 'heirloom-test', ...options });
  cleanups.push(() => c.close());
  return c;
}

async function rejection(promise: Promise<unknown>): Promise<ComfyError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ComfyError, `expected ComfyError, got ${String(err)}`);
    return err;
  }
  return assert.fail('expected a rejection');
}

const recordedStats = {
  system: { os: 'posix', ram_total: 25276502016, comfyui_version: '0.3.64', python_version: '3.11.2', argv: ['main.py'], new_field: { x: 1 } },
  devices: [{ name: 'cpu', type: 'cpu', index: null, vram_total: 25276502016, vram_free: 24056635392, torch_vram_total: 1 }],
};

void test('systemStats, objectInfo and features parse real answers and tolerate extras', async () => {
  const fake = await fakeComfy((req) => {
    switch (req.path) {
      case '/system_stats':
        return { json: recordedStats };
      case '/object_info':
        return { json: { LoadImage: { input: { required: { image: [['a.png'], { image_upload: true }] } }, output_node: false }, Broken: 'nope', Odd: { input: 5 } } };
      case '/features':
        return { json: { supports_preview_metadata: true, max_upload_size: 104857600 } };
      default:
        return { status: 404 };
    }
  });
  cleanups.push(fake.close);
  const c = client(fake);
  assert.deepEqual(await c.systemStats(), {
    version: '0.3.64',
    os: 'posix',
    devices: [{ name: 'cpu', type: 'cpu', vramTotal: 25276502016, vramFree: 24056635392 }],
  });
  const info = await c.objectInfo();
  assert.deepEqual(Object.keys(info), ['LoadImage', 'Odd']);
  assert.deepEqual(info['LoadImage']?.input?.required?.['image'], [['a.png'], { image_upload: true }]);
  assert.equal(info['Odd']?.input, undefined);
  assert.deepEqual(await c.features(), { maxUploadBytes: 104857600 });
  assert.equal(fake.seen.every((s) => s.headers.origin === undefined && s.headers['sec-fetch-site'] === undefined), true, 'no Origin / Sec-Fetch-Site');

  const old = await fakeComfy(() => ({ status: 404, body: '404: Not Found' }));
  cleanups.push(old.close);
  assert.deepEqual(await client(old).features(), {});
});

void test('a base URL with a path prefix (reverse proxy) prefixes every route; extra headers are sent, Origin never', async () => {
  const fake = await fakeComfy(() => ({ json: recordedStats }));
  cleanups.push(fake.close);
  const c = client(`${fake.url}/comfy`, { headers: { Authorization: 'Bearer t', Origin: 'http://evil' } });
  await c.systemStats();
  assert.equal(fake.seen[0]?.path, '/comfy/system_stats');
  assert.equal(fake.seen[0]?.headers.authorization, 'Bearer t');
  assert.equal(fake.seen[0]?.headers.origin, undefined);
  assert.equal(c.baseUrl, `${fake.url}/comfy`, 'baseUrl is kept exactly as given');
  assert.throws(() => createComfyClient({ baseUrl: 'ftp://x', clientId: 'a' }), /must start with http/);
});

void test('unreachable: a closed port is kind unreachable, transient, with the URL and the code', async () => {
  const fake = await fakeComfy(() => ({ json: {} }));
  const url = fake.url;
  await fake.close();
  const err = await rejection(client(url).systemStats());
  assert.equal(err.kind, 'unreachable');
  assert.equal(isTransient(err), true);
  assert.equal(err.message, `ComfyUI at ${url} is not reachable (ECONNREFUSED)`);
});

void test('timeout: a server that never answers is kind timeout (transient); a caller abort wins with its own reason', async () => {
  const fake = await fakeComfy(() => new Promise<Reply>(() => undefined));
  cleanups.push(fake.close);
  const err = await rejection(client(fake, { timeoutMs: 50 }).systemStats());
  assert.equal(err.kind, 'timeout');
  assert.equal(isTransient(err), true);
  assert.match(err.message, /did not answer GET \/system_stats within 50 ms/);

  const controller = new AbortController();
  const pending = client(fake).systemStats(controller.signal);
  controller.abort(new Error('user canceled'));
  await assert.rejects(pending, /user canceled/);
});

void test('malformed, wrongly shaped or oversized JSON is only ever ComfyError protocol', async () => {
  let body: Reply = { body: '' };
  const fake = await fakeComfy(() => body);
  cleanups.push(fake.close);
  const c = client(fake, { maxJsonBytes: 1024 });
  const cases: Array<[Reply, RegExp]> = [
    [{ body: '<html>502 Bad Gateway</html>', headers: { 'content-type': 'text/html' } }, /malformed JSON for GET \/system_stats: <html>502/],
    [{ body: '{"system": ' }, /malformed JSON/],
    [{ json: { system: 'x', devices: [] } }, /unexpected answer to GET \/system_stats \(system:/],
    [{ json: [1, 2] }, /unexpected answer/],
    [{ json: { system: {}, devices: [], pad: 'x'.repeat(5000) } }, /more than 1024 bytes/],
  ];
  for (const [reply, pattern] of cases) {
    body = reply;
    const err = await rejection(c.systemStats());
    assert.equal(err.kind, 'protocol', err.message);
    assert.match(err.message, pattern);
  }
  body = { status: 503, body: 'restarting' };
  const http = await rejection(c.systemStats());
  assert.deepEqual(http.info, { kind: 'http', status: 503 });
  assert.equal(isTransient(http), true);
  assert.match(http.message, /answered 503 .* to GET \/system_stats: restarting/);
});

void test('queuePrompt sends prompt, client_id and our prompt_id; older servers may answer with their own id', async () => {
  let answerId = PID;
  const fake = await fakeComfy(() => ({ json: { prompt_id: answerId, number: 7, node_errors: {} } }));
  cleanups.push(fake.close);
  const c = client(fake);
  const prompt = { '1': { class_type: 'LoadImage', inputs: { image: 'x.png' } } };
  assert.deepEqual(await c.queuePrompt({ prompt, promptId: PID }), { promptId: PID, number: 7 });
  assert.deepEqual(JSON.parse(fake.seen.at(-1)?.body.toString() ?? ''), { prompt, client_id: 'heirloom-test', prompt_id: PID });
  answerId = 'f0f0f0f0-0000-4000-8000-000000000000';
  assert.deepEqual(await c.queuePrompt({ prompt, promptId: PID }), { promptId: answerId, number: 7 });
  const before = fake.seen.length;
  await assert.rejects(c.queuePrompt({ prompt, promptId: PID.toUpperCase() }), /lowercase canonical UUID/);
  await assert.rejects(c.queuePrompt({ prompt, promptId: 'job-1' }), /lowercase canonical UUID/);
  assert.equal(fake.seen.length, before, 'refused before any request');
});

void test('POST /prompt 400s become validation / node-missing errors with ComfyUI’s own words', async () => {
  let reply: Reply = {};
  const fake = await fakeComfy(() => reply);
  cleanups.push(fake.close);
  const c = client(fake);
  const prompt = { '1': { class_type: 'X', inputs: {} } };

  reply = {
    status: 400,
    json: {
      error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} },
      node_errors: {
        '2': {
          errors: [{ type: 'value_bigger_than_max', message: 'Value 100.0 bigger than max of 8.0', details: 'scale_by', extra_info: { input_name: 'scale_by' } }],
          dependent_outputs: ['3'],
          class_type: 'ImageScaleBy',
        },
      },
    },
  };
  const validation = await rejection(c.queuePrompt({ prompt, promptId: PID }));
  assert.equal(validation.kind, 'validation');
  assert.equal(validation.message, 'Prompt outputs failed validation; node 2 (ImageScaleBy): Value 100.0 bigger than max of 8.0 — scale_by');
  assert.equal(isTransient(validation), false);

  reply = {
    status: 400,
    json: { error: { type: 'invalid_prompt', message: 'Cannot execute because node DDColor_Colorize does not exist.', details: "Node ID '#2'", extra_info: {} }, node_errors: {} },
  };
  const missing = await rejection(c.queuePrompt({ prompt, promptId: PID }));
  assert.deepEqual(missing.info, { kind: 'node-missing', nodeType: 'DDColor_Colorize' });
  assert.match(missing.message, /does not have the node DDColor_Colorize: install the custom node pack ComfyUI-DDColor/);

  reply = {
    status: 400,
    json: { error: { type: 'missing_node_type', message: "Node 'Foo' not found.", details: '', extra_info: { node_id: '1', class_type: 'Foo' } }, node_errors: {} },
  };
  assert.deepEqual((await rejection(c.queuePrompt({ prompt, promptId: PID }))).info, { kind: 'node-missing', nodeType: 'Foo' });

  reply = { status: 400, json: { error: { type: 'invalid_prompt_id', message: 'prompt_id must be a valid UUID', details: '', extra_info: {} }, node_errors: {} } };
  assert.equal((await rejection(c.queuePrompt({ prompt, promptId: PID }))).message, 'prompt_id must be a valid UUID');

  reply = { status: 400, body: '' };
  assert.deepEqual((await rejection(c.queuePrompt({ prompt, promptId: PID }))).info, { kind: 'http', status: 400 });
  reply = { status: 500, body: '500 Internal Server Error\n\nServer got itself in trouble' };
  const crash = await rejection(c.queuePrompt({ prompt, promptId: PID }));
  assert.match(crash.message, /answered 500 .*Server got itself in trouble/);
});

void test('uploadImage posts multipart without overwrite and returns the server’s name; 413 says size and limit', async () => {
  let reply: Reply = { json: { name: 'abc (1).png', subfolder: 'heirloom', type: 'input' } };
  const fake = await fakeComfy(() => reply);
  cleanups.push(fake.close);
  const c = client(fake);
  const uploaded = await c.uploadImage({ bytes: PNG, fileName: '老照片.png' });
  assert.deepEqual(uploaded, { name: 'abc (1).png', subfolder: 'heirloom', type: 'input' });
  const req = fake.seen.at(-1);
  assert.ok(req);
  assert.equal(req.path, '/upload/image');
  const form = await new Response(req.body, { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
  const file = form.get('image');
  assert.ok(file instanceof Blob);
  assert.equal((file as File).name, '老照片.png');
  assert.equal(file.type, 'image/png');
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), PNG);
  assert.equal(form.get('subfolder'), 'heirloom');
  assert.equal(form.get('type'), 'input');
  assert.equal(form.has('overwrite'), false);

  reply = { status: 413, body: 'Maximum request body size 1048576 exceeded, actual body size 2097152' };
  const big = new Uint8Array(2 * 1024 * 1024);
  const err = await rejection(c.uploadImage({ bytes: big, fileName: 'scan.tif' }));
  assert.deepEqual(err.info, { kind: 'too-large', size: big.byteLength, limit: 1048576 });
  assert.equal(err.message, `scan.tif (2.0 MB) is larger than ComfyUI at ${fake.url} accepts (1.0 MB; raise it with --max-upload-size)`);
  assert.equal(isTransient(err), false);
});

void test('view: URL-encoded names, magic-byte check, size cap; hostile names are never requested', async () => {
  let reply: Reply = { body: PNG, headers: { 'content-type': 'image/png' } };
  const fake = await fakeComfy(() => reply);
  cleanups.push(fake.close);
  const c = client(fake, { maxBodyBytes: 64 });
  const bytes = await c.view({ filename: 'photo (1) & 家.png', subfolder: 'heirloom', type: 'output' });
  assert.deepEqual(Buffer.from(bytes), PNG);
  const req = fake.seen.at(-1);
  assert.equal(req?.query.get('filename'), 'photo (1) & 家.png');
  assert.equal(req?.query.get('subfolder'), 'heirloom');
  assert.equal(req?.query.get('type'), 'output');

  const count = fake.seen.length;
  for (const filename of ['../x.png', '/etc/passwd', 'a\\b.png']) {
    const err = await rejection(c.view({ filename, subfolder: '', type: 'output' }));
    assert.equal(err.kind, 'bad-output');
    assert.match(err.message, /refusing to download/);
  }
  await rejection(c.view({ filename: 'x.png', subfolder: '../../etc', type: 'output' }));
  assert.equal(fake.seen.length, count, 'nothing was requested');

  reply = { body: '<html>login</html>', headers: { 'content-type': 'text/html' } };
  const html = await rejection(c.view({ filename: 'out.png', subfolder: '', type: 'output' }));
  assert.equal(html.kind, 'bad-output');
  assert.equal(html.message, 'backend returned a non-image for out.png (content-type text/html, 18 bytes)');

  reply = { body: Buffer.concat([PNG, Buffer.alloc(100)]) };
  const huge = await rejection(c.view({ filename: 'out.png', subfolder: '', type: 'output' }));
  assert.equal(huge.kind, 'bad-output');
  assert.match(huge.message, /more than 64 bytes/);

  reply = { status: 404, body: '' };
  assert.deepEqual((await rejection(c.view({ filename: 'gone.png', subfolder: '', type: 'output' }))).info, { kind: 'http', status: 404 });
});

void test('interrupt, deleteQueued and free send ComfyUI’s bodies', async () => {
  const fake = await fakeComfy(() => ({ body: '' }));
  cleanups.push(fake.close);
  const c = client(fake);
  await c.interrupt(PID);
  await c.deleteQueued([PID]);
  await c.free({ freeMemory: true, unloadModels: false });
  assert.deepEqual(
    fake.seen.map((s) => [s.method, s.path, JSON.parse(s.body.toString()) as unknown]),
    [
      ['POST', '/interrupt', { prompt_id: PID }],
      ['POST', '/queue', { delete: [PID] }],
      ['POST', '/free', { free_memory: true, unload_models: false }],
    ],
  );
});

void test('WebSocket: one socket with our clientId, events by prompt id, binary frames and garbage ignored', async () => {
  const fake = await fakeComfy(() => ({ status: 404 }), { ws: true });
  cleanups.push(fake.close);
  const c = client(fake);
  const events: PromptEvent[] = [];
  const other: PromptEvent[] = [];
  let gotThree: () => void = () => undefined;
  const three = new Promise<void>((resolve) => (gotThree = resolve));
  const connected = fake.nextConnection();
  const opened = new Promise<void>((resolve) => c.events.onConnection((s) => s === 'open' && resolve()));
  c.events.onPromptEvent(PID, (e) => {
    if (events.push(e) === 3) gotThree();
  });
  c.events.onPromptEvent('other-prompt', (e) => other.push(e));
  const ws = await connected;
  await opened;
  assert.equal(fake.sockets.size, 1);
  assert.equal(ws.protocol, '');
  assert.equal(fake.upgrades[0]?.clientId, 'heirloom-test');
  assert.equal(fake.upgrades[0]?.headers.origin, undefined, 'no Origin on the upgrade (ComfyUI would 403 a mismatch)');

  const u32 = (n: number) => Buffer.from([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const junk: Array<string | Buffer> = [
    'garbage{',
    '{"type": "executing", "data": {"node": "2"}}',
    Buffer.concat([u32(1), u32(2), PNG]),
    Buffer.concat([u32(3), u32(1), Buffer.from('2hello')]),
    Buffer.concat([u32(4), u32(400), Buffer.from('{')]),
    Buffer.from([1, 2]),
    Buffer.concat([u32(77)]),
  ];
  for (const frame of junk) ws.send(frame);
  const meta = Buffer.from(JSON.stringify({ node_id: '2', prompt_id: PID, image_type: 'image/png' }));
  ws.send(Buffer.concat([u32(4), u32(meta.length), meta, PNG]));
  ws.send(JSON.stringify({ type: 'execution_start', data: { prompt_id: PID, timestamp: 1 } }));
  ws.send(JSON.stringify({ type: 'executing', data: { node: null, prompt_id: PID } }));
  await three;
  assert.deepEqual(
    events.map((e) => e.type),
    ['preview', 'execution_start', 'executing'],
  );
  assert.deepEqual(other, []);
  assert.equal(c.events.state(), 'open', 'still connected after all that');

  // Late subscribers get the prompt's earlier events replayed (except previews).
  const late: string[] = [];
  c.events.onPromptEvent(PID, (e) => late.push(e.type));
  assert.deepEqual(late, ['execution_start', 'executing']);
});

void test('WebSocket: reconnects with backoff after the server drops it', async () => {
  const fake = await fakeComfy(() => ({ status: 404 }), { ws: true });
  cleanups.push(fake.close);
  const timers = manualTimers();
  const c = client(fake, { timers, random: () => 0 });
  const states: string[] = [];
  const first = fake.nextConnection();
  c.events.onConnection((s) => states.push(s));
  const ws = await first;
  await new Promise<void>((resolve) => (c.events.state() === 'open' ? resolve() : c.events.onConnection(() => resolve())));
  const closed = new Promise<void>((resolve) => c.events.onConnection((s) => s === 'closed' && resolve()));
  ws.terminate();
  await closed;
  const second = fake.nextConnection();
  timers.fire(); // the reconnect timer
  await second;
  await new Promise<void>((resolve) => (c.events.state() === 'open' ? resolve() : c.events.onConnection((s) => s === 'open' && resolve())));
  assert.deepEqual(states, ['open', 'closed', 'open']);
  c.close();
  assert.equal(timers.pending(), 0, 'close() leaves no timer behind');
});

void test('WebSocket heartbeat: a connection that stops answering pings is dropped and redialled', async () => {
  // A server that completes the WebSocket handshake and then never reads or writes again: a
  // "zombie" connection as behind a stuck proxy (ComfyUI #15240).
  const upgrades: string[] = [];
  const server = createServer();
  server.on('upgrade', (req, socket) => {
    upgrades.push(req.url ?? '');
    const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  const timers = manualTimers();
  const c = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { timers, random: () => 0 });
  const opened = new Promise<void>((resolve) => c.events.onConnection((s) => s === 'open' && resolve()));
  await opened;
  const closed = new Promise<void>((resolve) => c.events.onConnection((s) => s === 'closed' && resolve()));
  timers.fire(); // heartbeat 1: ping sent
  timers.fire(); // heartbeat 2: no pong since → terminate
  await closed;
  assert.equal(upgrades.length, 1);
  timers.fire(); // reconnect
  await new Promise<void>((resolve) => c.events.onConnection((s) => s === 'open' && resolve()));
  assert.equal(upgrades.length, 2);
  assert.match(upgrades[0] ?? '', /^\/ws\?clientId=heirloom-test$/);
});
