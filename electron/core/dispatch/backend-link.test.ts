// The link's slot accounting when chroma photos hand their slot on (handOff): what the scheduler
// counts, the bound on photos finishing here, and what losing the backend stops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComfyClient } from '../comfy/client';
import { createBackendLink, LOCAL_ALLOWANCE } from './backend-link';
import { AttemptStopped } from './classify';
import { PIPELINE_DEPTH } from './scheduler';

function link() {
  const deleted: string[][] = [];
  // Only what retire() uses; the link is never activated, so it opens no socket.
  const fake = {
    deleteQueued: (ids: string[]) => {
      deleted.push(ids);
      return Promise.resolve();
    },
    interrupt: () => Promise.resolve(),
    close: () => undefined,
  };
  const client = fake as unknown as ComfyClient;
  let changes = 0;
  const backend = createBackendLink({
    config: { id: 'b1', name: 'GPU', url: 'http://127.0.0.1:1', headers: {}, enabled: true },
    clientId: 'client',
    now: () => 0,
    offlineRetryMs: 100,
    healthCheckMs: 1000,
    probeTimeoutMs: 100,
    onChange: () => void changes++,
    onCheckDue: () => undefined,
    createClient: () => client,
  });
  return { backend, deleted, changes: () => changes };
}

test('a handed-off attempt frees its slot, up to LOCAL_ALLOWANCE photos finishing here', () => {
  const { backend, changes } = link();
  const signals = ['a', 'b', 'c', 'd', 'e'].map((id, i) => [id, backend.begin(id, i + 1)] as const);
  assert.equal(backend.inFlight(), 5);
  const before = changes();
  backend.handOff('a');
  assert.equal(changes(), before + 1, 'the dispatcher is woken to fill the slot');
  assert.equal(backend.inFlight(), Math.max(4, 5 - LOCAL_ALLOWANCE));
  backend.handOff('a');
  assert.equal(changes(), before + 1, 'a second hand-off of the same attempt changes nothing');

  for (const id of ['a', 'b', 'c', 'd', 'e']) backend.end(id, true);
  backend.begin('p', 10);
  backend.begin('q', 11);
  backend.handOff('p');
  backend.handOff('q');
  assert.equal(backend.inFlight(), 0, 'both slots free while two photos finish here');
  backend.begin('r', 12);
  backend.begin('s', 13);
  assert.equal(backend.inFlight(), PIPELINE_DEPTH);
  backend.handOff('r');
  assert.equal(backend.inFlight(), PIPELINE_DEPTH, `a third photo finishing here keeps the slot: at most ${LOCAL_ALLOWANCE} beyond the backend's`);
  assert.equal(backend.dto(undefined, []).inFlight, 1, 'the backend itself has one prompt');
  assert.ok(signals.every(([, signal]) => !signal.aborted));
});

test('losing the backend stops the attempts on it, not those it has finished its part of; a cancel stops either', () => {
  const { backend, deleted } = link();
  const onBackend = backend.begin('on', 1);
  backend.queued('on', 'prompt-on');
  const local = backend.begin('local', 2);
  backend.queued('local', 'prompt-local');
  backend.handOff('local');
  assert.equal(backend.retire('removed'), 1);
  assert.equal(onBackend.aborted, true);
  assert.equal(local.aborted, false, 'the rebuild here goes on');
  assert.deepEqual(deleted, [['prompt-on']], 'only the prompt still on the backend is taken off it');
  assert.equal(backend.stop('local', new AttemptStopped({ kind: 'canceled' }, 'canceled by the user')), true);
  assert.equal(local.aborted, true);
});
