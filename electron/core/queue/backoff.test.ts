import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelayMs } from './backoff';

const policy = { baseMs: 1_000, capMs: 60_000 };

test('backoff table: doubles per attempt, jitter in [½, 1], capped', () => {
  const table: Array<[attempt: number, random: number, expected: number]> = [
    [1, 1, 1_000],
    [1, 0, 500],
    [2, 1, 2_000],
    [3, 1, 4_000],
    [3, 0.5, 3_000],
    [6, 1, 32_000],
    [7, 1, 60_000],
    [7, 0, 30_000],
    [50, 1, 60_000],
    [0, 1, 1_000],
  ];
  for (const [attempt, random, expected] of table) {
    assert.equal(backoffDelayMs(attempt, () => random, policy), expected, `attempt ${attempt}, random ${random}`);
  }
});

test('a random source outside [0, 1] is clamped', () => {
  assert.equal(backoffDelayMs(1, () => 7, policy), 1_000);
  assert.equal(backoffDelayMs(1, () => -3, policy), 500);
});
