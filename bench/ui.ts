// Issue 6: the library UI with 10,000 photos. Time to the first painted grid and long tasks
// (> 50 ms) while scrolling from the top to the bottom, measured in Debian's Chromium against
// the built browser host (`node dist/cli/heirloom.js serve`). Targets: first paint < 1 s, zero
// long tasks. Figures and how to read them: BENCHMARKS.md, "ui".
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import type { BenchContext, BenchResult } from './lib/benchmark';
import { median } from './lib/stats';
import { measurePage } from './ui/measure-page';
import type { PageMeasurement } from './ui/measure-page';
import { parseUiOptions } from './ui/options';
import { seedLibrary } from './ui/seed';

export const description = 'library UI with 10,000 photos in Chromium: time to the first painted grid, long tasks while scrolling to the end';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'heirloom.js');
const CHROMIUM = process.env['HEIRLOOM_CHROMIUM'] ?? '/usr/bin/chromium';
export const TARGET_FIRST_PAINT_MS = 1_000;
export const TARGET_LONG_TASKS = 0;

/** A port nothing listens on: the library's ComfyUI is "down", so nothing is dispatched while measuring. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function serve(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir, '--backend', `http://127.0.0.1:${await deadPort()}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => reject(new Error(`heirloom serve exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function run({ args, log, signal }: BenchContext): Promise<BenchResult> {
  const options = parseUiOptions(args);
  for (const needed of [CLI, join(ROOT, 'dist', 'renderer', 'index.html')]) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: run \`npm run build\` first`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (install chromium or set HEIRLOOM_CHROMIUM)`);

  const seeded = await seedLibrary(join(ROOT, 'bench', '.cache'), join(ROOT, 'workflows'), options.photos, log, signal);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const chromiumVersion = browser.version();
  // The 1-minute load average when each round starts: on a shared 2-core machine, other work
  // turns into long tasks here (a task is "long" by wall time), so every figure says how busy it was.
  const rounds: (PageMeasurement & { load: number })[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      signal.throwIfAborted();
      // Each round on a fresh copy: the host's start-up (recovery, probes) must not change the seed.
      const dataDir = await mkdtemp(join(tmpdir(), 'heirloom-bench-ui-'));
      await copyFile(seeded.database, join(dataDir, 'heirloom.sqlite'));
      const host = await serve(dataDir);
      try {
        const load = loadavg()[0] ?? 0;
        const measured = await measurePage(browser, host.url, options.step);
        rounds.push({ ...measured, load });
        log(
          `round ${round} (load ${load.toFixed(1)}): first grid paint ${measured.firstPaintMs.toFixed(0)} ms, whole library in ${measured.completeMs.toFixed(0)} ms; scrolled ${measured.scrolledPx} px in ${measured.frames} frames ` +
            `(longest frame ${measured.maxFrameMs.toFixed(0)} ms); long tasks ${measured.longTasks}${measured.longTasks > 0 ? ` (longest ${measured.longestTaskMs.toFixed(0)} ms)` : ''}`,
        );
      } finally {
        await host.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }

  const firstPaint = median(rounds.map((r) => r.firstPaintMs));
  const longTasks = Math.max(...rounds.map((r) => r.longTasks));
  const pass = firstPaint < TARGET_FIRST_PAINT_MS && longTasks <= TARGET_LONG_TASKS;
  log(`first painted grid ${firstPaint.toFixed(0)} ms (median of ${rounds.length}; target < ${TARGET_FIRST_PAINT_MS}); long tasks while scrolling: ${longTasks} (worst round; target ${TARGET_LONG_TASKS}) — ${pass ? 'PASS' : 'FAIL'}`);
  return {
    photos: options.photos,
    first_paint_ms: Math.round(firstPaint),
    long_tasks: longTasks,
    pass,
    target_first_paint_ms: TARGET_FIRST_PAINT_MS,
    target_long_tasks: TARGET_LONG_TASKS,
    rounds: rounds.map((r) => ({
      first_paint_ms: Math.round(r.firstPaintMs),
      library_complete_ms: Math.round(r.completeMs),
      long_tasks: r.longTasks,
      longest_task_ms: Math.round(r.longestTaskMs),
      scrolled_px: r.scrolledPx,
      frames: r.frames,
      max_frame_ms: Math.round(r.maxFrameMs),
      load_avg_1m: Math.round(r.load * 10) / 10,
    })),
    scroll_step_px: options.step,
    machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? 'unknown', node: process.version, chromium: chromiumVersion },
  };
}
