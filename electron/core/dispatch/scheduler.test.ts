import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FREE_AFTER_BATCH, FREE_EVERY_PROMPTS, PIPELINE_DEPTH, pickBackend, shouldFree, type BackendLoad } from './scheduler';

const load = (id: string, inFlight: number, lastAssigned = 0, available = true): BackendLoad => ({ id, available, inFlight, lastAssigned });

test('pickBackend: least loaded, then longest waiting, then list order; never a full or unavailable one', () => {
  const cases: Array<[string, BackendLoad[], string | undefined]> = [
    ['nothing configured', [], undefined],
    ['the only one, empty', [load('a', 0)], 'a'],
    ['the only one, one prompt on it: the next is queued behind it', [load('a', 1)], 'a'],
    ['the only one, full (depth 2)', [load('a', 2)], undefined],
    ['least loaded wins', [load('a', 1), load('b', 0)], 'b'],
    ['equal load: the one that waited longest', [load('a', 1, 7), load('b', 1, 3)], 'b'],
    ['equal load and wait: list order', [load('a', 0), load('b', 0)], 'a'],
    ['unavailable (down or disabled) is skipped even when idle', [load('a', 0, 0, false), load('b', 1, 9)], 'b'],
    ['all full', [load('a', 2), load('b', 2)], undefined],
    ['all unavailable', [load('a', 0, 0, false)], undefined],
    ['over depth (after a recovery) counts as full', [load('a', 3), load('b', 1)], 'b'],
  ];
  for (const [label, loads, expected] of cases) assert.equal(pickBackend(loads), expected, label);
  assert.equal(PIPELINE_DEPTH, 2);
  assert.equal(pickBackend([load('a', 1)], 1), undefined, 'depth is a parameter');
});

test('shouldFree: every FREE_EVERY_PROMPTS prompts, or when a batch of FREE_AFTER_BATCH or more ends', () => {
  const cases: Array<[number, boolean, boolean]> = [
    [0, true, false],
    [1, true, false],
    [FREE_AFTER_BATCH - 1, true, false],
    [FREE_AFTER_BATCH, true, true],
    [FREE_AFTER_BATCH, false, false],
    [FREE_EVERY_PROMPTS - 1, false, false],
    [FREE_EVERY_PROMPTS, false, true],
  ];
  for (const [promptsSinceFree, idle, expected] of cases) assert.equal(shouldFree({ promptsSinceFree, idle }), expected, `${promptsSinceFree} prompts, idle ${idle}`);
});
