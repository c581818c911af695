// Pure pieces of the renderer: strings, badge wording, backoff, bounded concurrency, error mapping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeirloomError } from '../../electron/shared/client';
import { reconnectDelayMs } from '../../renderer/client/backoff';
import { mapLimit } from '../../renderer/client/map-limit';
import { t } from '../../renderer/i18n/t';
import { photoStatus, summarize } from '../../renderer/store/status';
import { settingsErrors } from '../../renderer/views/settings-errors';
import { job, photo } from './fixtures';

describe('t', () => {
  it('interpolates and picks English plural forms by count', () => {
    assert.equal(t('badge.colorizing', { percent: 42 }), 'Colorizing 42%');
    assert.equal(t('rejected.title', { count: 1 }), '1 file was not added');
    assert.equal(t('rejected.title', { count: 3 }), '3 files were not added');
    assert.equal(t('backend.offline', { url: 'http://x:8188' }), 'ComfyUI at http://x:8188 is offline — photos wait safely and start when it is back');
  });
});

describe('photoStatus', () => {
  const cases: [string, Parameters<typeof job>[0], { label: string; tone: string; progress: number | null; canRetry: boolean }][] = [
    ['queued', { state: 'queued' }, { label: 'Queued', tone: 'waiting', progress: null, canRetry: false }],
    ['uploading', { state: 'running', stage: 'uploading', progress: 0 }, { label: 'Uploading', tone: 'active', progress: 0, canRetry: false }],
    ['colorizing', { state: 'running', stage: 'colorizing', progress: 0.429 }, { label: 'Colorizing 42%', tone: 'active', progress: 0.429, canRetry: false }],
    ['done', { state: 'succeeded', hasResult: true, progress: 1 }, { label: 'Done', tone: 'done', progress: null, canRetry: false }],
    ['failed', { state: 'failed', error: { code: 'missing-node', message: 'node X is not installed' } }, { label: 'Failed', tone: 'failed', progress: null, canRetry: true }],
  ];
  for (const [name, jobFields, expected] of cases) {
    it(name, () => {
      const status = photoStatus(photo('p', { job: job(jobFields) }));
      assert.deepEqual({ label: status.label, tone: status.tone, progress: status.progress, canRetry: status.canRetry }, expected);
    });
  }

  it('gives the reason of a failure and of a pending retry', () => {
    assert.equal(photoStatus(photo('p', { job: job({ state: 'failed', error: { code: 'x', message: 'node DDColor_Colorize is not installed on http://h' } }) })).detail, 'node DDColor_Colorize is not installed on http://h');
    assert.equal(photoStatus(photo('p', { job: job({ state: 'queued', attempts: 1, error: { code: 'x', message: 'timed out' } }) })).detail, 'Will retry: timed out');
  });

  it('summarizes the library by tone', () => {
    const photos = {
      a: photo('a', { job: job({ state: 'succeeded' }) }),
      b: photo('b', { job: job({ state: 'running', stage: 'colorizing' }) }),
      c: photo('c'),
      d: photo('d', { job: job({ state: 'failed' }) }),
    };
    assert.deepEqual(summarize(photos), { total: 4, done: 1, active: 1, waiting: 1, failed: 1 });
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 250 ms to a 10 s cap, scaled by jitter in [0.5, 1)', () => {
    const table: [number, number, number][] = [
      [0, 0, 125],
      [0, 0.999, 250],
      [1, 0, 250],
      [3, 0.5, 1500],
      [5, 0, 4000],
      [6, 0, 5000],
      [30, 0.999, 9995],
    ];
    for (const [attempt, random, expected] of table) assert.equal(reconnectDelayMs(attempt, () => random), expected, `attempt ${attempt}, random ${random}`);
  });
});

describe('mapLimit', () => {
  it('runs at most `limit` tasks at once and keeps the input order', async () => {
    const releases: (() => void)[] = [];
    let running = 0;
    let peak = 0;
    const done = mapLimit([1, 2, 3, 4, 5], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      return n * 10;
    });
    while (releases.length > 0 || running > 0) {
      await Promise.resolve();
      releases.pop()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(await done, [10, 20, 30, 40, 50]);
    assert.equal(peak, 2);
  });

  it('refuses a limit below one', async () => {
    await assert.rejects(mapLimit([1], 0, async (n) => n), RangeError);
  });
});

describe('settingsErrors', () => {
  it('puts `field: message` parts next to their field and the rest on the form', () => {
    const errors = settingsErrors(new HeirloomError('invalid-arguments', 'backendUrl: Invalid URL; outputDir: Too small; arguments: Unrecognized key "x"'));
    assert.deepEqual(errors, { fields: { backendUrl: 'Invalid URL', outputDir: 'Too small' }, form: 'arguments: Unrecognized key "x"' });
  });

  it('keeps a message that names no field for the form', () => {
    assert.deepEqual(settingsErrors(new HeirloomError('not-writable', 'cannot write to /root/out')), { fields: {}, form: 'cannot write to /root/out' });
  });
});
