// The two bundled rebuild workers (build/scripts/bundle.ts) load as worker threads in plain Node —
// the CLI's ESM dist/cli/rebuild-worker.js and the desktop app's CJS dist/main/rebuild-worker.cjs,
// started by path as electron/main/main.ts starts it — and rebuild exactly as the calling thread.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { chromaFromResult, createRebuildPool, rebuildFromChroma, type Pixels } from '../../electron/core/colorize';
import { REBUILD_WORKER_ENTRY } from '../../electron/main/paths';

const root = join(import.meta.dirname, '..', '..');

void test('each bundled rebuild worker rebuilds as the calling thread does', async () => {
  const small: Pixels = { depth: 8, channels: 3, width: 8, height: 8, data: Uint8Array.from({ length: 192 }, (_, i) => 40 + ((i * 37) % 170)) };
  const original: Pixels = { depth: 16, channels: 1, width: 45, height: 31, data: Uint16Array.from({ length: 45 * 31 }, (_, i) => (i * 7919) % 65536) };
  const expected = rebuildFromChroma(original, chromaFromResult(small));
  for (const bundle of ['dist/cli/rebuild-worker.js', REBUILD_WORKER_ENTRY]) {
    const path = join(root, bundle);
    assert.ok(existsSync(path), `${bundle} is missing: run \`npm run build\` first`);
    const pool = createRebuildPool({ size: 1, startWorker: () => new Worker(path) });
    try {
      const image = await pool.rebuild(original, small);
      assert.deepEqual([image.depth, image.width, image.height], [16, 45, 31], bundle);
      assert.deepEqual(image.data, expected.data, `${bundle}: the same pixels`);
    } finally {
      await pool.close();
    }
  }
});
