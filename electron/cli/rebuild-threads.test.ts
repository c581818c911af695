// Chroma mode's rebuild runs on worker threads in the product: the BUILT CLI (dist/cli/heirloom.js,
// plain Node) restores photos with the bundled dist/cli/rebuild-worker.js. Node emits 'worker' on
// the process for every worker thread started; a preload counts them (nothing else in the CLI
// starts worker threads).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { startComfyEmulator, type ComfyEmulator } from '../../e2e/comfyui-emulator';
import { APP_ROOT } from './paths';
import { REBUILD_WORKER, rebuildWorkerOption } from './rebuild-threads';

const CLI = join(APP_ROOT, 'dist', 'cli', 'heirloom.js');
let work: string;
let emulator: ComfyEmulator;

before(async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
  work = mkdtempSync(join(tmpdir(), 'heirloom-rebuild-threads-'));
  emulator = await startComfyEmulator();
});
after(async () => {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
});

const COUNT_WORKERS = `let started = 0;
process.on('worker', () => { started += 1; });
process.on('exit', () => process.stderr.write('worker threads started: ' + started + '\\n'));
`;

function runCli(args: string[], preload: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(preload).href, CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HEIRLOOM_DATA_DIR: '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** A grey gradient: 8-bit JPEG, or a 16-bit grey PNG scan. */
async function greyPhoto(path: string, depth: 8 | 16) {
  const width = 640;
  const height = 480;
  if (depth === 8) {
    const pixels = Buffer.alloc(width * height);
    for (let i = 0; i < pixels.length; i++) pixels[i] = 30 + ((i % width) >> 2);
    writeFileSync(path, await sharp(pixels, { raw: { width, height, channels: 1 } }).jpeg().toBuffer());
    return;
  }
  const pixels = new Uint16Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 8000 + (i % width) * 80 + Math.floor(i / width);
  writeFileSync(path, await sharp(Buffer.from(pixels.buffer), { raw: { width, height, channels: 1 } }).toColourspace('grey16').png().toBuffer());
}

void test('the CLI finds its bundled rebuild worker, and runs without one when it is not built', () => {
  assert.equal(REBUILD_WORKER, join(APP_ROOT, 'dist', 'cli', 'rebuild-worker.js'));
  assert.equal(typeof rebuildWorkerOption().startRebuildWorker, 'function', 'npm run build wrote dist/cli/rebuild-worker.js');
  assert.deepEqual(rebuildWorkerOption(join(work, 'not-built.js')), {});
});

void test('restore in chroma mode: the built CLI rebuilds on its worker threads, exits, and the results are in colour', async () => {
  const album = join(work, 'album');
  mkdirSync(album, { recursive: true });
  await greyPhoto(join(album, 'print.jpg'), 8);
  await greyPhoto(join(album, 'scan.png'), 16);
  const preload = join(work, 'count-workers.mjs');
  writeFileSync(preload, COUNT_WORKERS);
  const out = join(work, 'out');

  const run = await runCli(['restore', album, '--backend', emulator.url, '--out', out, '--data', join(work, 'data'), '--workflow', 'ddcolor-portrait'], preload);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Restored 2, failed 0/);
  const started = Number(/worker threads started: (\d+)/.exec(run.stderr)?.[1]);
  // One pool of at most cores − 1 threads (at least one), started on the first chroma photo.
  assert.ok(started >= 1 && started <= Math.max(1, availableParallelism() - 1), `worker threads started: ${started}`);
  assert.deepEqual(readdirSync(out).sort(), ['print.colorized.png', 'scan.colorized.png']);
  for (const name of ['print.colorized.png', 'scan.colorized.png']) {
    const stats = await sharp(join(out, name)).stats();
    assert.ok(Math.abs((stats.channels[0]?.mean ?? 0) - (stats.channels[2]?.mean ?? 0)) > 1, `${name} has colour`);
  }
  const scan = await sharp(join(out, 'scan.colorized.png')).metadata();
  assert.deepEqual([scan.width, scan.height, scan.depth], [640, 480, 'ushort'], 'full resolution, 16 bits kept');
});
