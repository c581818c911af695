// The compare view's variants end to end on a real core, SQLite file and the ComfyUI emulator: a
// photo colorized at 512 and again at 1024 has two results, each served by its job id; accepting
// one makes it the photo's result (and survives a restart), rejecting it takes that back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startComfyEmulator, type ComfyEmulator } from '../../../e2e/comfyui-emulator';
import type { AnyEvent, PhotoResultsDto } from '../../shared/contract';
import { createLibrary, waitForPhotos, type Core, type Library } from '../dispatch/testing/harness';

describe('photo results: variants, accept and reject', () => {
  let emulator: ComfyEmulator;
  let library: Library;
  let core: Core;
  let photoId: string;
  let otherPhotoId: string;
  let small: string;
  let large: string;
  const events: AnyEvent[] = [];

  before(async () => {
    emulator = await startComfyEmulator();
    library = createLibrary([emulator.url]);
    await library.addPhotos(2);
    core = await library.open();
    core.subscribe((event) => events.push(event));
    await core.start();
    await core.handlers['photos.importPaths']({ paths: [library.album] });
    const [first, second] = await waitForPhotos(core, (photos) => photos.length === 2 && photos.every((p) => p.job?.state === 'succeeded'), 'both colorized');
    photoId = first?.id ?? assert.fail('a photo');
    otherPhotoId = second?.id ?? assert.fail('another photo');
    await core.handlers['jobs.rerun']({ photoIds: [photoId], workflowId: 'ddcolor-portrait', params: { size: 1024 } });
    await waitForPhotos(core, (photos) => photos.find((p) => p.id === photoId)?.job?.state === 'succeeded', 'the re-run at 1024 finished');
    const listed = await core.handlers['photos.results']({ photoId });
    [small, large] = listed.results.map((r) => r.jobId) as [string, string];
  });
  after(async () => {
    await core.close();
    await emulator.close();
    library.remove();
  });

  const results = () => core.handlers['photos.results']({ photoId });

  it('lists every finished result oldest first, with its workflow, parameters and file', async () => {
    const listed = await results();
    assert.equal(listed.photoId, photoId);
    assert.equal(listed.favoriteJobId, null, 'nothing accepted yet');
    assert.deepEqual(
      listed.results.map((r) => [r.workflowId, r.params['size'], r.review]),
      [
        ['ddcolor-portrait', 512, null],
        ['ddcolor-portrait', 1024, null],
      ],
    );
    const [a, b] = listed.results;
    assert.ok(a && b && a.createdAtMs <= b.createdAtMs && a.finishedAtMs !== null);
    assert.notEqual(a.outputPath, b.outputPath, 'each run wrote its own file');
    assert.equal((await core.handlers['photos.results']({ photoId: otherPhotoId })).results.length, 1);
  });

  it('serves each result by its job id, and only for the photo it belongs to', async () => {
    const listed = await results();
    for (const result of listed.results) {
      const path = core.mediaPath(photoId, 'result', result.jobId);
      assert.equal(path, result.outputPath);
      assert.ok(readFileSync(path ?? '').length > 0);
    }
    assert.equal(core.mediaPath(otherPhotoId, 'result', small), undefined, 'a job of another photo');
    assert.equal(core.mediaPath(photoId, 'original', small), undefined, 'a job id names a result only');
    assert.equal(core.mediaPath(photoId, 'result', 'no-such-job'), undefined);
    assert.equal(core.mediaPath(photoId, 'result'), listed.results[1]?.outputPath, 'without a favourite, the newest result');
  });

  it('accepting a result makes it the favourite and the photo’s result; accepting another moves it', async () => {
    events.length = 0;
    const accepted = await core.handlers['photos.review']({ photoId, jobId: small, review: 'accepted' });
    assert.equal(accepted.favoriteJobId, small);
    assert.deepEqual(accepted.results.map((r) => r.review), ['accepted', null]);
    assert.deepEqual(await results(), accepted);
    assert.equal(core.mediaPath(photoId, 'result'), accepted.results[0]?.outputPath, 'the accepted 512 result, although 1024 is newer');
    assert.deepEqual(
      events.filter((e) => e.name === 'photo.reviewed').map((e) => e.payload as PhotoResultsDto),
      [accepted],
      'other windows hear of it',
    );

    const moved = await core.handlers['photos.review']({ photoId, jobId: large, review: 'accepted' });
    assert.equal(moved.favoriteJobId, large);
    assert.deepEqual(moved.results.map((r) => r.review), [null, 'accepted'], 'one accepted result per photo');
  });

  it('rejecting the favourite leaves the photo without one; null clears a verdict', async () => {
    const rejected = await core.handlers['photos.review']({ photoId, jobId: large, review: 'rejected' });
    assert.equal(rejected.favoriteJobId, null);
    assert.deepEqual(rejected.results.map((r) => r.review), [null, 'rejected']);
    const rejectedOther = await core.handlers['photos.review']({ photoId, jobId: small, review: 'rejected' });
    assert.deepEqual(rejectedOther.results.map((r) => r.review), ['rejected', 'rejected']);
    const cleared = await core.handlers['photos.review']({ photoId, jobId: small, review: null });
    assert.deepEqual(cleared.results.map((r) => r.review), [null, 'rejected']);
  });

  it('the photo carries the grid’s review mark, and photo.updated keeps every window’s card current', async () => {
    const mark = async (id: string) => (await core.handlers['photos.page']({ limit: 10 })).photos.find((p) => p.id === id)?.reviewed;
    const updates = () => events.filter((e) => e.name === 'photo.updated').map((e) => e.payload as { id: string; reviewed: string | null });
    assert.equal(await mark(photoId), null, 'one result rejected, one not reviewed: not reviewed');

    events.length = 0;
    await core.handlers['photos.review']({ photoId, jobId: small, review: 'rejected' });
    // photo.updated goes out once the command's task is done (create-core batches photo events).
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await mark(photoId), 'rejected', 'every result rejected');
    assert.deepEqual(updates().map((u) => [u.id, u.reviewed]), [[photoId, 'rejected']]);

    events.length = 0;
    await core.handlers['photos.review']({ photoId, jobId: large, review: 'accepted' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await mark(photoId), 'accepted', 'a favourite makes the photo accepted');
    assert.deepEqual(updates().map((u) => [u.id, u.reviewed]), [[photoId, 'accepted']]);
    assert.equal((await core.handlers['photos.list']({})).find((p) => p.id === photoId)?.reviewed, 'accepted', 'photos.list carries it too');

    await core.handlers['photos.review']({ photoId, jobId: large, review: null });
    assert.equal(await mark(photoId), null, 'a result left without a verdict: not reviewed');
    assert.equal(await mark(otherPhotoId), null);
  });

  it('refuses an unknown photo, or a result of another photo, and changes nothing', async () => {
    const before = await results();
    await assert.rejects(core.handlers['photos.results']({ photoId: 'nope' }), { code: 'not-found' });
    await assert.rejects(core.handlers['photos.review']({ photoId: 'nope', jobId: small, review: 'accepted' }), { code: 'not-found' });
    await assert.rejects(core.handlers['photos.review']({ photoId: otherPhotoId, jobId: small, review: 'accepted' }), { code: 'not-found', message: /no finished result/ });
    await assert.rejects(core.handlers['photos.review']({ photoId, jobId: 'nope', review: 'accepted' }), { code: 'not-found' });
    assert.deepEqual(await results(), before);
    assert.equal((await core.handlers['photos.results']({ photoId: otherPhotoId })).favoriteJobId, null);
  });

  it('keeps the verdicts and the favourite across a restart', async () => {
    const accepted = await core.handlers['photos.review']({ photoId, jobId: small, review: 'accepted' });
    await core.close();
    core = await library.open();
    assert.deepEqual(await results(), accepted);
    assert.equal(core.mediaPath(photoId, 'result'), accepted.results[0]?.outputPath);
  });
});
