// Turns the samples into the printed summary and the JSON result (medians, ratios, targets).
import { formatRate, ratio, summarize, type Summary } from '../lib/stats';
import type { Measurements } from './measure';
import type { QueueSubject } from './subject';

/**
 * Issue 3: claim+complete ≥ 1.2× plainjob (c=1 and c=8) and ≥ 1.2× BullMQ (c=8), on the local
 * Redis the issue names (memory only) and at equal durability (durable-redis.ts).
 */
export const TARGETS = [
  { peer: 'plainjob', concurrency: 1, atLeast: 1.2 },
  { peer: 'plainjob', concurrency: 8, atLeast: 1.2 },
  { peer: 'bullmq', concurrency: 8, atLeast: 1.2 },
  { peer: 'bullmq_durable', concurrency: 8, atLeast: 1.2 },
] as const;

export interface TargetOutcome {
  readonly subject: string;
  readonly target: string;
  readonly ratio: number | null;
  readonly at_least: number;
  /** null when a side could not be measured. */
  readonly met: boolean | null;
}

export interface ReportOptions {
  /** Our subjects; the first is the headline: its ratios carry no prefix and decide targets_met. */
  readonly ours: readonly string[];
  readonly concurrency: readonly number[];
}

const summaryOf = (values: readonly number[] | undefined): Summary | undefined => (values && values.length > 0 ? summarize(values) : undefined);
const rounded = (summary: Summary | undefined, decimals: number) => (summary ? Math.round(summary.median * 10 ** decimals) / 10 ** decimals : null);

export function report(subjects: readonly QueueSubject[], measurements: Measurements, options: ReportOptions, log: (line: string) => void) {
  const { samples } = measurements;
  const enqueue = (id: string) => summaryOf(samples.get(id)?.enqueue);
  const claimComplete = (id: string, c: number) => summaryOf(samples.get(id)?.claimComplete.get(c));
  const cpuPerJob = (id: string, c: number) => summaryOf(samples.get(id)?.cpuPerJob.get(c));
  const rate = (summary: Summary | undefined) =>
    summary ? `${formatRate(summary.median)}/s (${formatRate(summary.min)}–${formatRate(summary.max)})` : 'n/a';
  const width = Math.max(...subjects.map((s) => s.label.length));

  log('');
  log('median jobs/s (min–max over rounds)');
  log(`${''.padEnd(width)}  ${'enqueue (bulk)'.padEnd(26)}${options.concurrency.map((c) => `claim+complete c=${c}`.padEnd(26)).join('')}`);
  for (const s of subjects) {
    log(`${s.label.padEnd(width)}  ${rate(enqueue(s.id)).padEnd(26)}${options.concurrency.map((c) => rate(claimComplete(s.id, c)).padEnd(26)).join('')}`);
  }
  log('');
  log('median CPU µs per claim+complete (this process + the Redis server)');
  for (const s of subjects) {
    log(`${s.label.padEnd(width)}  ${options.concurrency.map((c) => `c=${c} ${rounded(cpuPerJob(s.id, c), 1) ?? 'n/a'}`.padEnd(14)).join('')}`);
  }

  const ratios: Record<string, number | null> = {};
  const targets: TargetOutcome[] = [];
  const peers = subjects.filter((s) => !options.ours.includes(s.id));
  for (const [index, ours] of options.ours.entries()) {
    if (!samples.has(ours)) continue;
    const prefix = index === 0 ? '' : `${ours}_`;
    log('');
    log(`${ours} ÷ peer: claim+complete jobs/s [by CPU per job]; enqueue jobs/s`);
    for (const peer of peers) {
      const parts = options.concurrency.map((c) => {
        const value = ratio(claimComplete(ours, c)?.median, claimComplete(peer.id, c)?.median);
        // Inverted: the peer's CPU per job over ours, so that > 1 means faster here too.
        const byCpu = ratio(cpuPerJob(peer.id, c)?.median, cpuPerJob(ours, c)?.median);
        ratios[`${prefix}ratio_vs_${peer.id}_c${c}`] = value;
        ratios[`${prefix}cpu_ratio_vs_${peer.id}_c${c}`] = byCpu;
        return `c=${c} ${value ?? 'n/a'}× [${byCpu ?? 'n/a'}×]`;
      });
      const enqueueRatio = ratio(enqueue(ours)?.median, enqueue(peer.id)?.median);
      ratios[`${prefix}enqueue_ratio_vs_${peer.id}`] = enqueueRatio;
      log(`  vs ${peer.label.padEnd(width)}  ${parts.join('  ')}  enqueue ${enqueueRatio ?? 'n/a'}×`);
    }
    for (const { peer, concurrency, atLeast } of TARGETS) {
      const value = ratio(claimComplete(ours, concurrency)?.median, claimComplete(peer, concurrency)?.median);
      targets.push({ subject: ours, target: `claim+complete ≥ ${atLeast}× ${peer} at c=${concurrency}`, ratio: value, at_least: atLeast, met: value === null ? null : value >= atLeast });
    }
  }
  log('');
  for (const t of targets) log(`target (${t.subject}) ${t.target}: ${t.ratio === null ? 'n/a' : `${t.ratio}×`} — ${t.met === null ? 'NOT MEASURED' : t.met ? 'met' : 'MISSED'}`);
  for (const [id, reason] of Object.entries(measurements.unavailable)) log(`not measured: ${id} — ${reason}`);

  const bySubject = (pick: (id: string) => Summary | undefined, decimals: number) =>
    Object.fromEntries(subjects.map((s) => [s.id, rounded(pick(s.id), decimals)]));
  const byConcurrency = (pick: (id: string, c: number) => Summary | undefined, decimals: number) =>
    Object.fromEntries(options.concurrency.map((c) => [`c${c}`, bySubject((id) => pick(id, c), decimals)]));
  const headline = targets.filter((t) => t.subject === options.ours[0]);
  return {
    /** `[<subject>_]ratio_vs_<peer>_c<c>`, `…cpu_ratio_vs…`, `…enqueue_ratio_vs_<peer>`; null when not measured. */
    ratios,
    enqueue_jobs_per_s: bySubject(enqueue, 0),
    claim_complete_jobs_per_s: byConcurrency(claimComplete, 0),
    cpu_us_per_job: byConcurrency(cpuPerJob, 1),
    durability: measurements.durability,
    unavailable: measurements.unavailable,
    targets,
    targets_met: headline.length > 0 && headline.every((t) => t.met === true),
  };
}
