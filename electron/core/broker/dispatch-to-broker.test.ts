// The dispatcher's side of remote workers without a broker (a recording RemoteTarget): claimed
// jobs go out up to the broker's window, the next one when a remote job settles, and none while
// the broker is off. (The real thing end to end: app-broker.rabbitmq.test.ts.)
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createDispatcher } from '../dispatch/dispatcher';
import type { RemoteTarget } from '../dispatch/remote-target';
import { createPhotoStore } from '../library/photo-store';
import { createResultWriter } from '../output/save-result';
import type { ClaimedJob } from '../queue/job-queue';
import { createAppFixture, grayPhoto, type AppFixture } from './testing/app-fixture';

const fixtures: AppFixture[] = [];
after(() => fixtures.forEach((f) => f.close()));

/** Records what the dispatcher sends; `inFlight` counts sent jobs still running in the queue. */
function recordingRemote(app: AppFixture, capacity: number) {
  const sent: ClaimedJob[] = [];
  let enabled = true;
  let onSend: (() => void) | undefined;
  const target: RemoteTarget = {
    capacity,
    enabled: () => enabled,
    inFlight: () => sent.filter((job) => app.jobRow(job.lease.jobId).state === 'running').length,
    send(job, photo, workflow) {
      assert.equal(photo.id, job.photoId);
      assert.equal(workflow.id, job.workflowId);
      sent.push(job);
      onSend?.();
      return true;
    },
    canceled: () => undefined,
  };
  return {
    target,
    sent,
    setEnabled: (on: boolean) => {
      enabled = on;
    },
    /** Resolves once `count` jobs were sent in all. */
    until: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (sent.length >= count) resolve();
        };
        onSend = check;
        check();
      }),
  };
}

async function setup(photos: number, capacity: number, enabled = true) {
  const app = await createAppFixture();
  fixtures.push(app);
  for (let i = 0; i < photos; i++) await app.addPhoto(await grayPhoto(8 + i, 8));
  const remote = recordingRemote(app, capacity);
  remote.setEnabled(enabled);
  const store = createPhotoStore(app.db);
  const dispatcher = createDispatcher({
    queue: app.queue,
    photos: store,
    workflows: app.workflows,
    now: Date.now,
    backends: () => [],
    resultWriter: createResultWriter({ photos: store, settings: () => ({ outputDir: app.dir, outputFormat: 'png', namingPattern: '{name}', keepMetadata: false }), software: 'test', now: Date.now }),
    selectedWorkflow: () => ({ workflowId: 'ddcolor-portrait', params: {} }),
    onBackend: () => undefined,
    onBackendRemoved: () => undefined,
    idleCheckMs: 60_000,
    remote: remote.target,
  });
  const states = () => app.db.prepare(`SELECT state, COUNT(*) AS n FROM jobs GROUP BY state ORDER BY state`).all() as { state: string; n: number }[];
  return { app, remote, dispatcher, states };
}

test('without local backends, claimed jobs go to the broker up to its window, the next as one settles', async () => {
  const { app, remote, dispatcher, states } = await setup(5, 3);
  dispatcher.start();
  try {
    await remote.until(3);
    assert.deepEqual(states(), [
      { state: 'queued', n: 2 },
      { state: 'running', n: 3 },
    ]);
    const first = remote.sent[0];
    assert.ok(first);
    app.queue.succeed(first.lease);
    dispatcher.wake();
    await remote.until(4);
    assert.equal(remote.sent.length, 4, 'one more, not the whole queue');
    assert.equal(new Set(remote.sent.map((job) => job.lease.jobId)).size, 4, 'each job sent once');
  } finally {
    await dispatcher.stop();
  }
});

test('with the broker off nothing is sent, and start-up recovery gives jobs left at remote workers back', async () => {
  const { app, remote, dispatcher, states } = await setup(2, 3, false);
  // A job a previous run sent to the broker, which is off now.
  const atWorker = await app.sendNext();
  assert.ok(atWorker);
  dispatcher.start();
  try {
    await dispatcher.waitForIdle();
    assert.equal(remote.sent.length, 0);
    assert.deepEqual(states(), [{ state: 'queued', n: 2 }]);
    const row = app.jobRow(atWorker.lease.jobId);
    assert.deepEqual([row.state, row.last_error_code], ['queued', 'broker-off']);
  } finally {
    await dispatcher.stop();
  }
});

test('with the broker on, start-up recovery leaves a job at a remote worker to it', async () => {
  const { app, dispatcher } = await setup(1, 3);
  const atWorker = await app.sendNext();
  assert.ok(atWorker);
  dispatcher.start();
  try {
    await dispatcher.waitForIdle();
    const row = app.jobRow(atWorker.lease.jobId);
    assert.deepEqual([row.state, row.backend_url, row.remote_prompt_id], ['running', 'broker:portrait', atWorker.taskId]);
  } finally {
    await dispatcher.stop();
  }
});
