// Pure pieces of the renderer: strings, badge wording, backoff, bounded concurrency, error mapping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconnectDelayMs } from '../../renderer/client/backoff';
import { mapLimit } from '../../renderer/client/map-limit';
import { brokerStatusText } from '../../renderer/components/broker-text';
import { createI18n, translator } from '../../renderer/i18n/create-i18n';
import { photoStatus } from '../../renderer/store/status';
import { formatHeaders, isBackendUrl, parseHeaders } from '../../renderer/views/settings/backend-form';
import { job, photo } from './fixtures';

const t = translator(createI18n('en'));
const zh = translator(createI18n('zh-CN'));

describe('t', () => {
  it('interpolates and picks English plural forms by count', () => {
    assert.equal(t('badge.colorizing', { percent: 42 }), 'Colorizing 42%');
    assert.equal(t('rejected.title', { count: 1 }), '1 file was not added');
    assert.equal(t('rejected.title', { count: 3 }), '3 files were not added');
    assert.equal(t('backend.offline', { url: 'http://x:8188' }), 'ComfyUI at http://x:8188 is offline — photos wait safely and start when it is back');
  });

  it('speaks Chinese with its single plural form', () => {
    assert.equal(zh('badge.colorizing', { percent: 42 }), '上色中 42%');
    assert.equal(zh('rejected.title', { count: 1 }), '有 1 个文件没有加进来');
    assert.equal(zh('rejected.title', { count: 3 }), '有 3 个文件没有加进来');
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
      const status = photoStatus(photo('p', { job: job(jobFields) }), t);
      assert.deepEqual({ label: status.label, tone: status.tone, progress: status.progress, canRetry: status.canRetry }, expected);
    });
  }

  it('gives the reason of a failure (with what to do when the code is known) and of a pending retry', () => {
    const missing = photoStatus(photo('p', { job: job({ state: 'failed', error: { code: 'node-missing', message: 'node DDColor_Colorize is not installed on http://h' } }) }), t);
    assert.equal(missing.detail, 'node DDColor_Colorize is not installed on http://h');
    assert.match(missing.hint ?? '', /Install the missing node/);
    assert.equal(photoStatus(photo('p', { job: job({ state: 'failed', error: { code: 'mystery', message: 'x' } }) }), t).hint, null);
    assert.equal(photoStatus(photo('p', { job: job({ state: 'queued', attempts: 1, error: { code: 'x', message: 'timed out' } }) }), t).detail, 'Will retry: timed out');
  });

  it('offers to colorize a colour photo the import left alone', () => {
    const status = photoStatus(photo('p', { isColor: true, job: null }), t);
    assert.deepEqual({ label: status.label, canColorize: status.canColorize, canRetry: status.canRetry }, { label: 'Already in colour', canColorize: true, canRetry: false });
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

describe('backend form', () => {
  it('reads proxy headers one per line as `Name: value`, blank lines ignored', () => {
    assert.deepEqual(parseHeaders('Authorization: Bearer a:b\n\n  X-Key:  k  \n'), { ok: true, headers: { Authorization: 'Bearer a:b', 'X-Key': 'k' } });
    assert.deepEqual(parseHeaders(''), { ok: true, headers: {} });
    assert.deepEqual(parseHeaders('X-Ok: 1\nno colon here'), { ok: false, line: 2 });
    assert.deepEqual(parseHeaders('Bad Name: 1'), { ok: false, line: 1 });
    assert.deepEqual(parseHeaders(': value'), { ok: false, line: 1 });
  });

  it('writes headers back the same way and checks URLs like the core', () => {
    assert.equal(formatHeaders({ Authorization: 'Bearer t', 'X-Key': 'k' }), 'Authorization: Bearer t\nX-Key: k');
    assert.equal(isBackendUrl(' http://gpu-pc:8188 '), true);
    assert.equal(isBackendUrl('ftp://nas/comfy'), false);
    assert.equal(isBackendUrl('gpu-pc:8188'), false);
  });
});

describe('brokerStatusText', () => {
  it('words each state of the link, with the photos out at workers and the reason of an error', () => {
    assert.deepEqual(brokerStatusText({ state: 'disabled', message: null, inFlight: 0 }, t), { tone: 'neutral', title: 'Remote workers are off', detail: null });
    assert.deepEqual(brokerStatusText({ state: 'connecting', message: null, inFlight: 0 }, t).tone, 'neutral');
    assert.deepEqual(brokerStatusText({ state: 'connected', message: null, inFlight: 0 }, t), { tone: 'online', title: 'Remote workers: connected to RabbitMQ', detail: null });
    assert.equal(brokerStatusText({ state: 'connected', message: null, inFlight: 3 }, t).title, 'Remote workers: connected · 3 photos out at workers');
    const down = brokerStatusText({ state: 'error', message: 'connect ECONNREFUSED 192.168.1.20:5672', inFlight: 1 }, t);
    assert.deepEqual(down, { tone: 'warn', title: 'Remote workers: cannot reach RabbitMQ — retrying by itself; 1 photo stays with the workers', detail: 'connect ECONNREFUSED 192.168.1.20:5672' });
    assert.equal(brokerStatusText({ state: 'connected', message: null, inFlight: 2 }, zh).title, '远程工作机：已连接 · 2 张照片正在工作机上处理');
  });
});
