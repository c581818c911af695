// Issue 5: album import throughput against a bare sharp loop making the same thumbnails with the
// same concurrency (the ceiling), and the peak RSS of importing a 10,000-photo album. Figures and
// how to read them: BENCHMARKS.md, "import".
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { bareSharpLoop } from './import/bare-sharp';
import { ensureAlbum } from './import/corpus';
import { heirloomImport } from './import/heirloom';
import { parseImportOptions } from './import/options';
import type { BenchContext, BenchResult } from './lib/benchmark';
import { formatRate, median, perSecond, ratio } from './lib/stats';

export const description = 'album import (walk, hash, validate, thumbnail, SQLite) vs a bare sharp thumbnail loop; peak RSS of a 10,000-photo import';

const here = dirname(fileURLToPath(import.meta.url));

/** Wall time and CPU time (all threads of this process: sharp's decodes included), in ms. */
async function measured(work: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

async function inTempDir<T>(label: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `heirloom-bench-${label}-`));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface ChildReport {
  counts: { imported: number; failed: number };
  rescan: { unchanged: number };
  importSeconds: number;
  rescanSeconds: number;
  maxRssMb: number;
}

/** The 10k import in a process of its own, so its peak RSS is not the bench's. */
function importInChild(albumRoot: string, dataDir: string, concurrency: number, signal: AbortSignal): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, join(here, 'import', 'child.ts'), albumRoot, dataDir, String(concurrency)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      signal,
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as ChildReport);
      else reject(new Error(`the 10k import child exited with ${code}: ${out.slice(-500)}`));
    });
  });
}

export async function run({ args, log, signal }: BenchContext): Promise<BenchResult> {
  const options = parseImportOptions(args);
  const cpu = cpus();
  log(`import benchmark on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}); load average ${(loadavg()[0] ?? 0).toFixed(2)}`);

  const cache = (name: string, count: number) => join(here, '.cache', `import-${name}-${count}`);
  const big = await ensureAlbum(cache('6mp', options.photos), { count: options.photos, width: 3000, height: 2000, quality: 90 }, log, signal);
  const small = await ensureAlbum(cache('0.5mp', options.small), { count: options.small, width: 864, height: 576, quality: 88 }, log, signal);
  log(`albums: ${options.photos} × 6 MP JPEG (${(big.bytes / 1e9).toFixed(2)} GB), ${options.small} × 0.5 MP JPEG (${(small.bytes / 1e9).toFixed(2)} GB), both read once so the page cache is warm`);
  log(`concurrency ${options.concurrency} in both subjects; ${options.rounds} measured rounds each, alternating; medians reported`);

  const bare: Array<{ wallMs: number; cpuMs: number }> = [];
  const ours: Array<{ wallMs: number; cpuMs: number }> = [];
  const line = (label: string, run: { wallMs: number; cpuMs: number }) =>
    `${label} ${formatRate(perSecond(options.photos, run.wallMs))} photos/s (${(run.wallMs / 1000).toFixed(1)} s, ${(run.cpuMs / options.photos).toFixed(1)} ms CPU per photo)`;
  for (let round = 1; round <= options.rounds; round++) {
    signal.throwIfAborted();
    bare.push(await inTempDir('bare', (dir) => measured(() => bareSharpLoop(big.files, dir, options.concurrency))));
    log(line(`  round ${round}: bare sharp`, bare.at(-1) as { wallMs: number; cpuMs: number }));
    signal.throwIfAborted();
    ours.push(
      await inTempDir('import', (dir) =>
        measured(async () => {
          const counts = await heirloomImport(big.root, dir, options.concurrency);
          if (counts.imported !== options.photos) throw new Error(`Heirloom imported ${JSON.stringify(counts)}, expected ${options.photos} photos`);
        }),
      ),
    );
    log(line(`  round ${round}: Heirloom  `, ours.at(-1) as { wallMs: number; cpuMs: number }));
  }
  const bareRate = perSecond(options.photos, median(bare.map((r) => r.wallMs)));
  const heirloomRate = perSecond(options.photos, median(ours.map((r) => r.wallMs)));
  const ratioVsBare = ratio(heirloomRate, bareRate);
  const bareCpu = median(bare.map((r) => r.cpuMs)) / options.photos;
  const heirloomCpu = median(ours.map((r) => r.cpuMs)) / options.photos;
  log(
    `6 MP: bare sharp ${bareRate.toFixed(1)} photos/s, Heirloom ${heirloomRate.toFixed(1)} photos/s → ratio ${ratioVsBare} (target ≥ 0.9); ` +
      `CPU per photo ${bareCpu.toFixed(1)} vs ${heirloomCpu.toFixed(1)} ms → CPU ratio ${ratio(bareCpu, heirloomCpu)}`,
  );

  signal.throwIfAborted();
  const child = await inTempDir('10k', (dir) => importInChild(small.root, dir, options.concurrency, signal));
  if (child.counts.imported !== options.small || child.rescan.unchanged !== options.small) throw new Error(`10k import: ${JSON.stringify(child)}`);
  log(
    `${options.small} × 0.5 MP: imported in ${child.importSeconds.toFixed(1)} s (${(options.small / child.importSeconds).toFixed(0)} photos/s), ` +
      `rescan (nothing changed) ${child.rescanSeconds.toFixed(1)} s, peak RSS ${child.maxRssMb.toFixed(0)} MB (target < 500 MB)`,
  );

  return {
    ratio_vs_bare_sharp: ratioVsBare,
    peak_rss_mb_10k: Math.round(child.maxRssMb),
    heirloom_photos_per_s: Math.round(heirloomRate * 10) / 10,
    bare_sharp_photos_per_s: Math.round(bareRate * 10) / 10,
    cpu_ratio_vs_bare_sharp: ratio(bareCpu, heirloomCpu),
    heirloom_cpu_ms_per_photo: Math.round(heirloomCpu * 10) / 10,
    bare_sharp_cpu_ms_per_photo: Math.round(bareCpu * 10) / 10,
    import_10k_s: Math.round(child.importSeconds * 10) / 10,
    rescan_10k_s: Math.round(child.rescanSeconds * 10) / 10,
    config: { photos_6mp: options.photos, photos_small: options.small, rounds: options.rounds, concurrency: options.concurrency, cpus: cpu.length },
  };
}
