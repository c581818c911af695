// `npm run bench -- <name> [args]`: finds bench/<name>.ts, runs it, and always ends stdout with
// the result as ONE JSON line (also on failure), so scripts can read the last line.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isBenchmarkModule, type BenchmarkModule, type BenchResult } from './benchmark';

export interface CliOptions {
  /** Folder whose top-level `<name>.ts` files are the benchmarks (helpers live in sub-folders). */
  readonly dir: string;
  readonly out: (line: string) => void;
  readonly signal: AbortSignal;
}

/** Exit codes: 0 ran, 1 the benchmark failed, 2 no such benchmark. */
export type ExitCode = 0 | 1 | 2;

const NAME = /^[a-z][a-z0-9-]*$/;
const NOT_A_BENCHMARK = new Set(['run']);

export async function listBenchmarks(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => entry.name.slice(0, -'.ts'.length))
    .filter((name) => NAME.test(name) && !NOT_A_BENCHMARK.has(name))
    .sort();
}

async function load(dir: string, name: string): Promise<BenchmarkModule> {
  const module: unknown = await import(pathToFileURL(join(dir, `${name}.ts`)).href);
  if (!isBenchmarkModule(module)) throw new Error(`bench/${name}.ts must export \`description\` (string) and \`run(context)\``);
  return module;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runCli(argv: readonly string[], options: CliOptions): Promise<ExitCode> {
  const { dir, out, signal } = options;
  const [name, ...args] = argv;
  const available = await listBenchmarks(dir);

  if (name === undefined || !available.includes(name)) {
    out(name === undefined ? 'Usage: npm run bench -- <name> [args]' : `Unknown benchmark "${name}".`);
    out('Available benchmarks:');
    for (const candidate of available) {
      const description = await load(dir, candidate).then(
        (module) => module.description,
        (error: unknown) => `(cannot load: ${messageOf(error)})`,
      );
      out(`  ${candidate.padEnd(16)} ${description}`);
    }
    out(JSON.stringify({ error: name === undefined ? 'no benchmark named' : `unknown benchmark "${name}"`, available }));
    return 2;
  }

  let result: BenchResult;
  try {
    const module = await load(dir, name);
    result = await module.run({ args, log: out, signal });
  } catch (error) {
    out(`bench ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    out(JSON.stringify({ benchmark: name, error: messageOf(error) }));
    return 1;
  }
  out(JSON.stringify({ benchmark: name, ...result }));
  return 0;
}
