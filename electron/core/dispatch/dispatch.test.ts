// The scheduler end to end: the core with real SQLite against several ComfyUI emulators, with the
// faults of issue 4 injected (a backend killed mid-batch and restarted, dropped WebSockets, lost
// history, missing nodes, hostile answers, both protocol generations). Nothing sleeps to
// synchronise: every wait is on the core's events, bounded.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startComfyEmulator, type ComfyEmulator, type EmulatorOptions } from '../../../e2e/comfyui-emulator';
import type { BackendDto, PhotoDto } from '../../shared/contract';
import type { BackendConfig } from '../api/backend-store';
import { createComfyClient, type ComfyClient } from '../comfy/client';
import { allSucceeded, createLibrary, settled, waitForBackend, waitForPhotos, type Core, type Library } from './testing/harness';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function emulator(options: EmulatorOptions = {}): Promise<ComfyEmulator> {
  const started = await startComfyEmulator(options);
  cleanups.push(() => started.kill());
  return started;
}

function library(urls: readonly string[]): Library {
  const lib = createLibrary(urls);
  cleanups.push(lib.remove);
  return lib;
}

async function openCore(lib: Library, extra: Parameters<Library['open']>[0] = {}): Promise<Core> {
  const core = await lib.open(extra);
  cleanups.push(() => core.close());
  return core;
}

const executions = (e: ComfyEmulator) => [...e.stats.executionsByImage().values()].reduce((a, b) => a + b, 0);
const maxPerImage = (...emulators: ComfyEmulator[]) => {
  const total = new Map<string, number>();
  for (const e of emulators) for (const [image, n] of e.stats.executionsByImage()) total.set(image, (total.get(image) ?? 0) + n);
  return Math.max(0, ...total.values());
};
const on = (url: string) => (p: PhotoDto) => p.job?.backendUrl === url;

/** Records every backend event's inFlight, per backend url. */
function watchInFlight(core: Core) {
  const peak = new Map<string, number>();
  core.subscribe((event) => {
    if (event.name === 'backend.updated') peak.set(event.payload.url, Math.max(peak.get(event.payload.url) ?? 0, event.payload.inFlight));
  });
  return peak;
}

test('a batch is spread over two backends, each kept at two Heirloom prompts at most', async () => {
  const a = await emulator({ serviceTimeMs: 60 });
  const b = await emulator({ serviceTimeMs: 60 });
  const lib = library([a.url, b.url]);
  await lib.addPhotos(16);
  const core = await openCore(lib);
  const peak = watchInFlight(core);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  const photos = await waitForPhotos(core, allSucceeded(16), 'all restored');
  assert.equal(lib.outputs().length, 16, 'one result per photo');
  assert.ok(photos.filter(on(a.url)).length >= 4 && photos.filter(on(b.url)).length >= 4, 'both backends worked');
  assert.equal(peak.get(a.url), 2, 'pipelined: the next prompt waits on the backend while one runs');
  assert.equal(peak.get(b.url), 2);
  assert.equal(maxPerImage(a, b), 1, 'no photo ran twice');
  const listed = await core.handlers['backends.list']({});
  assert.deepEqual(
    listed.map((x) => [x.url, x.state, x.inFlight, x.enabled, x.version]),
    [
      [a.url, 'online', 0, true, '0.3.64'],
      [b.url, 'online', 0, true, '0.3.64'],
    ],
  );
  assert.ok(listed[0]?.checkpoints.includes('ddcolor_modelscope.pth'));
});

test('failover: a backend killed mid-batch gives its photos back; it is used again once restarted', async () => {
  const a = await emulator({ serviceTimeMs: 150 });
  const b = await emulator({ serviceTimeMs: 150 });
  const lib = library([a.url, b.url]);
  await lib.addPhotos(12);
  const core = await openCore(lib);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  await waitForPhotos(core, (photos) => photos.filter((p) => p.job?.state === 'succeeded' && on(a.url)(p)).length >= 2, 'a few done on A');
  await a.kill();
  await waitForBackend(core, (x) => x.url === a.url && x.state === 'offline', 'A offline');
  const photos = await waitForPhotos(core, allSucceeded(12), 'the batch finished on B');
  assert.equal(lib.outputs().length, 12);
  assert.ok(photos.every((p) => p.job?.attempts === 1), `a lost backend is not the photo's fault: ${photos.map((p) => p.job?.attempts).join(',')}`);

  const again = await emulator({ port: a.port, serviceTimeMs: 150 });
  await waitForBackend(core, (x) => x.url === a.url && x.state === 'online', 'A back online');
  await lib.addPhotos(6, 'second');
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  const all = await waitForPhotos(core, allSucceeded(18), 'second batch');
  assert.ok(all.filter(on(a.url)).some((p) => p.name.startsWith('second')), 'the restarted backend got work again');
  assert.ok(executions(again) >= 1);
  assert.equal(lib.outputs().length, 18);
});

test('dropped WebSockets reconnect; prompts are followed to the end without running twice', async () => {
  const a = await emulator({ serviceTimeMs: 80 });
  const lib = library([a.url]);
  await lib.addPhotos(8);
  const core = await openCore(lib);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  await waitForPhotos(core, (photos) => photos.filter((p) => p.job?.state === 'succeeded').length >= 2, 'under way');
  a.faults.dropWebSockets();
  await waitForPhotos(core, (photos) => photos.filter((p) => p.job?.state === 'succeeded').length >= 5, 'still going');
  a.faults.dropWebSockets();
  const photos = await waitForPhotos(core, allSucceeded(8), 'all restored');
  assert.equal(executions(a), 8, 'each photo ran exactly once');
  assert.ok(photos.every((p) => p.job?.attempts === 1));
  assert.equal(lib.outputs().length, 8);
});

test('history that loses finished prompts: results still arrive (from the WebSocket), no photo runs twice', async () => {
  const a = await emulator({ serviceTimeMs: 40 });
  const lib = library([a.url]);
  await lib.addPhotos(6);
  const core = await openCore(lib);
  a.faults.loseHistory(3);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  await waitForPhotos(core, allSucceeded(6), 'all restored');
  assert.equal(maxPerImage(a), 1);
  assert.equal(lib.outputs().length, 6);
});

test('capability routing: a backend without DDColor_Colorize never gets a DDColor job', async () => {
  const full = await emulator({ serviceTimeMs: 30 });
  const bare = await emulator({ omitNodes: ['DDColor_Colorize'] });
  const lib = library([bare.url, full.url]);
  await lib.addPhotos(6);
  const core = await openCore(lib);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  const photos = await waitForPhotos(core, allSucceeded(6), 'all restored on the capable backend');
  assert.ok(photos.every(on(full.url)));
  assert.equal(bare.stats.prompts(), 0);
  assert.equal(bare.stats.uploads(), 0);
  const listed = await core.handlers['backends.list']({});
  const bareDto = listed.find((x) => x.url === bare.url);
  assert.equal(bareDto?.state, 'incompatible');
  assert.deepEqual(bareDto?.missingNodes, ['DDColor_Colorize']);
  assert.equal(bareDto?.message, `node DDColor_Colorize is not installed on ${bare.url}`);
});

test('a node missing on every backend fails the photo, naming what is missing where', async () => {
  const bare1 = await emulator({ omitNodes: ['DDColor_Colorize'] });
  const bare2 = await emulator({ omitNodes: ['DDColor_Colorize', 'SaveImage'] });
  const lib = library([bare1.url, bare2.url]);
  await lib.addPhotos(2);
  const core = await openCore(lib);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  const photos = await waitForPhotos(core, settled(2), 'failed');
  for (const photo of photos) {
    assert.equal(photo.job?.state, 'failed');
    assert.equal(photo.job?.error?.code, 'node-missing');
    assert.equal(
      photo.job?.error?.message,
      `No backend can run this photo: node DDColor_Colorize is not installed on ${bare1.url}; ` +
        `node DDColor_Colorize is not installed on ${bare2.url}; node SaveImage is not installed on ${bare2.url}.`,
    );
  }
  assert.equal(bare1.stats.prompts() + bare2.stats.prompts(), 0);
});

test('while no backend is up, photos stay queued; they start when one comes up', async () => {
  const gone = await startComfyEmulator();
  const { port, url } = gone;
  await gone.close();
  const lib = library([url]);
  await lib.addPhotos(2);
  const core = await openCore(lib);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  await waitForBackend(core, (x) => x.state === 'offline', 'offline');
  await core.waitForIdle();
  assert.deepEqual((await core.handlers['photos.list']({})).map((p) => p.job?.state), ['queued', 'queued']);
  await emulator({ port });
  await waitForPhotos(core, allSucceeded(2), 'restored once the backend is up');
});

test('hostile answers never crash: HTML for an image and an escaping file name are retried elsewhere or fail clearly', async () => {
  const hostile = await emulator();
  const good = await emulator({ serviceTimeMs: 20 });
  hostile.faults.setViewOverride(Buffer.from('<html>not an image</html>'));
  const lib = library([hostile.url, good.url]);
  await lib.addPhotos(6);
  const core = await openCore(lib);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  const photos = await waitForPhotos(core, allSucceeded(6), 'all restored in the end');
  assert.ok(photos.every(on(good.url)), 'results only ever came from the sane backend');
  assert.equal(lib.outputs().length, 6);

  const evil = await emulator();
  evil.faults.setOutputNameOverride('../../../escaped.png');
  const alone = library([evil.url]);
  await alone.addPhotos(1);
  const core2 = await openCore(alone);
  await core2.handlers['photos.importPaths']({ paths: [alone.album] });
  await core2.start();
  const [failed] = await waitForPhotos(core2, settled(1), 'failed after its attempts');
  assert.equal(failed?.job?.state, 'failed');
  assert.equal(failed?.job?.error?.code, 'comfy-bad-output');
  assert.match(failed?.job?.error?.message ?? '', /unsafe file name/);
  assert.equal(failed?.job?.attempts, 5);
  assert.deepEqual(alone.outputs(), []);
  assert.equal(existsSync(join(alone.dir, 'escaped.png')), false);
});

test('a backend answering 500 or uploading slowly: retried, the batch completes', async () => {
  const a = await emulator({ serviceTimeMs: 20 });
  a.faults.failRequests('/prompt', 2);
  a.faults.failRequests('/view', 1);
  a.faults.slowUploads(150);
  const lib = library([a.url]);
  await lib.addPhotos(4);
  const core = await openCore(lib);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  const photos = await waitForPhotos(core, allSucceeded(4), 'all restored');
  assert.equal(photos.reduce((n, p) => n + (p.job?.attempts ?? 0), 0), 7, 'three attempts met a 500');
  assert.equal(lib.outputs().length, 4);
});

test('the newer protocol (0.33: canonical client prompt ids, /api/jobs) and 0.3.64 side by side', async () => {
  const modern = await emulator({ protocol: '0.33', serviceTimeMs: 30 });
  const recorded = await emulator({ protocol: '0.3.64', serviceTimeMs: 30 });
  const lib = library([modern.url, recorded.url]);
  await lib.addPhotos(8);
  const core = await openCore(lib);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  const photos = await waitForPhotos(core, allSucceeded(8), 'all restored');
  assert.ok(photos.some(on(modern.url)) && photos.some(on(recorded.url)));
  const versions = (await core.handlers['backends.list']({})).map((x: BackendDto) => x.version);
  assert.deepEqual(versions, ['0.33.0', '0.3.64']);
  assert.equal(maxPerImage(modern, recorded), 1);
});

test('removing a backend gives its photos in flight back; add and disable work from the API', async () => {
  const slow = await emulator({ serviceTimeMs: 20_000 });
  const lib = library([slow.url]);
  await lib.addPhotos(3);
  const core = await openCore(lib);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  await waitForBackend(core, (x) => x.inFlight === 2, 'two prompts on the slow backend');
  const [slowDto] = await core.handlers['backends.list']({});
  assert.ok(slowDto);
  const removed = await core.handlers['backends.remove']({ id: slowDto.id });
  assert.equal(removed.released, 2);
  const fast = await emulator({ serviceTimeMs: 10 });
  const added = await core.handlers['backends.add']({ url: fast.url, name: 'Fast', headers: { 'X-Proxy-Key': 'k' } });
  assert.deepEqual([added.name, added.enabled, added.headers], ['Fast', true, { 'X-Proxy-Key': 'k' }]);
  const photos = await waitForPhotos(core, allSucceeded(3), 'restored on the new backend');
  assert.ok(photos.every(on(fast.url)));
  assert.ok(photos.every((p) => p.job?.attempts === 1), 'given back, not counted');
  await waitForBackend(core, (x) => x.url === fast.url && x.inFlight === 0, 'fast idle');

  const disabled = await core.handlers['backends.update']({ id: added.id, enabled: false });
  assert.equal(disabled.enabled, false);
  await lib.addPhotos(1, 'later');
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.waitForIdle();
  const later = (await core.handlers['photos.list']({})).find((p) => p.name.startsWith('later'));
  assert.equal(later?.job?.state, 'queued', 'a disabled backend gets no work');
  await core.handlers['backends.update']({ id: added.id, enabled: true });
  await waitForPhotos(core, allSucceeded(4), 'enabled again');
  await assert.rejects(core.handlers['backends.add']({ url: fast.url }), /already in the list/);
});

/** A client whose /object_info says `url` offers only these DDColor checkpoints (the emulator has all four). */
function onlyCheckpoints(url: string, checkpoints: string[]) {
  return (config: BackendConfig, clientId: string): ComfyClient => {
    const client = createComfyClient({ baseUrl: config.url, clientId, headers: { ...config.headers } });
    if (config.url !== url) return client;
    return {
      ...client,
      async objectInfo(signal) {
        const info = await client.objectInfo(signal);
        const ddcolor = info['DDColor_Colorize'];
        const required = { ...ddcolor?.input?.required, checkpoint: [checkpoints, {}] };
        return { ...info, DDColor_Colorize: { ...ddcolor, input: { ...ddcolor?.input, required } } };
      },
    };
  };
}

test('parameters are checked against the manifest and the backends; a job goes where its model is', async () => {
  const full = await emulator({ serviceTimeMs: 20 });
  const tiny = await emulator({ serviceTimeMs: 20 });
  const lib = library([tiny.url, full.url]);
  await lib.addPhotos(4);
  const core = await openCore(lib, { comfyClient: onlyCheckpoints(tiny.url, ['ddcolor_paper_tiny.pth']) });
  await core.start();
  // The default model (modelscope) is not on `tiny`: reachable, but incompatible with the selection.
  await waitForBackend(core, (x) => x.url === tiny.url && x.state === 'incompatible', 'tiny checked');
  await waitForBackend(core, (x) => x.url === full.url && x.state === 'online', 'full up');
  assert.deepEqual((await core.handlers['backends.list']({}))[0]?.checkpoints, ['ddcolor_paper_tiny.pth']);

  await assert.rejects(core.handlers['settings.update']({ workflowParams: { size: 500 } }), /size must be a multiple of 32 \(got 500\)/);
  await assert.rejects(core.handlers['settings.update']({ workflowParams: { size: 4096 } }), /size must be between 128 and 2048/);
  await core.handlers['settings.update']({ workflowParams: { checkpoint: 'ddcolor_artistic.pth' } });
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  const photos = await waitForPhotos(core, allSucceeded(4), 'restored where the artistic model is');
  assert.ok(photos.every(on(full.url)));
  assert.equal(tiny.stats.prompts(), 0);
  const [tinyDto] = await core.handlers['backends.list']({});
  assert.equal(tinyDto?.state, 'incompatible', 'the selected model is not there');
  assert.equal(tinyDto?.message, `model ddcolor_artistic.pth (DDColor_Colorize.checkpoint) is not available on ${tiny.url}`);

  const fullId = (await core.handlers['backends.list']({})).find((x) => x.url === full.url)?.id ?? '';
  await core.handlers['backends.update']({ id: fullId, enabled: false });
  await assert.rejects(
    core.handlers['settings.update']({ workflowParams: { checkpoint: 'ddcolor_paper.pth' } }),
    (error: Error & { code?: string }) =>
      error.code === 'invalid-parameters' &&
      error.message === `No backend that is up can run these parameters: model ddcolor_paper.pth (DDColor_Colorize.checkpoint) is not available on ${tiny.url}.`,
  );
  const saved = await core.handlers['settings.update']({ workflowParams: { checkpoint: 'ddcolor_paper_tiny.pth' } });
  assert.deepEqual(saved.workflowParams, { checkpoint: 'ddcolor_paper_tiny.pth' });
});

test('a graceful stop leaves accepted prompts running there; the next start collects their results', async () => {
  const a = await emulator({ serviceTimeMs: 300 });
  const lib = library([a.url]);
  await lib.addPhotos(4);
  let core = await lib.open();
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  await waitForBackend(core, (x) => x.inFlight === 2, 'two prompts on the backend');
  await waitForPhotos(core, (photos) => photos.filter((p) => p.job?.stage === 'waiting' || p.job?.stage === 'colorizing').length === 2, 'both accepted');
  await core.close();
  core = await openCore(lib);
  await core.start();
  await waitForPhotos(core, allSucceeded(4), 'all restored after the restart');
  assert.equal(executions(a), 4, 'the prompts in flight were not run again');
  assert.equal(lib.outputs().length, 4);
});

test('the end of a batch: an idle backend takes over a prompt still waiting behind another on a slow one', async () => {
  const slow = await emulator({ serviceTimeMs: 3_000 });
  const fast = await emulator({ serviceTimeMs: 50 });
  const lib = library([slow.url, fast.url]);
  await lib.addPhotos(3);
  const core = await openCore(lib);
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  const started = Date.now();
  await core.start();
  const photos = await waitForPhotos(core, allSucceeded(3), 'all restored');
  assert.equal(photos.filter(on(slow.url)).length, 1, 'the slow backend kept only the prompt it was running');
  assert.equal(photos.filter(on(fast.url)).length, 2);
  assert.ok(Date.now() - started < 5_500, 'nothing waited behind the slow prompt');
  assert.equal(executions(slow) + executions(fast), 3, 'the moved prompt never ran on the slow backend');
  assert.ok(photos.every((p) => p.job?.attempts === 1), 'moving a photo does not count as an attempt');
});

test('one failed health check of a busy backend does not take its photos away; a second one would', async () => {
  const a = await emulator({ serviceTimeMs: 150 });
  const lib = library([a.url]);
  await lib.addPhotos(10);
  const core = await openCore(lib, { healthCheckMs: 200 });
  const states: string[] = [];
  core.subscribe((event) => {
    if (event.name === 'backend.updated') states.push(event.payload.state);
  });
  await core.handlers['photos.importPaths']({ paths: [lib.album] });
  await core.start();
  await waitForPhotos(core, (photos) => photos.some((p) => p.job?.state === 'succeeded'), 'under way');
  a.faults.failRequests('/system_stats', 1);
  const photos = await waitForPhotos(core, allSucceeded(10), 'all restored');
  assert.ok(!states.includes('offline'), 'never reported offline');
  assert.ok(photos.every((p) => p.job?.attempts === 1));
  assert.equal(executions(a), 10, 'nothing ran twice');
});
