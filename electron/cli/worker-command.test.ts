import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWorkerArgs } from './worker-command';

const parse = (args: string[], env: Record<string, string> = {}) => parseWorkerArgs(args, { HEIRLOOM_DATA_DIR: '/data', ...env });
const COMFY = ['--comfy', 'http://127.0.0.1:8188'];

test('worker options: defaults, repeated --comfy, credentials from the environment', () => {
  const parsed = parse(['--amqp', 'amqp://rabbit:5672', ...COMFY, '--comfy', 'http://gpu-2:8188'], { HEIRLOOM_AMQP_USER: 'family', HEIRLOOM_AMQP_PASSWORD: 'p@ss' });
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.options, {
    amqpUrl: 'amqp://family:p%40ss@rabbit:5672',
    comfy: ['http://127.0.0.1:8188', 'http://gpu-2:8188'],
    prefetch: 6,
    metrics: null,
    kinds: null,
    prefix: 'heirloom',
    graceMs: 60_000,
    dataDir: '/data/worker',
  });
  const withFlags = parse(['--amqp', 'amqps://u:pw@rabbit', ...COMFY, '--prefetch', '8', '--metrics-port', '9464', '--kind', 'portrait', '--grace', '5', '--data', '/w']);
  assert.ok(withFlags.ok);
  assert.equal(withFlags.options.amqpUrl, 'amqps://u:pw@rabbit');
  assert.equal(withFlags.options.prefetch, 8);
  assert.deepEqual(withFlags.options.metrics, { host: '127.0.0.1', port: 9464 });
  assert.deepEqual(withFlags.options.kinds, ['portrait']);
  assert.equal(withFlags.options.graceMs, 5_000);
  assert.equal(withFlags.options.dataDir, '/w');
});

test('worker options: each mistake gets its own message', () => {
  const message = (args: string[]) => {
    const parsed = parse(args);
    assert.equal(parsed.ok, false);
    return parsed.ok ? '' : parsed.message;
  };
  assert.match(message(COMFY), /needs --amqp URL/);
  assert.match(message(['--amqp', 'http://rabbit', ...COMFY]), /amqp:\/\/ or amqps:\/\//);
  assert.match(message(['--amqp', 'nonsense', ...COMFY]), /must be an amqp/);
  assert.match(message(['--amqp', 'amqp://rabbit']), /at least one --comfy URL/);
  assert.match(message(['--amqp', 'amqp://rabbit', '--comfy', 'ftp://x']), /--comfy must be an http/);
  assert.match(message(['--amqp', 'amqp://rabbit', ...COMFY, '--prefetch', '0']), /--prefetch must be 1–1000/);
  assert.match(message(['--amqp', 'amqp://rabbit', ...COMFY, '--metrics-port', '70000']), /--metrics-port must be 0–65535/);
  assert.match(message(['--amqp', 'amqp://rabbit', ...COMFY, 'extra']), /no positional arguments/);
  assert.throws(() => parse(['--amqp', 'amqp://rabbit', ...COMFY, '--bogus']), /Unknown option '--bogus'/);
});
