// Issue 3: Heirloom's job queue against plainjob (SQLite) and BullMQ (Redis), with bare
// better-sqlite3 loops as the ceiling. Figures and how to read them: BENCHMARKS.md, "queue".
import Database from 'better-sqlite3';
import { cpus, totalmem } from 'node:os';
import type { BenchContext, BenchResult } from './lib/benchmark';
import { bareHeirloomSchemaSubject, bareSqliteSubject } from './queue/bare-sqlite';
import { bullmqSubject } from './queue/bullmq';
import { heirloomSubject } from './queue/heirloom';
import { measure } from './queue/measure';
import { parseQueueOptions } from './queue/options';
import { plainjobApiSubject, plainjobSubject } from './queue/plainjob';
import { report } from './queue/report';
import type { QueueSubject } from './queue/subject';

export const description = 'enqueue + claim/complete throughput of the job queue vs plainjob, BullMQ and a bare better-sqlite3 loop';

const UNDER_TEST = heirloomSubject.id;

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
  const knownIds = [heirloomSubject, plainjobSubject, plainjobApiSubject, bareSqliteSubject, bareHeirloomSchemaSubject].map((s) => s.id).concat('bullmq');
  const options = parseQueueOptions(args, knownIds);
  const all: QueueSubject[] = [heirloomSubject, plainjobSubject, plainjobApiSubject, bullmqSubject(options.redis), bareSqliteSubject, bareHeirloomSchemaSubject];
  const subjects = options.only ? all.filter((s) => options.only?.includes(s.id)) : all;
  const host = machine();

  log(`queue benchmark on ${host.cpus} × ${host.cpu_model}, Node ${host.node}, SQLite ${host.sqlite}`);
  log(
    `${options.jobs} jobs per SQLite round, ${options.redisJobs} per BullMQ round; ${options.warmup} warm-up + ${options.rounds} measured ` +
      `rounds per concurrency (${options.concurrency.join(', ')}); medians reported. Workers share one thread (async interleaving).`,
  );
  const measurements = await measure(subjects, {
    jobsOf: (subject) => (subject.store === 'redis' ? options.redisJobs : options.jobs),
    concurrency: options.concurrency,
    rounds: options.rounds,
    warmup: options.warmup,
    underTest: UNDER_TEST,
    log,
    signal,
  });
  log('');
  for (const [id, durability] of Object.entries(measurements.durability)) log(`durability ${id}: ${durability}`);
  const figures = report(subjects, measurements, { underTest: UNDER_TEST, concurrency: options.concurrency }, log);
  return {
    ...figures,
    machine: host,
    config: {
      jobs_per_round_sqlite: options.jobs,
      jobs_per_round_bullmq: options.redisJobs,
      rounds: options.rounds,
      warmup_rounds: options.warmup,
      concurrency: options.concurrency,
    },
  };
}
