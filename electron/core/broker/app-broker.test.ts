// The app's broker side without a broker: leases of remote jobs, switching the broker off, dead
// letters read and explained. (With RabbitMQ: app-broker.rabbitmq.test.ts.)
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { BrokerStatusDto } from '../../shared/contract';
import { createPhotoStore } from '../library/photo-store';
import { createResultWriter } from '../output/save-result';
import { encodeMessage } from './envelope';
import { createAppBroker, deadLetterError } from './app-broker';
import { readDeadLetter } from './dead-letter-consumer';
import { loadInstallationId } from './installation-id';
import { createBrokerSettings, type SecretStore } from './settings';
import { createAppFixture, grayPhoto, type AppFixture } from './testing/app-fixture';

const fixtures: AppFixture[] = [];
after(() => fixtures.forEach((f) => f.close()));

const noSecrets: SecretStore = { get: async () => undefined, set: async () => undefined };

async function setup() {
  let clock = 1_000_000;
  const app = await createAppFixture({ now: () => clock });
  fixtures.push(app);
  return {
    app,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

/** The app's broker side on the fixture's database, its settings off and kept without secrets. */
function appBroker(app: AppFixture, options: Pick<Parameters<typeof createAppBroker>[0], 'onSettled' | 'onStatus' | 'delayMs' | 'log'>) {
  const photos = createPhotoStore(app.db);
  const settings = createBrokerSettings({ db: app.db, secrets: noSecrets });
  const broker = createAppBroker({
    db: app.db,
    queue: app.queue,
    settings,
    save: { queue: app.queue, resultWriter: createResultWriter({ photos, settings: () => ({ outputDir: app.dir, outputFormat: 'png', namingPattern: '{name}', keepMetadata: false }), software: 'test', now: Date.now }) },
    installationId: app.installationId,
    now: Date.now,
    ...options,
  });
  return { broker, settings };
}

test('a job at a remote worker keeps its lease however long the worker takes; a local one is reclaimed', async () => {
  const { app, advance } = await setup();
  const remote = await app.sendPhoto(await grayPhoto(8, 8));
  await app.addPhoto(await grayPhoto(9, 8));
  const local = app.queue.claim('http://127.0.0.1:8188');
  assert.ok(local);
  advance(24 * 3_600_000);
  assert.equal(app.queue.reclaimExpired(), 1, 'only the local attempt');
  assert.equal(app.jobRow(local.lease.jobId).state, 'queued');
  const job = app.jobRow(remote.lease.jobId);
  assert.deepEqual([job.state, job.backend_url, job.remote_prompt_id], ['running', 'broker:portrait', remote.taskId]);
});

test('switching the broker off gives its jobs back to the local queue and drops their unsent tasks', async () => {
  const { app } = await setup();
  let settled = 0;
  const { broker } = appBroker(app, { onSettled: () => settled++ });
  const sent = [await app.sendPhoto(await grayPhoto(8, 8)), await app.sendPhoto(await grayPhoto(9, 9))];
  assert.equal(broker.inFlight(), 2);
  assert.equal(broker.enabled(), false, 'the settings have the broker off');

  await broker.restart();
  assert.equal(broker.inFlight(), 0);
  assert.equal(settled, 1, 'the dispatcher is woken once');
  for (const { lease } of sent) {
    const row = app.db.prepare(`SELECT state, last_error_code, attempts_started FROM jobs WHERE id = ?`).get(lease.jobId) as { state: string; last_error_code: string; attempts_started: number };
    assert.deepEqual(row, { state: 'queued', last_error_code: 'broker-off', attempts_started: 0 }, 'given back without using an attempt');
  }
  assert.equal(app.outbox.pendingCount(), 0, 'nothing is published for them later');
});

test('the status the UI shows: disabled, then connecting, an error with its reason while the broker is away, the photos out at workers; disabled again after stop', async () => {
  const { app } = await setup();
  const seen: BrokerStatusDto[] = [];
  let failed: (status: BrokerStatusDto) => void = () => undefined;
  const error = new Promise<BrokerStatusDto>((resolve) => (failed = resolve));
  const { broker, settings } = appBroker(app, {
    onSettled: () => undefined,
    onStatus: (status) => {
      seen.push(status);
      if (status.state === 'error') failed(status);
    },
    // One attempt is enough to see the error; stop() ends the wait for the next.
    delayMs: () => 60_000,
    log: () => undefined,
  });
  assert.deepEqual(broker.status(), { state: 'disabled', message: null, inFlight: 0 });
  await app.sendPhoto(await grayPhoto(8, 8));
  assert.equal(broker.status().inFlight, 1, 'a photo out at the workers is counted');

  // Nothing listens on port 1: the connection is refused at once.
  await settings.update({ enabled: true, url: 'amqp://127.0.0.1:1' });
  await broker.start();
  assert.deepEqual(seen[0], { state: 'connecting', message: null, inFlight: 1 });
  const failure = await error;
  assert.equal(failure.inFlight, 1);
  assert.match(failure.message ?? '', /ECONNREFUSED|refused/i, 'the reason, in words the user can act on');

  await broker.stop();
  assert.deepEqual(seen.at(-1), { state: 'disabled', message: null, inFlight: 1 });
  assert.deepEqual(broker.status(), { state: 'disabled', message: null, inFlight: 1 }, 'its photos stay with the workers until the next start');
});

test('a dead letter is read back to its job, with the reason in words', () => {
  const taskId = '0b0e3a36-5b5e-4b8e-9d2a-3f1f2f0c9a11';
  const header = {
    v: 1,
    type: 'task',
    taskId,
    installationId: 'inst',
    jobId: 'job-1',
    workflow: { id: 'ddcolor-portrait', kind: 'portrait', templateHash: 'a'.repeat(64), params: {} },
    photo: { sha256: 'b'.repeat(64), sizeBytes: 3, fileName: 'p.png', transfer: { mode: 'inline' } },
    createdAtMs: 1,
  } as const;
  const properties = { type: 'task', messageId: taskId, headers: { 'x-first-death-reason': 'delivery_limit', 'x-first-death-queue': 'heirloom.tasks.portrait' } };
  const letter = readDeadLetter({ content: encodeMessage(header, Buffer.from('abc')), properties } as unknown as Parameters<typeof readDeadLetter>[0]);
  assert.deepEqual(letter, { kind: 'task', taskId, jobId: 'job-1', reason: 'delivery_limit', queue: 'heirloom.tasks.portrait' });
  if ('invalid' in letter) return;
  const error = deadLetterError(letter);
  assert.equal(error.code, 'broker-dead-letter');
  assert.match(error.message, /too many times.*heirloom\.tasks\.portrait/);
  assert.equal(deadLetterError({ ...letter, reason: 'rejected' }).message.includes('refused by a worker'), true);

  const garbage = readDeadLetter({ content: Buffer.from('not a frame'), properties } as unknown as Parameters<typeof readDeadLetter>[0]);
  assert.ok('invalid' in garbage && /is not a task/.test(garbage.invalid));
});

test('the installation id is made once and kept', async () => {
  const { app } = await setup();
  const first = loadInstallationId(app.db, () => 'made-1');
  assert.equal(first, 'made-1');
  assert.equal(loadInstallationId(app.db, () => 'made-2'), 'made-1');
  app.db.prepare(`DELETE FROM settings WHERE key = 'broker.installationId'`).run();
  assert.throws(() => loadInstallationId(app.db, () => 'not valid!'), /installation id/, 'an id that cannot be a routing key is refused');
});
