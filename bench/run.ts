// Entry of `npm run bench -- <name> [args]` (tsx bench/run.ts). See lib/cli.ts and BENCHMARKS.md.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './lib/cli';

const abort = new AbortController();
// First Ctrl-C: finish the current round, clean up (temp files, Redis keys) and stop; second: exit now.
process.on('SIGINT', () => {
  if (abort.signal.aborted) process.exit(130);
  abort.abort(new Error('interrupted (Ctrl-C)'));
});

process.exitCode = await runCli(process.argv.slice(2), {
  dir: dirname(fileURLToPath(import.meta.url)),
  out: (line) => process.stdout.write(`${line}\n`),
  signal: abort.signal,
});
