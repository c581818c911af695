// Runs the BUILT CLI (`node dist/cli/heirloom.js serve`) as a child under plain Node, exactly as
// a user would, and waits for the line that names its URL.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CLI_PATH, REPO_ROOT } from './paths';

export interface HeirloomServeOptions {
  dataDir: string;
  outDir: string;
  /** One or more ComfyUI URLs (`--backend`, repeated). */
  backendUrl: string | readonly string[];
  /** 0 picks a free port. */
  port?: number;
}

export interface HeirloomProcess {
  url: string;
  /** Everything the child printed so far (stdout and stderr interleaved). */
  log(): string;
  /** SIGTERM (the CLI closes the host and the core), SIGKILL if it has not exited in 10 s. */
  stop(): Promise<void>;
}

const LISTENING = /Heirloom browser host listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 30_000;

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startHeirloom(options: HeirloomServeOptions): Promise<HeirloomProcess> {
  const backends = (typeof options.backendUrl === 'string' ? [options.backendUrl] : options.backendUrl).flatMap((url) => ['--backend', url]);
  const args = [CLI_PATH, 'serve', '--port', String(options.port ?? 0), '--data', options.dataDir, '--out', options.outDir, ...backends];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`heirloom serve printed no URL within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`heirloom serve exited (${signal ?? code}) before listening:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stopChild(child);
    throw error;
  });
  return { url, log: () => output, stop: () => stopChild(child) };
}
