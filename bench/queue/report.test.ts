import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Measurements, SubjectSamples } from './measure';
import { report } from './report';
import type { QueueSubject } from './subject';

const subject = (id: string): QueueSubject => ({ id, label: id, store: 'sqlite', open: () => Promise.reject(new Error('not opened in this test')) });
const samples = (enqueue: number[], c1: number[], c8: number[], cpu: number): SubjectSamples => ({
  enqueue,
  claimComplete: new Map([[1, c1], [8, c8]]),
  cpuPerJob: new Map([[1, [cpu]], [8, [cpu]]]),
});

test('ratios (medians), CPU ratios, prefixed figures for the second subject, targets', () => {
  const measurements: Measurements = {
    samples: new Map([
      ['heirloom', samples([100, 300, 200], [15_000, 14_000, 16_000], [13_000], 50)],
      ['heirloom_filtered', samples([200], [10_000], [10_000], 80)],
      ['plainjob', samples([400], [10_000], [12_000], 75)],
      ['bullmq', samples([50], [5_000], [8_000], 150)],
      ['bullmq_durable', samples([40], [4_000], [6_500], 200)],
    ]),
    durability: { heirloom: 'SQLite journal_mode=wal synchronous=NORMAL' },
    unavailable: {},
  };
  const lines: string[] = [];
  const result = report(['heirloom', 'heirloom_filtered', 'plainjob', 'bullmq', 'bullmq_durable'].map(subject), measurements, { ours: ['heirloom', 'heirloom_filtered'], concurrency: [1, 8] }, (l) => lines.push(l));
  assert.equal(result.ratios.ratio_vs_plainjob_c1, 1.5);
  assert.equal(result.ratios.ratio_vs_plainjob_c8, 1.08);
  assert.equal(result.ratios.ratio_vs_bullmq_c8, 1.63);
  assert.equal(result.ratios.ratio_vs_bullmq_durable_c8, 2);
  assert.equal(result.ratios.cpu_ratio_vs_plainjob_c1, 1.5, 'peer CPU per job ÷ ours');
  assert.equal(result.ratios.enqueue_ratio_vs_plainjob, 0.5);
  assert.equal(result.ratios.heirloom_filtered_ratio_vs_plainjob_c1, 1);
  assert.equal('ratio_vs_heirloom_filtered_c1' in result.ratios, false, 'our two subjects are not each other’s peers');
  assert.deepEqual(result.claim_complete_jobs_per_s, {
    c1: { heirloom: 15_000, heirloom_filtered: 10_000, plainjob: 10_000, bullmq: 5_000, bullmq_durable: 4_000 },
    c8: { heirloom: 13_000, heirloom_filtered: 10_000, plainjob: 12_000, bullmq: 8_000, bullmq_durable: 6_500 },
  });
  assert.deepEqual(
    result.targets.filter((t) => t.subject === 'heirloom').map((t) => [t.ratio, t.met]),
    [[1.5, true], [1.08, false], [1.63, true], [2, true]],
  );
  assert.equal(result.targets_met, false);
  assert.ok(lines.some((l) => l.includes('target (heirloom) claim+complete ≥ 1.2× plainjob at c=8: 1.08× — MISSED')));
});

test('a peer that was not measured leaves its ratios null and its target unmet', () => {
  const measurements: Measurements = {
    samples: new Map([['heirloom', samples([1], [2], [3], 4)]]),
    durability: {},
    unavailable: { bullmq: 'Redis is down' },
  };
  const lines: string[] = [];
  const result = report(['heirloom', 'bullmq'].map(subject), measurements, { ours: ['heirloom'], concurrency: [1, 8] }, (l) => lines.push(l));
  assert.equal(result.ratios.ratio_vs_bullmq_c8, null);
  assert.deepEqual(result.targets.find((t) => t.target.endsWith('bullmq at c=8')), { subject: 'heirloom', target: 'claim+complete ≥ 1.2× bullmq at c=8', ratio: null, at_least: 1.2, met: null });
  assert.equal(result.targets_met, false);
  assert.ok(lines.includes('not measured: bullmq — Redis is down'));
});
