import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { MediaVariant } from '../shared/contract';
import { createProtocolHandler } from './protocol';
import { CONTENT_SECURITY_POLICY } from './security';

void describe('heirloom:// protocol handler', () => {
  let root: string;
  let handler: (request: Request) => Promise<Response>;
  const mediaCalls: Array<[string, MediaVariant] | [string, MediaVariant, string]> = [];

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'heirloom-protocol-'));
    const renderer = join(root, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Heirloom</title>');
    writeFileSync(join(renderer, 'app.js'), 'console.log(1)');
    writeFileSync(join(renderer, 'assets', 'logo.svg'), '<svg/>');
    writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
    mkdirSync(join(root, 'photos'));
    writeFileSync(join(root, 'photos', '奶奶的照片.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    handler = createProtocolHandler({
      rendererDir: renderer,
      mediaPath: (id, variant, jobId) => {
        mediaCalls.push(jobId === undefined ? [id, variant] : [id, variant, jobId]);
        if (id === 'boom') throw new Error('database is closed');
        if (id === 'gone') return join(root, 'photos', 'deleted.jpg');
        if (jobId !== undefined) return id === 'p 1' && variant === 'result' && jobId === 'job/2' ? join(root, 'photos', '奶奶的照片.jpg') : undefined;
        return id === 'p 1' && variant === 'original' ? join(root, 'photos', '奶奶的照片.jpg') : undefined;
      },
    });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  void test('serves index.html for / and for its own name, with the CSP and its content type', async () => {
    for (const url of ['heirloom://app/', 'heirloom://app/index.html']) {
      const res = await get(url);
      assert.equal(res.status, 200, url);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(await res.text(), '<!doctype html><title>Heirloom</title>');
    }
  });

  void test('serves nested assets with their type; HEAD has the length and no body', async () => {
    const svg = await get('heirloom://app/assets/logo.svg');
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    const head = await get('heirloom://app/app.js', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '14');
    assert.equal(await head.text(), '');
  });

  void test('never serves a file outside the renderer dir, however the path is spelled', async () => {
    const attempts = [
      'heirloom://app/../secret.txt',
      'heirloom://app/%2e%2e/secret.txt',
      'heirloom://app/assets/..%2F..%2Fsecret.txt',
      'heirloom://app/%2E%2E%2Fsecret.txt',
      'heirloom://app/..%5Csecret.txt',
      `heirloom://app/${encodeURIComponent(join(root, 'secret.txt'))}`,
      'heirloom://app/assets',
      'heirloom://app/missing.js',
    ];
    for (const url of attempts) {
      const res = await get(url);
      assert.equal(res.status, 404, url);
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, `${url} (errors carry the CSP too)`);
      assert.doesNotMatch(await res.text(), /outside the renderer/);
    }
  });

  void test('a malformed escape or a NUL byte is a 400, not a crash', async () => {
    assert.equal((await get('heirloom://app/%E0%A4%A')).status, 400);
    assert.equal((await get('heirloom://app/index.html%00.js')).status, 400);
  });

  void test('only GET and HEAD', async () => {
    const res = await get('heirloom://app/index.html', 'POST');
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
  });

  void test('media: the path comes from mediaPath(id, variant) only; ids are URL-decoded', async () => {
    mediaCalls.length = 0;
    const res = await get('heirloom://media/p%201/original?v=1712');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    assert.equal(res.headers.get('content-security-policy'), null);
    assert.deepEqual(mediaCalls, [['p 1', 'original']]);
  });

  void test('media: unknown variants never reach the core; unknown ids, vanished files and core errors are answered', async () => {
    mediaCalls.length = 0;
    assert.equal((await get('heirloom://media/p%201/..%2F..%2Fsecret.txt')).status, 404);
    assert.equal((await get('heirloom://media/p%201/exif')).status, 404);
    assert.equal((await get('heirloom://media/p%201')).status, 404);
    assert.equal((await get('heirloom://media/p%201/original/extra')).status, 404);
    assert.deepEqual(mediaCalls, []);
    assert.equal((await get('heirloom://media/p%201/result')).status, 404);
    assert.equal((await get('heirloom://media/gone/thumb')).status, 404);
    const boom = await get('heirloom://media/boom/thumb');
    assert.equal(boom.status, 500);
    assert.match(await boom.text(), /database is closed/);
  });

  void test('media: one result of a photo by its job id (a variant); no other variant takes a job id', async () => {
    mediaCalls.length = 0;
    const res = await get('heirloom://media/p%201/result/job%2F2');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(mediaCalls, [['p 1', 'result', 'job/2']]);
    assert.equal((await get('heirloom://media/p%201/result/other-job')).status, 404);
    mediaCalls.length = 0;
    assert.equal((await get('heirloom://media/p%201/original/job%2F2')).status, 404);
    assert.equal((await get('heirloom://media/p%201/result/')).status, 404);
    assert.equal((await get('heirloom://media/p%201/result/job%2F2/more')).status, 404);
    assert.deepEqual(mediaCalls, [], 'refused before the core is asked');
  });

  void test('any other host is a 404', async () => {
    assert.equal((await get('heirloom://evil/index.html')).status, 404);
  });
});
