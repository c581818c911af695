// Runs the BUILT CLI (dist/cli/heirloom.js) under plain Node against the ComfyUI emulator: the
// second guard (after lint) that the core never needs Electron.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { startComfyEmulator, type ComfyEmulator } from '../../e2e/comfyui-emulator';
import { openDatabase } from '../core/db/open-database';
import { APP_ROOT } from './paths';

const CLI = join(APP_ROOT, 'dist', 'cli', 'heirloom.js');
let work: string;
let emulator: ComfyEmulator;

before(async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
  work = mkdtempSync(join(tmpdir(), 'heirloom-cli-'));
  emulator = await startComfyEmulator();
});
after(async () => {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HEIRLOOM_DATA_DIR: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function grayPhoto(path: string, shade: number) {
  mkdirSync(join(path, '..'), { recursive: true });
  const width = 320;
  const height = 240;
  const pixels = Buffer.alloc(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (shade + ((i % width) >> 2)) & 0xff;
  writeFileSync(path, await sharp(pixels, { raw: { width, height, channels: 1 } }).jpeg().toBuffer());
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

test('restore: a folder is restored into a mirrored tree; a rerun skips what is done', async () => {
  const album = join(work, 'Grandma');
  await grayPhoto(join(album, '奶奶的照片.jpg'), 40);
  await grayPhoto(join(album, '1950s', 'wedding day.jpg'), 90);
  await grayPhoto(join(album, '1950s', 'Thumbs.db'), 10);
  const originals = listFiles(album).map((f) => readFileSync(join(album, f)));
  const out = join(work, 'out');
  const data = join(work, 'data');

  const first = await runCli(['restore', album, '--backend', emulator.url, '--out', out, '--data', data]);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(listFiles(out), ['1950s/wedding day.colorized.png', '奶奶的照片.colorized.png']);
  const meta = await sharp(join(out, '奶奶的照片.colorized.png')).stats();
  assert.equal(meta.isOpaque, true);
  assert.ok(Math.abs((meta.channels[0]?.mean ?? 0) - (meta.channels[2]?.mean ?? 0)) > 1, 'the result has colour');
  assert.match(first.stderr, /Restored 2, failed 0/);
  assert.deepEqual(listFiles(album).map((f) => readFileSync(join(album, f))), originals, 'originals untouched');

  const executions = emulator.stats.executions();
  const rerun = await runCli(['restore', album, '--backend', emulator.url, '--out', out, '--data', data]);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stderr, /2 already restored, skipped/);
  assert.equal(emulator.stats.executions(), executions, 'nothing ran again');
  assert.equal(listFiles(out).length, 2);
});

test('restore: bad files are listed with a reason and the exit code says so', async () => {
  const album = join(work, 'mixed');
  await grayPhoto(join(album, 'good.jpg'), 120);
  mkdirSync(album, { recursive: true });
  writeFileSync(join(album, 'letter.jpg'), 'Dear family, …');
  writeFileSync(join(album, 'empty.png'), '');
  writeFileSync(join(album, 'Thumbs.db'), 'junk');
  const result = await runCli(['restore', album, '--backend', emulator.url, '--out', join(work, 'mixed-out'), '--data', join(work, 'mixed-data')]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /2 files could not be imported, 1 were left out on purpose \(listed at the end\)/);
  // The run ends with every file that did not go through, each with its reason, then the summary.
  const tail = result.stderr.trimEnd().split('\n').slice(-6);
  assert.deepEqual(tail.slice(0, 5), [
    'Not imported (2):',
    '  empty.png — The file is empty (0 bytes).',
    '  letter.jpg — Named like a photo, but the content is not JPEG, PNG, TIFF, WebP or HEIC.',
    'Left out on purpose (1):',
    '  Thumbs.db — System file, not a photo.',
  ]);
  assert.match(tail[5] ?? '', /^Restored 1, failed 0, already done 0, rejected 2, left out 1\. Output: /);
});

test('restore --no-recursive: only the folder itself; its sub-folders are listed as left out', async () => {
  const album = join(work, 'flat');
  await grayPhoto(join(album, 'top.jpg'), 60);
  await grayPhoto(join(album, '1962', 'deep.jpg'), 65);
  const out = join(work, 'flat-out');
  const result = await runCli(['restore', album, '--no-recursive', '--backend', emulator.url, '--out', out, '--data', join(work, 'flat-data')]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(listFiles(out), ['top.colorized.png']);
  assert.match(result.stderr, /Left out on purpose \(1\):\n {2}1962 — Sub-folder not imported \(the import was not recursive\)\./);

  const deep = await runCli(['restore', album, '--backend', emulator.url, '--out', out, '--data', join(work, 'flat-data')]);
  assert.equal(deep.code, 0, deep.stderr);
  assert.deepEqual(listFiles(out), ['1962/deep.colorized.png', 'top.colorized.png'], 'recursive by default');
});

test('restore: a backend without DDColor fails the photo with what is missing', async () => {
  const bare = await startComfyEmulator({ omitNodes: ['DDColor_Colorize'] });
  try {
    const album = join(work, 'no-ddcolor');
    await grayPhoto(join(album, 'a.jpg'), 70);
    const result = await runCli(['restore', album, '--backend', bare.url, '--out', join(work, 'nd-out'), '--data', join(work, 'nd-data')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`node DDColor_Colorize is not installed on ${bare.url.replace(/[.]/g, '\\.')}`));
    // …and the list at the end names the photo and says why.
    assert.match(result.stderr, new RegExp(`Not restored \\(1\\):\\n {2}a\\.jpg — .*DDColor_Colorize is not installed`));
  } finally {
    await bare.close();
  }
});

test('restore: a library another Heirloom has open is refused with a clear message; nothing is imported or run', async () => {
  const album = join(work, 'in-use');
  await grayPhoto(join(album, 'a.jpg'), 60);
  const data = join(work, 'in-use-data');
  const out = join(work, 'in-use-out');
  const args = ['restore', album, '--backend', emulator.url, '--out', out, '--data', data];
  const app = openDatabase(join(data, 'heirloom.sqlite'), { now: Date.now }); // the app has it open
  try {
    const executions = emulator.stats.executions();
    const refused = await runCli(args);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /This library is open in another Heirloom .*Nothing was changed/);
    assert.equal(emulator.stats.executions(), executions, 'nothing ran');
    assert.equal((app.prepare(`SELECT COUNT(*) AS n FROM photos`).get() as { n: number }).n, 0, 'nothing imported');
    assert.equal(existsSync(out) && listFiles(out).length > 0, false, 'no output');
  } finally {
    app.close();
  }
  const once = await runCli(args);
  assert.equal(once.code, 0, `runs once the app has let go: ${once.stderr}`);
  assert.deepEqual(listFiles(out), ['a.colorized.png']);
});

test('restore: an unreachable backend keeps the photos queued and exits 3', async () => {
  const gone = await startComfyEmulator();
  const url = gone.url;
  await gone.close();
  const album = join(work, 'offline');
  await grayPhoto(join(album, 'a.jpg'), 50);
  const result = await runCli(['restore', album, '--backend', url, '--out', join(work, 'off-out'), '--data', join(work, 'off-data'), '--offline-timeout', '1']);
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /not reachable/);
  assert.match(result.stderr, /1 photos stay queued/);
});

test('restore: any API-format workflow file works with built-in nodes', async () => {
  const album = join(work, 'custom');
  await grayPhoto(join(album, 'a.jpg'), 30);
  const workflow = join(work, 'invert.json');
  writeFileSync(
    workflow,
    JSON.stringify({
      '1': { class_type: 'LoadImage', inputs: { image: 'example.png' } },
      '2': { class_type: 'ImageInvert', inputs: { image: ['1', 0] } },
      '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'custom' } },
    }),
  );
  const result = await runCli(['restore', album, '--backend', emulator.url, '--workflow', workflow, '--out', join(work, 'c-out'), '--data', join(work, 'c-data')]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(listFiles(join(work, 'c-out')), ['a.colorized.png']);
});

test('usage errors exit 2 with help', async () => {
  const result = await runCli(['restore']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Usage:/);
});

test('restore: --backend is repeatable and the photos are spread over every backend', async () => {
  const second = await startComfyEmulator({ serviceTimeMs: 50 });
  try {
    const album = join(work, 'two-backends');
    for (let i = 0; i < 6; i++) await grayPhoto(join(album, `p${i}.jpg`), 20 + i * 30);
    const before = emulator.stats.prompts();
    const result = await runCli(['restore', album, '--backend', emulator.url, '--backend', second.url, '--out', join(work, 'two-out'), '--data', join(work, 'two-data')]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Restored 6, failed 0/);
    assert.equal(listFiles(join(work, 'two-out')).length, 6);
    assert.ok(emulator.stats.prompts() > before && second.stats.prompts() > 0, 'both backends got photos');
  } finally {
    await second.close();
  }
});

test('restore: a --backend that is not an http(s) URL is a usage error', async () => {
  const result = await runCli(['restore', work, '--backend', 'ftp://nas/comfy']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--backend must be an http:\/\/ or https:\/\/ URL, not "ftp:\/\/nas\/comfy"/);
});
