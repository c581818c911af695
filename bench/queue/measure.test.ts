import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measure, rotate, type MeasureOptions } from './measure';
import { loopWorkers, runWorkers, type QueueSubject } from './subject';

/** An in-memory queue that records which (subject, concurrency) ran, in order. */
function fakeSubject(id: string, events: string[], faults: { open?: Error; lose?: number } = {}): QueueSubject {
  return {
    id,
    label: `fake ${id}`,
    store: 'sqlite',
    open: async (jobs) => {
      if (faults.open) throw faults.open;
      let queued = 0;
      let done = 0;
      return {
        durability: 'in memory',
        enqueueAll: async () => void (queued = jobs),
        workers: (concurrency) =>
          loopWorkers(() => {
            events.push(`${id}@c${concurrency}`);
            return runWorkers(
              concurrency,
              () => (queued > 0 ? queued-- : undefined),
              () => void done++,
            );
          }),
        countDone: async () => done - (faults.lose ?? 0),
        close: async () => {},
      };
    },
  };
}

const options = (overrides: Partial<MeasureOptions> = {}): MeasureOptions => ({
  jobsOf: () => 50,
  concurrency: [1, 8],
  rounds: 2,
  warmup: 1,
  ours: ['ours'],
  log: () => {},
  signal: new AbortController().signal,
  ...overrides,
});

test('rotate starts one later each round', () => {
  assert.deepEqual(rotate(['a', 'b', 'c'], 0), ['a', 'b', 'c']);
  assert.deepEqual(rotate(['a', 'b', 'c'], 4), ['b', 'c', 'a']);
  assert.deepEqual(rotate([], 3), []);
});

test('warm-up rounds are run but not counted; concurrencies alternate inside a round; subjects take turns', async () => {
  const events: string[] = [];
  const result = await measure([fakeSubject('ours', events), fakeSubject('peer', events)], options());
  assert.deepEqual(events, [
    'ours@c1', 'peer@c1', 'ours@c8', 'peer@c8', // warm-up
    'peer@c1', 'ours@c1', 'peer@c8', 'ours@c8',
    'ours@c1', 'peer@c1', 'ours@c8', 'peer@c8',
  ]);
  const ours = result.samples.get('ours');
  assert.equal(ours?.enqueue.length, 4, 'two rounds × two concurrencies');
  assert.equal(ours?.claimComplete.get(1)?.length, 2);
  assert.equal(ours?.claimComplete.get(8)?.length, 2);
  assert.equal(ours?.cpuPerJob.get(8)?.length, 2);
  assert.ok(ours?.claimComplete.get(1)?.every((rate) => rate > 0));
  assert.deepEqual(result.durability, { ours: 'in memory', peer: 'in memory' });
});

test('a peer that cannot run here is reported and skipped; the subject under test cannot be', async () => {
  const events: string[] = [];
  const lines: string[] = [];
  const result = await measure([fakeSubject('ours', events), fakeSubject('redis', events, { open: new Error('Redis is down') })], options({ log: (l) => lines.push(l) }));
  assert.deepEqual(result.unavailable, { redis: 'Redis is down' });
  assert.ok(events.every((e) => e.startsWith('ours@')));
  assert.ok(lines.some((l) => l.includes('skipped — Redis is down')));
  await assert.rejects(measure([fakeSubject('ours', [], { open: new Error('disk full') })], options()), /disk full/);
});

test('a round that does not finish every job fails the run, naming subject and concurrency', async () => {
  await assert.rejects(measure([fakeSubject('ours', []), fakeSubject('leaky', [], { lose: 1 })], options()), /fake leaky, c=1: 49 of 50 jobs ended done/);
});

test('an abort stops the run before the next subject', async () => {
  const abort = new AbortController();
  const events: string[] = [];
  const subject = fakeSubject('ours', events);
  const stopping: QueueSubject = { ...subject, open: async (jobs) => { abort.abort(new Error('Ctrl-C')); return subject.open(jobs); } };
  await assert.rejects(measure([stopping, fakeSubject('peer', events)], options({ signal: abort.signal })), /Ctrl-C/);
  assert.deepEqual(events, ['ours@c1']);
});
