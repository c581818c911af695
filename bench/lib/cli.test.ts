import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { listBenchmarks, runCli } from './cli';

// A folder of benchmark modules as bench/ would hold them, plus files that are not benchmarks.
const dir = mkdtempSync(join(tmpdir(), 'heirloom-bench-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'ok.ts'),
  `export const description = 'adds up';
   export async function run(context) { context.log('working'); return { sum: 1 + Number(context.args[0] ?? 0) }; }`,
);
writeFileSync(join(dir, 'fails.ts'), `export const description = 'always fails'; export async function run() { throw new Error('out of disk'); }`);
writeFileSync(join(dir, 'shapeless.ts'), `export const answer = 42;`);
writeFileSync(join(dir, 'run.ts'), `throw new Error('the entry point is never loaded as a benchmark');`);
writeFileSync(join(dir, 'ok.test.ts'), `throw new Error('tests are not benchmarks');`);
mkdirSync(join(dir, 'helpers'));
writeFileSync(join(dir, 'helpers', 'nested.ts'), `export const description = 'helper'; export async function run() { return {}; }`);

async function cli(...argv: string[]) {
  const lines: string[] = [];
  const code = await runCli(argv, { dir, out: (line) => lines.push(line), signal: new AbortController().signal });
  const last: unknown = JSON.parse(lines.at(-1) ?? 'null');
  return { code, lines, last };
}

test('benchmarks are the top-level .ts files, except run.ts and tests', async () => {
  assert.deepEqual(await listBenchmarks(dir), ['fails', 'ok', 'shapeless']);
});

test('a run prints its progress, then the result as one JSON line, last', async () => {
  const { code, lines, last } = await cli('ok', '41');
  assert.equal(code, 0);
  assert.deepEqual(lines.slice(0, -1), ['working']);
  assert.deepEqual(last, { benchmark: 'ok', sum: 42 });
});

test('an unknown or missing name lists what exists and exits 2, still ending with JSON', async () => {
  const unknown = await cli('nope');
  assert.equal(unknown.code, 2);
  assert.match(unknown.lines.join('\n'), /ok\s+adds up/);
  assert.match(unknown.lines.join('\n'), /shapeless\s+\(cannot load: .*description/);
  assert.deepEqual(unknown.last, { error: 'unknown benchmark "nope"', available: ['fails', 'ok', 'shapeless'] });
  assert.equal((await cli()).code, 2);
});

test('a failing or malformed benchmark exits 1 with the error as the JSON line', async () => {
  const failed = await cli('fails');
  assert.equal(failed.code, 1);
  assert.deepEqual(failed.last, { benchmark: 'fails', error: 'out of disk' });
  const shapeless = await cli('shapeless');
  assert.equal(shapeless.code, 1);
  assert.match(String((shapeless.last as { error: string }).error), /must export `description`/);
});
