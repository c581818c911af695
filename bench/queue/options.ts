// Command-line options of `npm run bench -- queue [options]`; defaults keep the run under ~2 minutes.
import { parseArgs } from 'node:util';
import type { RedisAddress } from './bullmq';

export interface QueueBenchOptions {
  /** Jobs per round on the SQLite queues. */
  readonly jobs: number;
  /** Jobs per round on BullMQ: fewer, as a c=1 BullMQ round costs one Redis round trip per step. */
  readonly redisJobs: number;
  readonly rounds: number;
  readonly warmup: number;
  readonly concurrency: readonly number[];
  readonly redis: RedisAddress;
  /** Subject ids to run; undefined = all. */
  readonly only: readonly string[] | undefined;
  /** Instead of the comparison: how much work lies between WAL syncs (power-cut exposure), power-cut.ts. */
  readonly powerCut: boolean;
}

export const QUEUE_USAGE =
  'options: --jobs N (SQLite, 10000) --redis-jobs N (BullMQ, 5000) --rounds N (5) --warmup N (1) ' +
  '--concurrency 1,8 --redis host:port (127.0.0.1:6379) --only id,id --power-cut (WAL sync interval at the highest concurrency)';

function count(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

function address(value: string | undefined): RedisAddress {
  if (value === undefined) return { host: '127.0.0.1', port: 6379 };
  const match = /^([^:\s]+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match?.[1] || port < 1 || port > 65_535) throw new Error(`--redis must be host:port, got "${value}"`);
  return { host: match[1], port };
}

const SPEC = {
  jobs: { type: 'string' },
  'redis-jobs': { type: 'string' },
  rounds: { type: 'string' },
  warmup: { type: 'string' },
  concurrency: { type: 'string' },
  redis: { type: 'string' },
  only: { type: 'string' },
  'power-cut': { type: 'boolean' },
} as const;

function readArgs(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], strict: true, allowPositionals: false, options: SPEC }).values;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; ${QUEUE_USAGE}`);
  }
}

export function parseQueueOptions(args: readonly string[], subjectIds: readonly string[]): QueueBenchOptions {
  const values = readArgs(args);
  const concurrency = (values.concurrency ?? '1,8').split(',').map((part) => count('concurrency', part.trim(), 1, 256));
  const only = values.only?.split(',').map((part) => part.trim());
  const unknown = only?.filter((id) => !subjectIds.includes(id)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: unknown ${unknown.join(', ')} (known: ${subjectIds.join(', ')})`);
  return {
    jobs: count('jobs', values.jobs, 10_000, 1_000_000),
    redisJobs: count('redis-jobs', values['redis-jobs'], 5_000, 1_000_000),
    rounds: count('rounds', values.rounds, 5, 100),
    // Zero warm-up rounds is allowed, so this one counts from 0.
    warmup: values.warmup === '0' ? 0 : count('warmup', values.warmup, 1, 100),
    concurrency: [...new Set(concurrency)],
    redis: address(values.redis),
    only,
    powerCut: values['power-cut'] ?? false,
  };
}
