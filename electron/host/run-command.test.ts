import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandHandlers, SettingsDto } from '../shared/contract';
import { runCommand } from './run-command';

const settings: SettingsDto = { outputDir: '/out', workflowId: 'ddcolor-portrait', workflowParams: {}, outputFormat: 'png', namingPattern: '{name}.colorized', keepMetadata: true, language: 'system', theme: 'system' };
const handlers = {
  'settings.get': async () => settings,
  'settings.update': async (patch) => ({ ...settings, ...patch }),
  'jobs.retry': async ({ photoIds }) => ({ retried: photoIds?.length ?? 0 }),
  'photos.list': async () => {
    throw Object.assign(new Error('disk on fire'), { code: 'disk' });
  },
} as Partial<CommandHandlers> as CommandHandlers;

test('a valid command returns its result', async () => {
  assert.deepEqual(await runCommand({ handlers }, 'jobs.retry', { photoIds: ['a', 'b'] }), { ok: true, result: { retried: 2 } });
});

test('unknown commands and bad arguments are refused before any handler runs', async () => {
  assert.deepEqual(await runCommand({ handlers }, 'fs.deleteEverything', {}), {
    ok: false,
    error: { code: 'unknown-command', message: 'Unknown command: fs.deleteEverything' },
  });
  const bad = await runCommand({ handlers }, 'backends.add', { url: 'ftp://x', extra: 1 });
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.error.code, 'invalid-arguments');
    assert.match(bad.error.message, /url/);
    assert.match(bad.error.message, /extra/);
  }
  const missing = await runCommand({ handlers }, 'jobs.cancel', {});
  assert.equal(missing.ok, false);
});

test('a throwing handler becomes an error envelope with its code', async () => {
  assert.deepEqual(await runCommand({ handlers }, 'photos.list', {}), { ok: false, error: { code: 'disk', message: 'disk on fire' } });
});
