import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JOB_STATES } from '../../shared/contract';
import { assertTransition, canTransition, IllegalTransitionError, TRANSITIONS } from './state-machine';

const allowed = new Set([
  'queued→running',
  'queued→paused',
  'queued→canceled',
  'paused→queued',
  'paused→canceled',
  'running→succeeded',
  'running→failed',
  'running→canceled',
  'running→queued',
  'failed→queued',
  'canceled→queued',
]);

test('every pair of states is allowed exactly when the table says so', () => {
  for (const from of JOB_STATES) {
    for (const to of JOB_STATES) {
      const key = `${from}→${to}`;
      assert.equal(canTransition(from, to), allowed.has(key), key);
      if (allowed.has(key)) assert.doesNotThrow(() => assertTransition(from, to));
      else assert.throws(() => assertTransition(from, to), IllegalTransitionError);
    }
  }
});

test('succeeded is final', () => {
  assert.deepEqual(TRANSITIONS.succeeded, []);
});
