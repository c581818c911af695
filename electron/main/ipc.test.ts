import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandEnvelope } from '../shared/contract';
import { handleCommand, senderProblem } from './ipc';
import type { CommandSender } from './ipc';

const ours: CommandSender = { contentsId: 7, frameUrl: 'heirloom://app/index.html', isMainFrame: true };

void test('senderProblem: our window, its main frame, our origin', () => {
  assert.equal(senderProblem(ours, 7), undefined);
  assert.match(senderProblem(ours, undefined) ?? '', /not the Heirloom window/);
  assert.match(senderProblem({ ...ours, contentsId: 8 }, 7) ?? '', /not the Heirloom window/);
  assert.match(senderProblem({ ...ours, isMainFrame: false }, 7) ?? '', /subframe/);
  assert.match(senderProblem({ ...ours, frameUrl: undefined }, 7) ?? '', /not heirloom:\/\/app/);
  assert.match(senderProblem({ ...ours, frameUrl: 'https://evil.example/' }, 7) ?? '', /not heirloom:\/\/app/);
  assert.match(senderProblem({ ...ours, frameUrl: 'heirloom://media/x/thumb' }, 7) ?? '', /not heirloom:\/\/app/);
});

void test('handleCommand: rejected senders and non-string names never reach runCommand', async () => {
  const calls: Array<[string, unknown]> = [];
  const run = (name: string, args: unknown): Promise<CommandEnvelope> => {
    calls.push([name, args]);
    return Promise.resolve({ ok: true, result: { echoed: name } });
  };
  assert.deepEqual(await handleCommand({ ...ours, frameUrl: 'https://evil.example/' }, 7, 'app.info', {}, run), {
    ok: false,
    error: { code: 'forbidden', message: 'sender page is not heirloom://app' },
  });
  const numeric = await handleCommand(ours, 7, 42, {}, run);
  assert.equal(numeric.ok, false);
  assert.equal(!numeric.ok && numeric.error.code, 'unknown-command');
  assert.deepEqual(calls, []);
  assert.deepEqual(await handleCommand(ours, 7, 'photos.list', { x: 1 }, run), { ok: true, result: { echoed: 'photos.list' } });
  assert.deepEqual(calls, [['photos.list', { x: 1 }]]);
});
