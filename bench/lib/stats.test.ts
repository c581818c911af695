import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRate, median, perSecond, ratio, summarize } from './stats';

test('median: middle value, mean of the two middle ones, unsorted input untouched', () => {
  const values = [5, 1, 3];
  assert.equal(median(values), 3);
  assert.deepEqual(values, [5, 1, 3]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]), RangeError);
});

test('summarize gives median, min, max and the sample count', () => {
  assert.deepEqual(summarize([10, 30, 20]), { median: 20, min: 10, max: 30, samples: 3 });
});

test('perSecond and ratio', () => {
  assert.equal(perSecond(500, 250), 2000);
  assert.throws(() => perSecond(1, 0), /positive/);
  assert.equal(ratio(15_000, 12_000), 1.25);
  assert.equal(ratio(1, 3), 0.33);
  assert.equal(ratio(undefined, 3), null);
  assert.equal(ratio(3, undefined), null);
  assert.equal(ratio(3, 0), null);
});

test('formatRate', () => {
  assert.equal(formatRate(950.4), '950');
  assert.equal(formatRate(12_345.6), '12.3k');
  assert.equal(formatRate(2_500_000), '2.50M');
});
