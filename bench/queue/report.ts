// Turns the samples into the printed summary and the JSON result (medians, ratios, targets).
import { formatRate, ratio, summarize, type Summary } from '../lib/stats';
import type { Measurements } from './measure';
import type { QueueSubject } from './subject';

/** Issue 3: claim+complete ≥ 1.2× plainjob (c=1 and c=8) and ≥ 1.2× BullMQ (c=8). */
export const TARGETS = [
  { peer: 'plainjob', concurrency: 1, atLeast: 1.2 },
  { peer: 'plainjob', concurrency: 8, atLeast: 1.2 },
  { peer: 'bullmq', concurrency: 8, atLeast: 1.2 },
] as const;

export interface TargetOutcome {
  readonly target: string;
  readonly ratio: number | null;
  readonly at_least: number;
  /** null when a side could not be measured. */
  readonly met: boolean | null;
}

const round0 = (value: number) => Math.round(value);

export function report(
  subjects: readonly QueueSubject[],
  measurements: Measurements,
  options: { readonly underTest: string; readonly concurrency: readonly number[] },
  log: (line: string) => void,
) {
  const { samples } = measurements;
  const enqueue = (id: string): Summary | undefined => {
    const values = samples.get(id)?.enqueue ?? [];
    return values.length > 0 ? summarize(values) : undefined;
  };
  const claimComplete = (id: string, concurrency: number): Summary | undefined => {
    const values = samples.get(id)?.claimComplete.get(concurrency) ?? [];
    return values.length > 0 ? summarize(values) : undefined;
  };
  const cell = (summary: Summary | undefined) =>
    summary ? `${formatRate(summary.median)}/s (${formatRate(summary.min)}–${formatRate(summary.max)})` : 'n/a';

  const width = Math.max(...subjects.map((s) => s.label.length));
  log('');
  log(`median jobs/s (min–max over rounds)`);
  log(`${''.padEnd(width)}  ${'enqueue (bulk)'.padEnd(24)}${options.concurrency.map((c) => `claim+complete c=${c}`.padEnd(26)).join('')}`);
  for (const subject of subjects) {
    log(`${subject.label.padEnd(width)}  ${cell(enqueue(subject.id)).padEnd(24)}${options.concurrency.map((c) => cell(claimComplete(subject.id, c)).padEnd(26)).join('')}`);
  }

  const ours = options.underTest;
  const peers = subjects.filter((s) => s.id !== ours);
  const ratios: Record<string, number | null> = {};
  log('');
  log(`${ours} ÷ peer (claim+complete; enqueue):`);
  for (const peer of peers) {
    const parts: string[] = [];
    for (const c of options.concurrency) {
      const value = ratio(claimComplete(ours, c)?.median, claimComplete(peer.id, c)?.median);
      ratios[`ratio_vs_${peer.id}_c${c}`] = value;
      parts.push(`c=${c} ${value ?? 'n/a'}×`);
    }
    const enqueueRatio = ratio(enqueue(ours)?.median, enqueue(peer.id)?.median);
    ratios[`enqueue_ratio_vs_${peer.id}`] = enqueueRatio;
    log(`  vs ${peer.label.padEnd(width)}  ${parts.join('  ')}  enqueue ${enqueueRatio ?? 'n/a'}×`);
  }

  const targets: TargetOutcome[] = TARGETS.map(({ peer, concurrency, atLeast }) => {
    const value = ratio(claimComplete(ours, concurrency)?.median, claimComplete(peer, concurrency)?.median);
    return { target: `claim+complete ≥ ${atLeast}× ${peer} at c=${concurrency}`, ratio: value, at_least: atLeast, met: value === null ? null : value >= atLeast };
  });
  log('');
  for (const t of targets) log(`target: ${t.target}: ${t.ratio ?? 'n/a'}× — ${t.met === null ? 'NOT MEASURED' : t.met ? 'met' : 'MISSED'}`);
  for (const [id, reason] of Object.entries(measurements.unavailable)) log(`not measured: ${id} — ${reason}`);

  const medians = (pick: (id: string) => Summary | undefined) =>
    Object.fromEntries(
      subjects.map((s) => {
        const summary = pick(s.id);
        return [s.id, summary ? round0(summary.median) : null];
      }),
    );
  return {
    ...ratios,
    enqueue_jobs_per_s: medians(enqueue),
    claim_complete_jobs_per_s: Object.fromEntries(options.concurrency.map((c) => [`c${c}`, medians((id) => claimComplete(id, c))])),
    durability: measurements.durability,
    unavailable: measurements.unavailable,
    targets,
    targets_met: targets.every((t) => t.met === true),
  };
}
