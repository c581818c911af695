// Crash test (`npm run test:crash`, part of `npm test`): the BUILT CLI restores a batch against
// the ComfyUI emulator while this harness kills it with SIGKILL at random moments — half of them
// right after ComfyUI accepted a prompt, i.e. between submission and result download — and starts
// it again. At the end every photo must have exactly one output file, no job may be lost or
// stuck, the database must pass integrity_check, and the emulator must have executed no photo
// more often than the kills can explain. Prints its figures; the last line is JSON.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { startComfyEmulator } from '../comfyui-emulator';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'heirloom.js');
const PHOTOS = Number(process.env.HEIRLOOM_CRASH_PHOTOS ?? 200);
const KILLS = Number(process.env.HEIRLOOM_CRASH_KILLS ?? 24);
/** Seeded so a failing run can be replayed: HEIRLOOM_CRASH_SEED=<n>. */
const SEED = Number(process.env.HEIRLOOM_CRASH_SEED ?? Date.now() % 100_000);
/** Emulated GPU time per photo: long enough that kills land inside prompts, short enough to stay within minutes. */
const SERVICE_MS = 15;

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);

async function makeAlbum(dir: string) {
  for (let i = 0; i < PHOTOS; i++) {
    const sub = join(dir, `roll-${Math.floor(i / 50)}`);
    mkdirSync(sub, { recursive: true });
    const width = 64;
    const height = 48;
    const pixels = Buffer.alloc(width * height);
    for (let p = 0; p < pixels.length; p++) pixels[p] = (i * 7 + p * ((i % 5) + 1)) & 0xff;
    writeFileSync(join(sub, `photo-${String(i).padStart(3, '0')}.png`), await sharp(pixels, { raw: { width, height, channels: 1 } }).png().toBuffer());
  }
}

function startCli(args: string[]): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

function listOutputs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

async function main(): Promise<number> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const work = mkdtempSync(join(tmpdir(), 'heirloom-crash-'));
  const album = join(work, 'album');
  const out = join(work, 'out');
  const data = join(work, 'data');
  const emulator = await startComfyEmulator({ serviceTimeMs: SERVICE_MS });
  const started = Date.now();
  try {
    await makeAlbum(album);
    const args = ['restore', album, '--backend', emulator.url, '--out', out, '--data', data, '--offline-timeout', '30'];
    let kills = 0;
    let killsAfterSubmit = 0;
    let runs = 0;
    let finalCode: number | null = null;
    while (finalCode === null) {
      runs++;
      const run = startCli(args);
      if (kills < KILLS) {
        const afterSubmit = kills % 2 === 1;
        const promptsAtStart = emulator.stats.prompts();
        const target = promptsAtStart + 1 + Math.floor(random() * 4);
        const delay = 150 + random() * 1200;
        let killed = false;
        const kill = () => {
          if (killed || run.child.exitCode !== null) return;
          killed = true;
          run.child.kill('SIGKILL');
        };
        const watcher = setInterval(() => {
          if (afterSubmit && emulator.stats.prompts() >= target) kill();
        }, 1);
        const timer = afterSubmit ? setTimeout(kill, 10_000) : setTimeout(kill, delay);
        const code = await run.exited;
        clearInterval(watcher);
        clearTimeout(timer);
        if (killed) {
          kills++;
          if (afterSubmit) killsAfterSubmit++;
          continue;
        }
        finalCode = code;
      } else {
        finalCode = await run.exited;
      }
      if (finalCode !== 0) console.error(run.output());
    }

    const outputs = listOutputs(out);
    const perPhoto = new Map<string, number>();
    for (const file of outputs) {
      const photo = file.replace(/\.colorized( \(\d+\))?\.png$/, '');
      perPhoto.set(photo, (perPhoto.get(photo) ?? 0) + 1);
    }
    const strays = outputs.filter((file) => !/^roll-\d+\/photo-\d{3}\.colorized\.png$/.test(file));
    const duplicates = [...perPhoto.values()].filter((n) => n > 1).length;
    const db = new Database(join(data, 'heirloom.sqlite'), { readonly: true });
    const integrityOk = db.pragma('integrity_check', { simple: true }) === 'ok';
    const states = db.prepare(`SELECT state, COUNT(*) AS n FROM jobs GROUP BY state`).all() as Array<{ state: string; n: number }>;
    db.close();
    const succeeded = states.find((s) => s.state === 'succeeded')?.n ?? 0;
    const jobs = states.reduce((sum, s) => sum + s.n, 0);
    const lost = PHOTOS - Math.min(PHOTOS, perPhoto.size) + (PHOTOS - succeeded);
    const executions = [...emulator.stats.executionsByImage().values()];
    const reexecutions = executions.reduce((sum, n) => sum + Math.max(0, n - 1), 0);

    const figures = {
      photos: PHOTOS,
      runs,
      kills,
      kills_after_submit: killsAfterSubmit,
      executions: executions.reduce((a, b) => a + b, 0),
      reexecutions,
      duplicates,
      stray_files: strays.length,
      lost,
      jobs,
      job_states: Object.fromEntries(states.map((s) => [s.state, s.n])),
      integrity_ok: integrityOk,
      final_exit_code: finalCode,
      seed: SEED,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    const problems = [
      kills < 20 && `only ${kills} kills happened (the batch finished too early)`,
      finalCode !== 0 && `the last run exited ${finalCode}`,
      lost > 0 && `${lost} photos lost or not finished`,
      duplicates > 0 && `${duplicates} photos have more than one output`,
      strays.length > 0 && `stray files in the output: ${strays.slice(0, 5).join(', ')}`,
      jobs !== PHOTOS && `${jobs} jobs for ${PHOTOS} photos`,
      !integrityOk && 'integrity_check failed',
      reexecutions > kills && `${reexecutions} re-executions for ${kills} kills`,
    ].filter(Boolean);
    console.log(`crash test: ${PHOTOS} photos, ${kills} SIGKILLs (${killsAfterSubmit} right after a prompt was accepted), ${runs} runs, ${figures.seconds} s`);
    console.log(`  executions ${figures.executions}, re-executions ${reexecutions}, duplicates ${duplicates}, lost ${lost}, integrity ${integrityOk ? 'ok' : 'FAILED'}`);
    for (const problem of problems) console.log(`  FAIL: ${problem}`);
    console.log(problems.length === 0 ? '1 passed, 0 failed' : '0 passed, 1 failed');
    console.log(JSON.stringify(figures));
    return problems.length === 0 ? 0 : 1;
  } finally {
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
