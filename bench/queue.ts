// Issue 3: Heirloom's job queue against plainjob (SQLite) and BullMQ (Redis: the machine's, which
// keeps nothing on disk, and one of the benchmark's own at equal durability), with bare
// better-sqlite3 loops as the ceiling. Figures and how to read them: BENCHMARKS.md, "queue".
import Database from 'better-sqlite3';
import { cpus, loadavg, totalmem } from 'node:os';
import type { BenchContext, BenchResult } from './lib/benchmark';
import { bareHeirloomSchemaSubject, bareSqliteSubject } from './queue/bare-sqlite';
import { bullmqSubject, type RedisAddress } from './queue/bullmq';
import { durableBullmqSubject } from './queue/durable-redis';
import { heirloomFilteredSubject, heirloomSubject } from './queue/heirloom';
import { measure } from './queue/measure';
import { parseQueueOptions } from './queue/options';
import { plainjobApiSubject, plainjobSubject } from './queue/plainjob';
import { reportPowerCut } from './queue/power-cut';
import { report } from './queue/report';
import type { QueueSubject } from './queue/subject';

export const description = 'enqueue + claim/complete throughput of the job queue vs plainjob, BullMQ and a bare better-sqlite3 loop';

// The headline is the queue's own claim; the filtered claim is the path the dispatcher takes.
const OURS = [heirloomSubject.id, heirloomFilteredSubject.id];

const subjectsFor = (redis: RedisAddress): QueueSubject[] => [
  heirloomSubject,
  heirloomFilteredSubject,
  plainjobSubject,
  plainjobApiSubject,
  bullmqSubject(redis), // connects only when a round opens
  durableBullmqSubject, // starts its own Redis per round
  bareSqliteSubject,
  bareHeirloomSchemaSubject,
];
const SUBJECT_IDS = subjectsFor({ host: '127.0.0.1', port: 6379 }).map((s) => s.id);

function machine() {
  const memory = new Database(':memory:');
  try {
    return {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      memory_gb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      sqlite: (memory.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    };
  } finally {
    memory.close();
  }
}

export async function run({ args, log, signal }: BenchContext): Promise<BenchResult> {
  const options = parseQueueOptions(args, SUBJECT_IDS);
  const all = subjectsFor(options.redis);
  const subjects = options.only ? all.filter((s) => options.only?.includes(s.id)) : all;
  const host = machine();
  if (options.powerCut) {
    const loadBefore = loadavg()[0] ?? 0;
    log(`power-cut exposure of synchronous=NORMAL: Heirloom's queue, ${options.jobs} jobs per round, ${options.rounds} rounds`);
    const figures = await reportPowerCut({ jobs: options.jobs, concurrency: Math.max(...options.concurrency), rounds: options.rounds }, log, signal);
    const loadAfter = loadavg()[0] ?? 0;
    return { ...figures, machine: { ...host, load_average_1m: [Math.round(loadBefore * 100) / 100, Math.round(loadAfter * 100) / 100] } };
  }

  const loadBefore = loadavg()[0] ?? 0;
  log(`queue benchmark on ${host.cpus} × ${host.cpu_model}, Node ${host.node}, SQLite ${host.sqlite}; load average ${loadBefore.toFixed(2)}`);
  log(
    `${options.jobs} jobs per SQLite round, ${options.redisJobs} per BullMQ round; ${options.warmup} warm-up + ${options.rounds} measured ` +
      `rounds, each at concurrency ${options.concurrency.join(' and ')}; medians reported. Workers share one thread (async interleaving).`,
  );
  const measurements = await measure(subjects, {
    jobsOf: (subject) => (subject.store === 'redis' ? options.redisJobs : options.jobs),
    concurrency: options.concurrency,
    rounds: options.rounds,
    warmup: options.warmup,
    ours: OURS,
    log,
    signal,
  });
  log('');
  for (const [id, durability] of Object.entries(measurements.durability)) log(`durability ${id}: ${durability}`);
  const { ratios, ...figures } = report(subjects, measurements, { ours: OURS, concurrency: options.concurrency }, log);
  const loadAfter = loadavg()[0] ?? 0;
  // Other work on the machine moves jobs/s a lot (2 cores); CPU µs per job moves much less.
  if (Math.max(loadBefore, loadAfter) > host.cpus / 2) {
    log(`note: the machine was busy (1-min load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)} on ${host.cpus} cores): jobs/s are noisy, compare CPU µs per job too`);
  }
  return {
    ...ratios,
    ...figures,
    machine: { ...host, load_average_1m: [Math.round(loadBefore * 100) / 100, Math.round(loadAfter * 100) / 100] },
    config: {
      jobs_per_round_sqlite: options.jobs,
      jobs_per_round_bullmq: options.redisJobs,
      rounds: options.rounds,
      warmup_rounds: options.warmup,
      concurrency: options.concurrency,
    },
  };
}
