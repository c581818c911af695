// Every real subject on a small round: all jobs end done, and the store says how durable it is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bareHeirloomSchemaSubject, bareSqliteSubject } from './bare-sqlite';
import { bullmqSubject } from './bullmq';
import { durableBullmqSubject } from './durable-redis';
import { heirloomFilteredSubject, heirloomSubject } from './heirloom';
import { measure } from './measure';
import { plainjobApiSubject, plainjobSubject } from './plainjob';

const small = { jobsOf: () => 300, concurrency: [1, 4], rounds: 1, warmup: 0, ours: ['heirloom'], log: () => {}, signal: new AbortController().signal };

test('the SQLite subjects drain every job at WAL + synchronous=NORMAL', async () => {
  const subjects = [heirloomSubject, heirloomFilteredSubject, plainjobSubject, plainjobApiSubject, bareSqliteSubject, bareHeirloomSchemaSubject];
  const result = await measure(subjects, small);
  assert.deepEqual(result.unavailable, {});
  for (const subject of subjects) {
    assert.equal(result.durability[subject.id], 'SQLite journal_mode=wal synchronous=NORMAL', subject.id);
    assert.equal(result.samples.get(subject.id)?.claimComplete.get(4)?.length, 1, subject.id);
  }
});

test('BullMQ drains every job on the local Redis, or says exactly why it cannot run', async () => {
  const bullmq = bullmqSubject({ host: '127.0.0.1', port: 6379 });
  const result = await measure([bullmq], { ...small, jobsOf: () => 100, ours: [] });
  const reason = result.unavailable.bullmq;
  if (reason === undefined) {
    assert.match(result.durability.bullmq ?? '', /^Redis \S+ save=".*" appendonly=\w+/);
    assert.equal(result.samples.get('bullmq')?.claimComplete.get(4)?.length, 1);
    assert.ok((result.samples.get('bullmq')?.cpuPerJob.get(4)?.[0] ?? 0) > 0, 'counts the Redis server CPU too');
  } else {
    assert.match(reason, /needs its optional peer dependency ioredis|Redis at 127\.0\.0\.1:6379 is not reachable/);
  }
});

test('BullMQ at equal durability: a Redis of its own per round, appendfsync everysec, stopped with the round', async () => {
  const result = await measure([durableBullmqSubject], { ...small, jobsOf: () => 100, ours: [] });
  const reason = result.unavailable.bullmq_durable;
  if (reason === undefined) {
    assert.match(result.durability.bullmq_durable ?? '', /^Redis \S+ save="" appendonly=yes appendfsync=everysec$/);
    assert.equal(result.samples.get('bullmq_durable')?.claimComplete.get(4)?.length, 1);
  } else {
    assert.match(reason, /needs its optional peer dependency ioredis|redis-server is not installed/);
  }
});
