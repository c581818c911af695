// The emulated ComfyUI in its own process (npm run emulator), as a real backend is: its event loop
// and its PNG encoding do not share the benchmark's thread (they do share the 2 cores).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface EmulatorProcess {
  readonly url: URL;
  /** CPU time (user + system) the emulator process has used so far, in ms; null off Linux. */
  cpuMs(): Promise<number | null>;
  stop(): Promise<void>;
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
async function procCpuMs(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * 10 : null;
}

export async function startEmulatorProcess(repo: string, options: { serviceMs: number; signal: AbortSignal }): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'e2e', 'comfyui-emulator', 'cli.ts'), '--port', '0', '--quiet', '--service-ms', String(options.serviceMs)], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const lines = createInterface({ input: child.stdout });
    const banner = new Promise<URL>((resolve, reject) => {
      lines.on('line', (line) => {
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match?.[1]) resolve(new URL(match[1]));
      });
      void exited.then(([code]) => reject(new Error(`the emulator exited (code ${String(code)}) before it listened`)));
      options.signal.addEventListener('abort', () => reject(options.signal.reason), { once: true });
    });
    const pid = child.pid;
    return { url: await banner, stop, cpuMs: () => (pid === undefined ? Promise.resolve(null) : procCpuMs(pid)) };
  } catch (error) {
    await stop();
    throw error;
  }
}
