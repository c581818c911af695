import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQueueOptions } from './options';

const ids = ['heirloom', 'plainjob', 'bullmq'];

test('defaults', () => {
  assert.deepEqual(parseQueueOptions([], ids), {
    jobs: 10_000,
    redisJobs: 5_000,
    rounds: 5,
    warmup: 1,
    concurrency: [1, 8],
    redis: { host: '127.0.0.1', port: 6379 },
    only: undefined,
    powerCut: false,
  });
});

test('every option, in both --name value and --name=value forms', () => {
  const options = parseQueueOptions(['--jobs', '200', '--redis-jobs=100', '--rounds', '3', '--warmup=0', '--concurrency', '2, 4,2', '--redis', 'redis.lan:6380', '--only', 'heirloom,bullmq'], ids);
  assert.deepEqual(options, {
    jobs: 200,
    redisJobs: 100,
    rounds: 3,
    warmup: 0,
    concurrency: [2, 4],
    redis: { host: 'redis.lan', port: 6380 },
    only: ['heirloom', 'bullmq'],
    powerCut: false,
  });
  assert.equal(parseQueueOptions(['--power-cut'], ids).powerCut, true);
});

test('bad input is refused with a message naming the option', () => {
  assert.throws(() => parseQueueOptions(['--jobs', '0'], ids), /--jobs must be a whole number from 1/);
  assert.throws(() => parseQueueOptions(['--rounds', '2.5'], ids), /--rounds must be a whole number/);
  assert.throws(() => parseQueueOptions(['--concurrency', '1,x'], ids), /--concurrency must be a whole number/);
  assert.throws(() => parseQueueOptions(['--redis', 'localhost'], ids), /--redis must be host:port/);
  assert.throws(() => parseQueueOptions(['--only', 'heirloom,sidekiq'], ids), /--only: unknown sidekiq \(known: heirloom, plainjob, bullmq\)/);
  assert.throws(() => parseQueueOptions(['--fast'], ids), /Unknown option '--fast'.*options: --jobs/);
  assert.throws(() => parseQueueOptions(['queue'], ids), /positional/);
});
