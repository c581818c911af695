// The browser host's media route: images by photo id and variant, and one result of a photo by
// its job id (the compare view's variants). Paths come only from core.mediaPath; a job id is
// taken for results only, and anything malformed is refused before the core is asked.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempDir } from '../core/testing/test-db';
import type { HeirloomCore } from '../core/api/core';
import type { MediaVariant } from '../shared/contract';
import { WIRE } from '../shared/wire';
import { startBrowserHost, type BrowserHost } from './browser-host';

const dir = tempDir('host-media');
const calls: Array<[string, MediaVariant, string | undefined]> = [];
let host: BrowserHost;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

before(async () => {
  mkdirSync(join(dir.path, 'renderer'));
  writeFileSync(join(dir.path, 'renderer', 'index.html'), '<!doctype html>');
  writeFileSync(join(dir.path, 'r-512.png'), PNG);
  writeFileSync(join(dir.path, 'r-1024.png'), Buffer.concat([PNG, PNG]));
  const core: HeirloomCore = {
    handlers: {} as HeirloomCore['handlers'],
    subscribe: () => () => undefined,
    mediaPath(photoId, variant, jobId) {
      calls.push([photoId, variant, jobId]);
      if (photoId !== 'p/1' || variant !== 'result') return undefined;
      if (jobId === undefined || jobId === 'job 1024') return join(dir.path, 'r-1024.png');
      return jobId === 'job-512' ? join(dir.path, 'r-512.png') : undefined;
    },
    importUpload: () => Promise.reject(new Error('not in this test')),
    start: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  host = await startBrowserHost({ core, rendererDir: join(dir.path, 'renderer') });
});
after(async () => {
  await host.close();
  dir.remove();
});

const get = (path: string) => fetch(new URL(path, host.url));

test('serves each result of a photo by its job id, immutable', async () => {
  calls.length = 0;
  const small = await get(WIRE.resultPath('p/1', 'job-512'));
  assert.equal(small.status, 200);
  assert.equal(small.headers.get('content-type'), 'image/png');
  assert.match(small.headers.get('cache-control') ?? '', /immutable/);
  assert.deepEqual(Buffer.from(await small.arrayBuffer()), PNG);
  const large = await get(WIRE.resultPath('p/1', 'job 1024'));
  assert.equal((await large.arrayBuffer()).byteLength, PNG.length * 2);
  assert.equal((await get(WIRE.mediaPath('p/1', 'result'))).status, 200, 'the photo’s own result without a job id');
  assert.deepEqual(calls, [
    ['p/1', 'result', 'job-512'],
    ['p/1', 'result', 'job 1024'],
    ['p/1', 'result', undefined],
  ]);
});

test('refuses unknown jobs, job ids on other variants and malformed paths', async () => {
  assert.equal((await get(WIRE.resultPath('p/1', 'job-of-another-photo'))).status, 404);
  calls.length = 0;
  for (const path of ['/media/p%2F1/original/job-512', '/media/p%2F1/thumb/job-512', '/media/p%2F1/result/', '/media/p%2F1/result/job-512/x', '/media/p%2F1/result/%E0%A4%A', '/media/%E0%A4%A/result']) {
    assert.equal((await get(path)).status, 404, path);
  }
  assert.deepEqual(calls, [], 'none of these reached the core');
});
