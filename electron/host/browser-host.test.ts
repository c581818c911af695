// The browser host over real HTTP/WebSocket with a real core (SQLite file, emulator backend).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import WebSocket from 'ws';
import { startComfyEmulator, type ComfyEmulator } from '../../e2e/comfyui-emulator';
import { createHeirloomCore } from '../core/api/create-core';
import { tempDir } from '../core/testing/test-db';
import type { AnyEvent, ImportResult } from '../shared/contract';
import { WIRE } from '../shared/wire';
import { startBrowserHost, uploadHeaders, type BrowserHost } from './browser-host';

const WORKFLOWS = join(import.meta.dirname, '..', '..', 'workflows');
let dir: ReturnType<typeof tempDir>;
let emulator: ComfyEmulator;
let core: Awaited<ReturnType<typeof createHeirloomCore>>;
let host: BrowserHost;
const rendererDir = () => join(dir.path, 'renderer');

before(async () => {
  dir = tempDir('host');
  mkdirSync(rendererDir(), { recursive: true });
  writeFileSync(join(rendererDir(), 'index.html'), '<!doctype html><title>Heirloom</title>');
  writeFileSync(join(dir.path, 'secret.txt'), 'do not serve');
  emulator = await startComfyEmulator();
  core = await createHeirloomCore({
    dataDir: join(dir.path, 'data'),
    workflowsDir: WORKFLOWS,
    defaultOutputDir: join(dir.path, 'out'),
    appVersion: 'test',
    overrides: { backends: [emulator.url] },
  });
  host = await startBrowserHost({ core, rendererDir: rendererDir() });
  await core.start();
});
after(async () => {
  await host.close();
  await core.close();
  await emulator.close();
  dir.remove();
});

const command = (name: string, args: unknown, headers: Record<string, string> = {}) =>
  fetch(new URL(WIRE.commandPath(name), host.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(args) });

test('binds to 127.0.0.1 and serves the UI', async () => {
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const response = await fetch(host.url);
  assert.equal(response.status, 200);
  assert.match(await response.text(), /Heirloom/);
});

test('commands go through the contract; bad arguments get 400 with the reason', async () => {
  const ok = await command('backends.list', {});
  assert.equal(ok.status, 200);
  assert.deepEqual(((await ok.json()) as { result: Array<{ url: string }> }).result.map((b) => b.url), [emulator.url]);
  const bad = await command('backends.add', { url: 'not a url' });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(await bad.json()), /url/);
});

test('cross-site requests and non-JSON commands are refused', async () => {
  assert.equal((await command('photos.list', {}, { origin: 'https://evil.example' })).status, 403);
  assert.equal((await command('photos.list', {}, { 'sec-fetch-site': 'cross-site' })).status, 403);
  const form = await fetch(new URL(WIRE.commandPath('photos.list'), host.url), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
  assert.equal(form.status, 415);
});

test('upload → event over WebSocket → media by id only', async () => {
  const socket = new WebSocket(new URL(WIRE.eventsPath, host.url.replace('http', 'ws')));
  const succeeded = new Set<string>();
  const waiting = new Map<string, () => void>();
  socket.on('message', (data: Buffer) => {
    const event = JSON.parse(data.toString()) as AnyEvent;
    if (event.name === 'photo.updated' && event.payload.job?.state === 'succeeded') {
      succeeded.add(event.payload.id);
      waiting.get(event.payload.id)?.();
    }
  });
  const restored = (id: string) => new Promise<void>((resolve) => (succeeded.has(id) ? resolve() : waiting.set(id, resolve)));
  await new Promise((resolve) => socket.once('open', resolve));
  const bytes = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#777' } }).jpeg().toBuffer();
  const response = await fetch(new URL(WIRE.uploadPath, host.url), {
    method: 'POST',
    headers: { [WIRE.uploadNameHeader]: encodeURIComponent('爷爷 1948.jpg') },
    body: bytes,
  });
  const envelope = (await response.json()) as { ok: true; result: ImportResult };
  const [photo] = envelope.result.photos;
  assert.equal(photo?.name, '爷爷 1948.jpg');
  const thumb = await fetch(new URL(WIRE.mediaPath(photo?.id ?? '', 'thumb'), host.url));
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
  assert.equal((await fetch(new URL(WIRE.mediaPath('no-such-photo', 'original'), host.url))).status, 404);
  assert.equal((await fetch(new URL('/media/x/../../secret.txt', host.url))).status, 404);
  assert.equal((await fetch(new URL('/%2e%2e/secret.txt', host.url))).status, 404);
  // The emulator restores the photo; its updates reach this socket.
  await restored(photo?.id ?? '');
  assert.equal((await fetch(new URL(WIRE.mediaPath(photo?.id ?? '', 'result'), host.url))).headers.get('content-type'), 'image/png');
  socket.close();
});

test('a token is required on other addresses, and enforced when set', async () => {
  await assert.rejects(startBrowserHost({ core, rendererDir: rendererDir(), host: '0.0.0.0' }), /token is required/);
  const guarded = await startBrowserHost({ core, rendererDir: rendererDir(), token: 's3cret' });
  try {
    assert.equal((await fetch(guarded.url)).status, 401);
    const withToken = await fetch(`${guarded.url}?token=s3cret`);
    assert.equal(withToken.status, 200);
    const cookie = withToken.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly; SameSite=Strict/);
    const viaCookie = await fetch(new URL(WIRE.commandPath('photos.list'), guarded.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0] ?? '' },
      body: '{}',
    });
    assert.equal(viaCookie.status, 200);
    assert.equal((await fetch(new URL(WIRE.commandPath('photos.list'), guarded.url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: '{}' })).status, 401);
  } finally {
    await guarded.close();
  }
});

test('workflow parameters are validated against the manifest before they are saved', async () => {
  const bad = await command('settings.update', { workflowParams: { size: 500 } });
  assert.equal(bad.status, 422);
  assert.match(JSON.stringify(await bad.json()), /invalid-parameters.*multiple of 32|multiple of 32.*invalid-parameters/);
  const good = await command('settings.update', { workflowParams: { size: 1024 } });
  assert.equal(good.status, 200);
});

test('files of a dropped folder carry their path in it: one album named after the folder, its tree kept', async () => {
  const upload = async (folderPath: string, shade: number) => {
    const bytes = await sharp({ create: { width: 80, height: 60, channels: 3, background: { r: shade, g: shade, b: shade } } }).jpeg().toBuffer();
    const response = await fetch(new URL(WIRE.uploadPath, host.url), {
      method: 'POST',
      headers: { [WIRE.uploadNameHeader]: encodeURIComponent(folderPath.split('/').pop() ?? ''), [WIRE.uploadRelPathHeader]: encodeURIComponent(folderPath) },
      body: bytes,
    });
    assert.equal(response.status, 200, folderPath);
    return ((await response.json()) as { ok: true; result: ImportResult }).result;
  };
  const first = await upload('外婆的相册/1962 婚礼/新娘.jpg', 31);
  const second = await upload('外婆的相册/封面.jpg', 32);
  const albums = ((await (await command('albums.list', {})).json()) as { result: Array<{ id: string; name: string }> }).result;
  const album = albums.find((a) => a.name === '外婆的相册');
  assert.ok(album, JSON.stringify(albums));
  assert.deepEqual([...first.photos, ...second.photos].map((p) => [p.relPath, p.name, p.albumId]), [
    ['1962 婚礼/新娘.jpg', '新娘.jpg', album.id],
    ['封面.jpg', '封面.jpg', album.id],
  ]);
});

test('an unsafe folder path is refused with 400 and the reason, before the upload is read', async () => {
  const photosBefore = ((await (await command('photos.list', {})).json()) as { result: unknown[] }).result.length;
  const cases: Array<[rawHeader: string, reason: RegExp]> = [
    [encodeURIComponent('../../etc/a.jpg'), /'\.' or '\.\.'/],
    [encodeURIComponent('/etc/a.jpg'), /not absolute/],
    [encodeURIComponent('C:/Windows/a.jpg'), /not absolute/],
    [encodeURIComponent('Grandma\\a.jpg'), /'\/' between folders/],
    [encodeURIComponent('Grandma/a\u0000.jpg'), /control characters/],
    ['Grandma/%E0%A4%A.jpg', /not URI-encoded/],
  ];
  for (const [rawHeader, reason] of cases) {
    const response = await fetch(new URL(WIRE.uploadPath, host.url), {
      method: 'POST',
      headers: { [WIRE.uploadNameHeader]: 'a.jpg', [WIRE.uploadRelPathHeader]: rawHeader },
      body: Buffer.from('never read'),
    });
    assert.equal(response.status, 400, rawHeader);
    const envelope = (await response.json()) as { ok: false; error: { code: string; message: string } };
    assert.equal(envelope.error.code, 'invalid-arguments');
    assert.match(envelope.error.message, reason, rawHeader);
  }
  assert.equal(((await (await command('photos.list', {})).json()) as { result: unknown[] }).result.length, photosBefore);
});

test('uploadHeaders: name and folder path from the headers, each checked', () => {
  const headers = (entries: Record<string, string | string[]>) => ({ headers: entries });
  assert.deepEqual(uploadHeaders(headers({ [WIRE.uploadNameHeader]: encodeURIComponent('新娘.jpg'), [WIRE.uploadRelPathHeader]: encodeURIComponent('相册/新娘.jpg') })), {
    ok: true,
    upload: { name: '新娘.jpg', folderPath: '相册/新娘.jpg' },
  });
  assert.deepEqual(uploadHeaders(headers({ [WIRE.uploadNameHeader]: 'a.jpg' })), { ok: true, upload: { name: 'a.jpg', folderPath: undefined } });
  assert.deepEqual(uploadHeaders(headers({})), { ok: false, message: 'The file name is missing.' });
  assert.deepEqual(uploadHeaders(headers({ [WIRE.uploadNameHeader]: '%E0%A4%A' })), { ok: false, message: 'The file name is not URI-encoded.' });
  assert.deepEqual(uploadHeaders(headers({ [WIRE.uploadNameHeader]: 'a.jpg', [WIRE.uploadRelPathHeader]: ['A/a.jpg', 'B/a.jpg'] })), {
    ok: false,
    message: 'The upload has more than one folder path.',
  });
  assert.deepEqual(uploadHeaders(headers({ [WIRE.uploadNameHeader]: 'a.jpg', [WIRE.uploadRelPathHeader]: encodeURIComponent('A/b.jpg') })), {
    ok: false,
    message: 'The folder path ends in "b.jpg", not in the file\'s name "a.jpg".',
  });
});
