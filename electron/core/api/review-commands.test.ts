// 'jobs.rerun' and 'photos.reveal' on a real core and SQLite file. No backend is configured, so
// the queued jobs simply wait: these tests look at what gets queued, not at colorizing.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { tempDir } from '../testing/test-db';
import { createHeirloomCore } from './create-core';

const WORKFLOWS = join(import.meta.dirname, '..', '..', '..', 'workflows');

describe('review commands', () => {
  const dir = tempDir('review-commands');
  const revealed: string[] = [];
  let core: Awaited<ReturnType<typeof createHeirloomCore>>;
  let photoId: string;
  let original: string;

  before(async () => {
    original = join(dir.path, '爷爷 1958.jpg');
    writeFileSync(original, await sharp(Buffer.alloc(64 * 48, 90), { raw: { width: 64, height: 48, channels: 1 } }).jpeg().toBuffer());
    core = await createHeirloomCore({
      dataDir: join(dir.path, 'data'),
      workflowsDir: WORKFLOWS,
      defaultOutputDir: join(dir.path, 'out'),
      appVersion: 'test',
      revealPath: (path) => revealed.push(path),
    });
    const imported = await core.handlers['photos.importPaths']({ paths: [original] });
    photoId = imported.photos[0]?.id ?? assert.fail('the photo is imported');
  });
  after(async () => {
    await core.close();
    dir.remove();
  });

  const jobsOf = async () => (await core.handlers['photos.list']({})).find((p) => p.id === photoId)?.job;

  it('queues a new job with the chosen workflow and size; the same settings twice are left alone', async () => {
    const first = await core.handlers['jobs.rerun']({ photoIds: [photoId], workflowId: 'ddcolor-architecture', params: { size: 1024 } });
    assert.deepEqual(first, { queued: 1, unchanged: 0 });
    assert.equal((await jobsOf())?.workflowId, 'ddcolor-architecture', 'the photo shows its newest job');

    const again = await core.handlers['jobs.rerun']({ photoIds: [photoId, photoId], workflowId: 'ddcolor-architecture', params: { size: 1024 } });
    assert.deepEqual(again, { queued: 0, unchanged: 1 });
  });

  it('refuses parameters the workflow does not allow, before queuing anything', async () => {
    const before = await jobsOf();
    await assert.rejects(core.handlers['jobs.rerun']({ photoIds: [photoId], workflowId: 'ddcolor-portrait', params: { size: 100 } }), { code: 'invalid-parameters', message: /size/ });
    assert.deepEqual(await jobsOf(), before);
  });

  it('refuses an unknown photo without queuing the others', async () => {
    const before = await jobsOf();
    await assert.rejects(core.handlers['jobs.rerun']({ photoIds: [photoId, 'nope'], workflowId: 'ddcolor-portrait', params: { size: 768 } }), { code: 'not-found', message: 'No photo with id nope.' });
    assert.deepEqual(await jobsOf(), before);
  });

  it('reveals the original through the injected function; a photo without a result says so', async () => {
    assert.deepEqual(await core.handlers['photos.reveal']({ photoId, variant: 'original' }), {});
    assert.deepEqual(revealed, [original]);
    await assert.rejects(core.handlers['photos.reveal']({ photoId, variant: 'result' }), { code: 'not-found' });
  });
});

describe('photos.reveal without a desktop', () => {
  it('is refused as unsupported (the browser host has no file manager to show)', async () => {
    const dir = tempDir('reveal-unsupported');
    const core = await createHeirloomCore({ dataDir: join(dir.path, 'data'), workflowsDir: WORKFLOWS, defaultOutputDir: join(dir.path, 'out'), appVersion: 'test' });
    try {
      await assert.rejects(core.handlers['photos.reveal']({ photoId: 'any', variant: 'original' }), { code: 'unsupported' });
    } finally {
      await core.close();
      dir.remove();
    }
  });
});
