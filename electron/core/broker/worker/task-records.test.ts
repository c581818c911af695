import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createTestClock, tempDir } from '../../testing/test-db';
import { sha256Hex } from '../../workflows';
import type { ResultHeader } from '../messages';
import { openTaskRecords } from './task-records';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));

function header(taskId: string, bytes: Buffer | null): ResultHeader {
  return {
    v: 1,
    type: 'result',
    taskId,
    installationId: 'i',
    jobId: 'j',
    outcome: bytes
      ? { status: 'succeeded', output: { sha256: sha256Hex(bytes), sizeBytes: bytes.length, fileName: 'r.png', transfer: { mode: 'inline' } } }
      : { status: 'failed', error: { code: 'comfy-execution', message: 'x', retryable: false } },
    timings: { receivedAtMs: 0, startedAtMs: null, finishedAtMs: 0 },
    worker: { id: 'w', hostname: 'h', version: '0' },
    backend: null,
  };
}

test('a finished task is remembered with its bytes; a failed one without; unknown ids are undefined', async () => {
  const dir = tempDir('records');
  dirs.push(dir.remove);
  const records = await openTaskRecords({ dir: dir.path, now: Date.now });
  const ok = randomUUID();
  const failed = randomUUID();
  const bytes = Buffer.from('png bytes');
  await records.put({ header: header(ok, bytes), bytes });
  await records.put({ header: header(failed, null), bytes: null });
  assert.deepEqual(await records.get(ok), { header: header(ok, bytes), bytes });
  assert.deepEqual(await records.get(failed), { header: header(failed, null), bytes: null });
  assert.equal(await records.get(randomUUID()), undefined);
  await assert.rejects(records.get('../../etc/passwd'), /lowercase canonical UUID/, 'ids never become paths outside the folder');
});

test('a damaged record counts as absent (the task then simply runs again)', async () => {
  const dir = tempDir('records-damaged');
  dirs.push(dir.remove);
  const records = await openTaskRecords({ dir: dir.path, now: Date.now });
  const id = randomUUID();
  const bytes = Buffer.from('output');
  await records.put({ header: header(id, bytes), bytes });
  writeFileSync(join(dir.path, `${id}.out`), 'truncat');
  assert.equal(await records.get(id), undefined, 'bytes that do not match their checksum');
  writeFileSync(join(dir.path, `${id}.json`), '{"v":1');
  assert.equal(await records.get(id), undefined, 'a half-written header');
});

test('pruning keeps the newest `keep` records and drops those older than maxAgeMs', async () => {
  const dir = tempDir('records-prune');
  dirs.push(dir.remove);
  const clock = createTestClock(Date.now());
  const records = await openTaskRecords({ dir: dir.path, now: clock.now, keep: 2, maxAgeMs: 60_000 });
  const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  for (const [index, id] of ids.entries()) {
    const bytes = Buffer.from(id);
    await records.put({ header: header(id, bytes), bytes });
    const t = new Date(clock.now() - (ids.length - index) * 1000);
    utimesSync(join(dir.path, `${id}.json`), t, t);
  }
  assert.equal(await records.prune(), 2);
  assert.deepEqual(readdirSync(dir.path).sort(), ids.slice(2).flatMap((id) => [`${id}.json`, `${id}.out`]).sort());
  clock.advance(120_000);
  assert.equal(await records.prune(), 2, 'everything is older than a minute now');
  assert.deepEqual(readdirSync(dir.path), []);
});
