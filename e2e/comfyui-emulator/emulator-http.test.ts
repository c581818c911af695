// ComfyUI emulator (test infrastructure): HTTP routes against RECORDED 4.1–4.3 and the misc lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { connectWs, getJson, greyPng, postJson, startTestEmulator, upload } from './test-support';

test('system_stats has the recorded shape, one cpu device', async (t) => {
  const emulator = await startTestEmulator(t);
  const stats = (await getJson(emulator, '/system_stats')) as { system: Record<string, unknown>; devices: Array<Record<string, unknown>> };
  assert.deepEqual(Object.keys(stats.system), [
    'os',
    'ram_total',
    'ram_free',
    'comfyui_version',
    'required_frontend_version',
    'installed_templates_version',
    'required_templates_version',
    'python_version',
    'pytorch_version',
    'embedded_python',
    'argv',
  ]);
  assert.equal(stats.system['os'], 'posix');
  assert.equal(stats.system['comfyui_version'], '0.3.64');
  assert.equal(stats.system['installed_templates_version'], null);
  assert.deepEqual(stats.system['argv'], ['main.py', '--cpu', '--listen', '127.0.0.1', '--port', String(emulator.port)]);
  assert.equal(stats.devices.length, 1);
  assert.deepEqual(Object.keys(stats.devices[0] ?? {}), ['name', 'type', 'index', 'vram_total', 'vram_free', 'torch_vram_total', 'torch_vram_free']);
  assert.equal(stats.devices[0]?.['index'], null);

  const newer = await startTestEmulator(t, { protocol: '0.33' });
  const newerStats = (await getJson(newer, '/api/system_stats')) as { system: Record<string, unknown> };
  assert.equal(newerStats.system['os'], 'linux');
  assert.equal(newerStats.system['comfyui_version'], '0.33.0');
});

test('features, embeddings, GET /prompt, GET /queue, POST /free, POST /interrupt when idle', async (t) => {
  const emulator = await startTestEmulator(t, { maxUploadBytes: 5 * 1024 * 1024 });
  assert.deepEqual(await getJson(emulator, '/features'), { supports_preview_metadata: true, max_upload_size: 5 * 1024 * 1024 });
  assert.deepEqual(await getJson(emulator, '/embeddings'), []);
  assert.deepEqual(await getJson(emulator, '/prompt'), { exec_info: { queue_remaining: 0 } });
  assert.deepEqual(await getJson(emulator, '/api/queue'), { queue_running: [], queue_pending: [] });
  const free = await postJson(emulator, '/free', { unload_models: true, free_memory: true });
  assert.equal(free.status, 200);
  assert.equal(free.headers.get('content-type'), 'application/octet-stream');
  assert.equal(await free.text(), '');
  const interrupt = await fetch(`${emulator.url}/interrupt`, { method: 'POST' });
  assert.equal(interrupt.status, 200);
  assert.equal(await interrupt.text(), '');
  assert.equal((await fetch(`${emulator.url}/free`, { method: 'POST' })).status, 500, 'ComfyUI reads /free with request.json()');
});

test('object_info entries exactly as recorded; LoadImage lists top-level input images only', async (t) => {
  const emulator = await startTestEmulator(t);
  await upload(emulator, 'test512.png', await greyPng(16, 16));
  await upload(emulator, 'example.png', await greyPng(8, 8));
  await upload(emulator, 'nested.png', await greyPng(8, 8), { subfolder: 'e2e' });
  await upload(emulator, 'notes.txt', Buffer.from('not an image'));
  const info = (await getJson(emulator, '/object_info')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(info), ['SaveImage', 'PreviewImage', 'LoadImage', 'ImageScale', 'ImageScaleBy', 'ImageInvert', 'DDColor_Colorize', 'SaveImageWebsocket']);
  const recorded = [
    '{"LoadImage": {"input": {"required": {"image": [["example.png", "test512.png"], {"image_upload": true}]}}, "input_order": {"required": ["image"]}, "output": ["IMAGE", "MASK"], "output_is_list": [false, false], "output_name": ["IMAGE", "MASK"], "name": "LoadImage", "display_name": "Load Image", "description": "", "python_module": "nodes", "category": "image", "output_node": false}}',
    '{"SaveImage": {"input": {"required": {"images": ["IMAGE", {"tooltip": "The images to save."}], "filename_prefix": ["STRING", {"default": "ComfyUI", "tooltip": "The prefix for the file to save. This may include formatting information such as %date:yyyy-MM-dd% or %Empty Latent Image.width% to include values from nodes."}]}, "hidden": {"prompt": "PROMPT", "extra_pnginfo": "EXTRA_PNGINFO"}}, "input_order": {"required": ["images", "filename_prefix"], "hidden": ["prompt", "extra_pnginfo"]}, "output": [], "output_is_list": [], "output_name": [], "name": "SaveImage", "display_name": "Save Image", "description": "Saves the input images to your ComfyUI output directory.", "python_module": "nodes", "category": "image", "output_node": true}}',
    '{"ImageInvert": {"input": {"required": {"image": ["IMAGE"]}}, "input_order": {"required": ["image"]}, "output": ["IMAGE"], "output_is_list": [false], "output_name": ["IMAGE"], "name": "ImageInvert", "display_name": "Invert Image", "description": "", "python_module": "nodes", "category": "image", "output_node": false}}',
    '{"ImageScale": {"input": {"required": {"image": ["IMAGE"], "upscale_method": [["nearest-exact", "bilinear", "area", "bicubic", "lanczos"]], "width": ["INT", {"default": 512, "min": 0, "max": 16384, "step": 1}], "height": ["INT", {"default": 512, "min": 0, "max": 16384, "step": 1}], "crop": [["disabled", "center"]]}}, "input_order": {"required": ["image", "upscale_method", "width", "height", "crop"]}, "output": ["IMAGE"], "output_is_list": [false], "output_name": ["IMAGE"], "name": "ImageScale", "display_name": "Upscale Image", "description": "", "python_module": "nodes", "category": "image/upscaling", "output_node": false}}',
    '{"ImageScaleBy": {"input": {"required": {"image": ["IMAGE"], "upscale_method": [["nearest-exact", "bilinear", "area", "bicubic", "lanczos"]], "scale_by": ["FLOAT", {"default": 1.0, "min": 0.01, "max": 8.0, "step": 0.01}]}}, "input_order": {"required": ["image", "upscale_method", "scale_by"]}, "output": ["IMAGE"], "output_is_list": [false], "output_name": ["IMAGE"], "name": "ImageScaleBy", "display_name": "Upscale Image By", "description": "", "python_module": "nodes", "category": "image/upscaling", "output_node": false}}',
  ];
  for (const line of recorded) {
    const expected = JSON.parse(line) as Record<string, unknown>;
    const [name] = Object.keys(expected);
    assert.deepEqual(await getJson(emulator, `/object_info/${name ?? ''}`), expected, name);
    assert.deepEqual(info[name ?? ''], expected[name ?? '']);
  }
  assert.deepEqual(await getJson(emulator, '/api/object_info/DDColor_Colorize'), {
    DDColor_Colorize: {
      input: {
        required: {
          image: ['IMAGE'],
          model_input_size: ['INT', { default: 512, min: 32, max: 4096, step: 32 }],
          checkpoint: [['ddcolor_paper_tiny.pth', 'ddcolor_paper.pth', 'ddcolor_modelscope.pth', 'ddcolor_artistic.pth'], { default: 'ddcolor_paper_tiny.pth' }],
        },
      },
      input_order: { required: ['image', 'model_input_size', 'checkpoint'] },
      output: ['IMAGE'],
      output_is_list: [false],
      output_name: ['colorized_image'],
      name: 'DDColor_Colorize',
      display_name: 'DDColor_Colorize',
      description: '',
      python_module: 'custom_nodes.ComfyUI-DDColor',
      category: 'DDColor',
      output_node: false,
    },
  });
  assert.deepEqual(await getJson(emulator, '/object_info/NoSuchNode'), {});
});

test('upload: dedupe identical bytes, rename different bytes, subfolder, overwrite, errors', async (t) => {
  const emulator = await startTestEmulator(t);
  const a = await greyPng(16, 16);
  const b = await greyPng(17, 16);
  const first = await upload(emulator, 'test512.png', a);
  assert.equal(first.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(await first.text(), '{"name": "test512.png", "subfolder": "", "type": "input"}');
  assert.deepEqual(await (await upload(emulator, 'test512.png', a)).json(), { name: 'test512.png', subfolder: '', type: 'input' });
  assert.deepEqual(await (await upload(emulator, 'test512.png', b)).json(), { name: 'test512 (1).png', subfolder: '', type: 'input' });
  assert.deepEqual(await (await upload(emulator, 'test512.png', b)).json(), { name: 'test512 (1).png', subfolder: '', type: 'input' }, 'identical to "(1)"');
  assert.deepEqual(await (await upload(emulator, 'test512.png', await greyPng(18, 16))).json(), { name: 'test512 (2).png', subfolder: '', type: 'input' });
  assert.deepEqual(await (await upload(emulator, 'tiny8.png', b, { subfolder: 'e2e', overwrite: 'true', type: 'input' })).json(), { name: 'tiny8.png', subfolder: 'e2e', type: 'input' });
  assert.deepEqual(await (await upload(emulator, 'tiny8.png', a, { subfolder: 'e2e', overwrite: 'true' })).json(), { name: 'tiny8.png', subfolder: 'e2e', type: 'input' });
  assert.deepEqual(await readFile(join(emulator.dataDir, 'input', 'e2e', 'tiny8.png')), a, 'overwrite replaced the bytes');
  const chinese = await upload(emulator, '老照片.png', a);
  assert.equal(await chinese.text(), '{"name": "\\u8001\\u7167\\u7247.png", "subfolder": "", "type": "input"}');
  assert.deepEqual(await readFile(join(emulator.dataDir, 'input', '老照片.png')), a);

  const noImage = new FormData();
  noImage.append('subfolder', 'x');
  const missing = await fetch(`${emulator.url}/upload/image`, { method: 'POST', body: noImage });
  assert.equal(missing.status, 400);
  assert.equal(await missing.text(), '');
  assert.equal((await upload(emulator, 'x.png', a, { subfolder: '../outside' })).status, 400);
  assert.equal((await upload(emulator, '../../escape.png', a)).status, 400);
  assert.equal((await upload(emulator, 'x.png', a, { type: 'bogus' })).status, 500);
  assert.deepEqual(await (await upload(emulator, 'o.png', a, { type: 'output' })).json(), { name: 'o.png', subfolder: '', type: 'output' });
  assert.equal(emulator.stats.uploads(), 9);

  emulator.faults.failUploads(2);
  assert.equal((await upload(emulator, 'y.png', a)).status, 500);
  assert.equal((await upload(emulator, 'y.png', a)).status, 500);
  assert.equal((await upload(emulator, 'y.png', a)).status, 200);
});

test('parallel uploads of different bytes under one name never collide', async (t) => {
  const emulator = await startTestEmulator(t);
  const images = await Promise.all([16, 17, 18, 19, 20].map((w) => greyPng(w, 8)));
  const names = await Promise.all(images.map(async (img) => ((await (await upload(emulator, 'same.png', img)).json()) as { name: string }).name));
  assert.deepEqual([...names].sort(), ['same (1).png', 'same (2).png', 'same (3).png', 'same (4).png', 'same.png']);
});

test('bodies over maxUploadBytes get 413 text/plain from /upload/image and /prompt', async (t) => {
  const emulator = await startTestEmulator(t, { maxUploadBytes: 64 * 1024 });
  const big = Buffer.alloc(200 * 1024, 7);
  const res = await upload(emulator, 'big.png', big);
  assert.equal(res.status, 413);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  assert.match(await res.text(), /^Maximum request body size 65536 exceeded, actual body size \d+$/);
  const prompt = await postJson(emulator, '/prompt', { prompt: {}, padding: 'x'.repeat(100 * 1024) });
  assert.equal(prompt.status, 413);
  assert.match(await prompt.text(), /^Maximum request body size 65536 exceeded, actual body size \d+$/);
  assert.equal((await upload(emulator, 'ok.png', await greyPng(8, 8))).status, 200, 'the server is still fine');
});

test('/view: 404 for missing, 400 for / or .., 403 for escaping subfolder, file headers, preview', async (t) => {
  const emulator = await startTestEmulator(t);
  const png = await greyPng(40, 30);
  await upload(emulator, 'pic.png', png, { type: 'output', subfolder: 'e2e' });
  const missing = await fetch(`${emulator.url}/view?filename=nope.png&subfolder=&type=output`);
  assert.equal(missing.status, 404);
  assert.equal(await missing.text(), '');
  assert.equal((await fetch(`${emulator.url}/view`)).status, 404);
  assert.equal((await fetch(`${emulator.url}/view?filename=../../etc/passwd&type=input`)).status, 400);
  assert.equal((await fetch(`${emulator.url}/view?filename=/etc/passwd`)).status, 400);
  assert.equal((await fetch(`${emulator.url}/view?filename=pic.png&type=bogus`)).status, 400);
  assert.equal((await fetch(`${emulator.url}/view?filename=pic.png&subfolder=../input`)).status, 403);
  const ok = await fetch(`${emulator.url}/view?filename=pic.png&subfolder=e2e&type=output`);
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-type'), 'image/png');
  assert.equal(ok.headers.get('content-disposition'), 'filename="pic.png"');
  assert.ok(ok.headers.get('etag'));
  assert.ok(ok.headers.get('last-modified'));
  assert.deepEqual(Buffer.from(await ok.arrayBuffer()), png);
  const annotated = await fetch(`${emulator.url}/view?filename=${encodeURIComponent('pic.png [output]')}&subfolder=e2e`);
  assert.equal(annotated.status, 200);
  const ranged = await fetch(`${emulator.url}/view?filename=pic.png&subfolder=e2e`, { headers: { Range: 'bytes=0-7' } });
  assert.equal(ranged.status, 206);
  assert.deepEqual(Buffer.from(await ranged.arrayBuffer()), png.subarray(0, 8));
  const webp = await fetch(`${emulator.url}/view?filename=pic.png&subfolder=e2e&preview=webp;50`);
  assert.equal(webp.headers.get('content-type'), 'image/webp');
  assert.equal((await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).format, 'webp');

  emulator.faults.setViewOverride(Buffer.from('<html>oops</html>'));
  const html = await fetch(`${emulator.url}/view?filename=pic.png&subfolder=e2e&type=output`);
  assert.equal(html.headers.get('content-type'), 'text/html');
  assert.equal(await html.text(), '<html>oops</html>');
  emulator.faults.setViewOverride(null);
  assert.equal((await fetch(`${emulator.url}/view?filename=pic.png&subfolder=e2e&type=output`)).headers.get('content-type'), 'image/png');
});

test('history of an unknown id is 200 {}; GET /history with max_items; malformed → 500', async (t) => {
  const emulator = await startTestEmulator(t);
  const res = await fetch(`${emulator.url}/history/00000000-0000-4000-8000-000000000000`);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '{}');
  assert.deepEqual(await getJson(emulator, '/history?max_items=1'), {});
  assert.equal((await fetch(`${emulator.url}/history?max_items=abc`)).status, 500);
  assert.equal((await postJson(emulator, '/history', { clear: true })).status, 200);
});

test('origin checks: cross-site and mismatching Origin are refused, for HTTP and WebSocket', async (t) => {
  const emulator = await startTestEmulator(t);
  const host = `127.0.0.1:${emulator.port}`;
  assert.equal((await fetch(`${emulator.url}/system_stats`, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status, 403);
  assert.equal((await fetch(`${emulator.url}/system_stats`, { headers: { Origin: 'http://evil.example' } })).status, 403);
  assert.equal((await fetch(`${emulator.url}/system_stats`, { headers: { Origin: `http://localhost:${emulator.port}` } })).status, 403);
  assert.equal((await fetch(`${emulator.url}/system_stats`, { headers: { Origin: `http://${host}` } })).status, 200);
  assert.equal((await fetch(`${emulator.url}/system_stats`, { headers: { Origin: 'http://127.0.0.1' } })).status, 200, 'no port on one side: hosts only');
  await assert.rejects(connectWs(emulator, 'x', { Origin: 'http://evil.example' }), /403/);
  const same = await connectWs(emulator, 'x', { Origin: `http://${host}` });
  await same.close();
});

test('routes answer under /api too, unknown paths 404, wrong method 405', async (t) => {
  const emulator = await startTestEmulator(t);
  assert.deepEqual(await getJson(emulator, '/api/prompt'), { exec_info: { queue_remaining: 0 } });
  const notFound = await fetch(`${emulator.url}/nope`);
  assert.equal(notFound.status, 404);
  assert.equal(await notFound.text(), '404: Not Found');
  assert.equal((await fetch(`${emulator.url}/system_stats`, { method: 'POST' })).status, 405);
  assert.equal((await fetch(`${emulator.url}/api/jobs`)).status, 404, 'no jobs API before 0.33');
  assert.equal((await fetch(`${emulator.url}/ws`)).status, 400, 'a plain GET of /ws is refused like aiohttp does');
  const ws = await connectWs({ ...emulator, url: `${emulator.url}/api` }, 'api-client');
  assert.equal((await ws.waitForMessage('status')).data['sid'], 'api-client');
  await ws.close();
});

test('WebSocket: status with sid first, generated 32-hex sid, feature_flags answered once', async (t) => {
  const emulator = await startTestEmulator(t);
  const anonymous = await connectWs(emulator, null);
  const first = await anonymous.waitForMessage('status');
  assert.match(String(first.data['sid']), /^[0-9a-f]{32}$/);
  assert.deepEqual(first.data['status'], { exec_info: { queue_remaining: 0 } });
  await anonymous.close();
  const client = await connectWs(emulator, 'ff');
  client.socket.send(JSON.stringify({ type: 'feature_flags', data: { supports_preview_metadata: true } }));
  assert.deepEqual((await client.waitForMessage('feature_flags')).data, { supports_preview_metadata: true, max_upload_size: 104857600 });
  client.socket.send(JSON.stringify({ type: 'feature_flags', data: {} }));
  // A later probe message shows the second feature_flags was ignored (only the first message counts).
  await getJson(emulator, '/prompt');
  assert.equal(client.messages().filter((m) => m.type === 'feature_flags').length, 1);
  await client.close();
});

test('protocol 0.33 jobs API: 404 for unknown, list and fetch after a run, cancel pending', async (t) => {
  const emulator = await startTestEmulator(t, { protocol: '0.33' });
  const unknown = await fetch(`${emulator.url}/api/jobs/00000000-0000-4000-8000-000000000000`);
  assert.equal(unknown.status, 404);
  assert.deepEqual(await unknown.json(), { error: 'Job not found' });
  assert.deepEqual(await getJson(emulator, '/api/jobs'), { jobs: [], pagination: { offset: 0, limit: null, total: 0, has_more: false } });
  assert.equal((await fetch(`${emulator.url}/api/jobs?status=bogus`)).status, 400);
  await upload(emulator, 'in.png', await greyPng(16, 16));
  const ws = await connectWs(emulator, 'jobs');
  const prompt = { '1': { class_type: 'LoadImage', inputs: { image: 'in.png' } }, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'j' } } };
  emulator.faults.pause();
  const id = 'a3b5c0de-0000-4000-8000-000000000001';
  assert.equal((await postJson(emulator, '/prompt', { prompt, client_id: 'jobs', prompt_id: id })).status, 200);
  assert.equal(((await getJson(emulator, `/api/jobs/${id}`)) as { status: string }).status, 'pending');
  const cancelled = await postJson(emulator, `/api/jobs/${id}/cancel`, {});
  assert.deepEqual(await cancelled.json(), { cancelled: true });
  assert.equal((await fetch(`${emulator.url}/api/jobs/${id}`)).status, 404);
  emulator.faults.resume();
  const id2 = 'a3b5c0de-0000-4000-8000-000000000002';
  await postJson(emulator, '/prompt', { prompt: { ...prompt, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'k' } } }, client_id: 'jobs', prompt_id: id2 });
  await ws.untilDone(id2);
  const job = (await getJson(emulator, `/api/jobs/${id2}`)) as Record<string, unknown>;
  assert.equal(job['status'], 'completed');
  assert.equal(job['outputs_count'], 1);
  assert.deepEqual(job['preview_output'], { filename: 'k_00001_.png', subfolder: '', type: 'output', nodeId: '2', mediaType: 'images' });
  const list = (await getJson(emulator, '/api/jobs?status=completed')) as { jobs: Array<{ id: string }> };
  assert.deepEqual(
    list.jobs.map((j) => j.id),
    [id2],
  );
  assert.deepEqual(await (await postJson(emulator, '/api/jobs/cancel', { job_ids: ['nope'] })).json(), { error: 'job_ids contains invalid id(s)', invalid_ids: ['nope'] });
  await ws.close();
});
