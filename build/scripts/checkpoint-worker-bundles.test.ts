// The two bundled checkpoint workers (build/scripts/bundle.ts) load as worker threads in plain
// Node, started by path as the hosts start them: the CLI's ESM dist/cli/checkpoint-worker.js
// (better-sqlite3 from node_modules) and the desktop app's CJS dist/main/checkpoint-worker.cjs
// (better-sqlite3's JS inside the bundle, its native module given by path, as electron/main/main.ts
// does). Each syncs a WAL that the calling thread wrote.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { startWalSyncThread } from '../../electron/core/db/wal-sync';
import { CHECKPOINT_WORKER_ENTRY } from '../../electron/main/paths';

const root = join(import.meta.dirname, '..', '..');
const nodeBinding = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');

void test('each bundled checkpoint worker syncs the WAL from its own connection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'heirloom-checkpoint-bundles-'));
  try {
    for (const [bundle, nativeBinding] of [
      ['dist/cli/checkpoint-worker.js', undefined],
      [CHECKPOINT_WORKER_ENTRY, nodeBinding],
    ] as const) {
      const file = join(root, bundle);
      assert.ok(existsSync(file), `${bundle} is missing: run \`npm run build\` first`);
      const path = join(dir, `${bundle.replaceAll('/', '_')}.sqlite`);
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE notes (n INTEGER)');
      for (let i = 0; i < 20; i++) db.prepare('INSERT INTO notes (n) VALUES (?)').run(i);
      const sync = startWalSyncThread({ startWorker: (workerData) => new Worker(file, { workerData }), path, nativeBinding });
      try {
        const result = await sync.syncNow();
        assert.ok(result.log > 0 && result.checkpointed === result.log, `${bundle}: ${JSON.stringify(result)}`);
      } finally {
        await sync.stop();
        db.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
