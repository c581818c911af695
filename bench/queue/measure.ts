// Rounds: warm-up rounds, then measured ones; every round runs each concurrency on each subject,
// every time on a fresh store. Subjects take turns, starting one later each round, and the
// concurrencies alternate inside a round, so drift on the machine (other processes, page cache)
// spreads over every figure instead of landing on one.
import { perSecond } from '../lib/stats';
import type { QueueRound, QueueSubject } from './subject';

export interface SubjectSamples {
  /** Enqueue jobs/s, from every measured round at every concurrency. */
  readonly enqueue: number[];
  /** Claim+complete jobs/s by concurrency. */
  readonly claimComplete: Map<number, number[]>;
  /**
   * CPU µs per claim+complete by concurrency: this process plus the store's server (Redis). Less
   * sensitive than jobs/s to other processes competing for the 2 cores; blind to I/O waits.
   */
  readonly cpuPerJob: Map<number, number[]>;
}

export interface Measurements {
  readonly samples: Map<string, SubjectSamples>;
  /** Per subject, as its store reported it. */
  readonly durability: Record<string, string>;
  /** Peers that could not run here, with the reason (e.g. Redis down). */
  readonly unavailable: Record<string, string>;
}

export interface MeasureOptions {
  readonly jobsOf: (subject: QueueSubject) => number;
  readonly concurrency: readonly number[];
  readonly rounds: number;
  readonly warmup: number;
  /** Subjects under test: one failing to open fails the run; a peer failing is reported and skipped. */
  readonly ours: readonly string[];
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
}

function append(map: Map<number, number[]>, key: number, value: number) {
  const values = map.get(key) ?? [];
  values.push(value);
  map.set(key, values);
}

export function rotate<T>(items: readonly T[], by: number): T[] {
  const k = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function runRound(round: QueueRound, jobs: number, concurrency: number) {
  const t0 = performance.now();
  await round.enqueueAll();
  const enqueueMs = performance.now() - t0;
  const workers = await round.workers(concurrency);
  let drainMs: number;
  let cpuMicros: number;
  try {
    const serverBefore = (await round.serverCpuMicros?.()) ?? 0;
    const cpuBefore = process.cpuUsage();
    const t1 = performance.now();
    await workers.run();
    drainMs = performance.now() - t1;
    const cpu = process.cpuUsage(cpuBefore);
    cpuMicros = cpu.user + cpu.system + ((await round.serverCpuMicros?.()) ?? 0) - serverBefore;
  } finally {
    await workers.stop();
  }
  const done = await round.countDone();
  if (done !== jobs) throw new Error(`${done} of ${jobs} jobs ended done`);
  return { enqueue: perSecond(jobs, enqueueMs), claimComplete: perSecond(jobs, drainMs), cpuPerJob: cpuMicros / jobs };
}

export async function measure(subjects: readonly QueueSubject[], options: MeasureOptions): Promise<Measurements> {
  const { log, signal } = options;
  const samples = new Map<string, SubjectSamples>(subjects.map((s) => [s.id, { enqueue: [], claimComplete: new Map(), cpuPerJob: new Map() }]));
  const durability: Record<string, string> = {};
  const unavailable: Record<string, string> = {};
  let active = [...subjects];
  const width = Math.max(...subjects.map((s) => s.label.length));

  for (let index = 0; index < options.warmup + options.rounds; index++) {
    const measured = index >= options.warmup;
    const roundName = measured ? `round ${index - options.warmup + 1}/${options.rounds}` : `warm-up ${index + 1}/${options.warmup}`;
    for (const concurrency of options.concurrency) {
      for (const subject of rotate(active, index)) {
        signal.throwIfAborted();
        const jobs = options.jobsOf(subject);
        let round: QueueRound;
        try {
          round = await subject.open(jobs);
        } catch (error) {
          if (options.ours.includes(subject.id)) throw error;
          unavailable[subject.id] = error instanceof Error ? error.message : String(error);
          log(`${subject.label}: skipped — ${unavailable[subject.id]}`);
          active = active.filter((s) => s !== subject);
          continue;
        }
        durability[subject.id] ??= round.durability;
        let rates: Awaited<ReturnType<typeof runRound>>;
        try {
          rates = await runRound(round, jobs, concurrency);
        } catch (error) {
          throw new Error(`${subject.label}, c=${concurrency}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        } finally {
          await round.close();
        }
        log(
          `c=${concurrency} ${roundName.padEnd(12)} ${subject.label.padEnd(width)}  enqueue ${Math.round(rates.enqueue).toString().padStart(7)}/s` +
            `  claim+complete ${Math.round(rates.claimComplete).toString().padStart(6)}/s ${rates.cpuPerJob.toFixed(1).padStart(6)} µs CPU/job  (${jobs} jobs)`,
        );
        if (!measured) continue;
        const bucket = samples.get(subject.id);
        if (!bucket) throw new Error(`no samples for ${subject.id}`);
        bucket.enqueue.push(rates.enqueue);
        append(bucket.claimComplete, concurrency, rates.claimComplete);
        append(bucket.cpuPerJob, concurrency, rates.cpuPerJob);
      }
    }
  }
  return { samples, durability, unavailable };
}
