// ComfyUI emulator (test infrastructure): the command line starts, serves, and stops on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

test('cli: banner, serves with the given options, exits 0 on SIGTERM', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--protocol', '0.33', '--omit-node', 'DDColor_Colorize', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let output = '';
  const banner = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /ComfyUI emulator \(test infrastructure\) listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`cli exited early with ${String(code)}: ${output}`)));
  });
  const url = await banner;
  const stats = (await (await fetch(`${url}/system_stats`)).json()) as { system: { comfyui_version: string } };
  assert.equal(stats.system.comfyui_version, '0.33.0');
  assert.deepEqual(await (await fetch(`${url}/object_info/DDColor_Colorize`)).json(), {});
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0);
  assert.match(output, /SIGTERM: shutting down/);
});

test('cli: bad arguments are refused with a clear message', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--service-ms', 'soon'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 2);
  assert.match(errors, /--service-ms must be a non-negative integer, got "soon"/);
});
