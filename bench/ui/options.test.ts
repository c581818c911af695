import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULTS, parseUiOptions } from './options';

describe('ui bench options', () => {
  it('defaults to the issue’s 10,000 photos', () => {
    assert.deepEqual(parseUiOptions([]), DEFAULTS);
    assert.equal(DEFAULTS.photos, 10_000);
  });

  it('reads numbers and refuses nonsense with the flag’s name', () => {
    assert.deepEqual(parseUiOptions(['--photos', '500', '--rounds', '1', '--step', '600']), { photos: 500, rounds: 1, step: 600 });
    assert.throws(() => parseUiOptions(['--photos', '0']), /--photos must be a whole number from 1 to 100000, got "0"/);
    assert.throws(() => parseUiOptions(['--rounds', 'many']), /--rounds/);
    assert.throws(() => parseUiOptions(['--fast']), /Unknown option/);
  });
});
