import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { TaskHeaderSchema } from './messages';
import { sendJobToBroker } from './send-to-broker';
import { createAppFixture, grayPhoto, type AppFixture } from './testing/app-fixture';

const fixtures: AppFixture[] = [];
after(() => fixtures.forEach((f) => f.close()));
async function fixture() {
  const f = await createAppFixture();
  fixtures.push(f);
  return f;
}

test('sending a job writes the task id on the job and the task in the outbox, in one transaction', async () => {
  const app = await fixture();
  const photo = await grayPhoto(32, 24);
  const sent = await app.sendPhoto(photo);
  const job = app.jobRow(sent.lease.jobId);
  assert.equal(job.state, 'running');
  assert.equal(job.remote_prompt_id, sent.taskId);
  assert.equal(job.backend_url, 'broker:portrait');
  const [row, ...rest] = app.outbox.pending(10);
  assert.equal(rest.length, 0);
  assert.ok(row);
  assert.equal(row.messageId, sent.taskId);
  assert.equal(row.jobId, sent.lease.jobId);
  assert.equal(row.routingKey, 'portrait');
  assert.deepEqual(row.body, { path: sent.photoPath, sha256: sent.sha256 });
  // The stored draft becomes a valid v1 task once the publisher adds how the photo travels.
  const draft = row.header as { photo: object };
  const task = TaskHeaderSchema.parse({ ...draft, photo: { ...draft.photo, transfer: { mode: 'inline' } } });
  assert.equal(task.installationId, app.installationId);
  assert.deepEqual(task.workflow.params, { size: 512, checkpoint: 'ddcolor_modelscope.pth' });
});

test('a stale lease writes nothing: no task id on the job, no outbox row', async () => {
  const app = await fixture();
  const sent = await app.sendPhoto(await grayPhoto(8, 8));
  const workflow = await app.workflows.get('ddcolor-portrait');
  assert.ok(workflow);
  const stale = { jobId: sent.lease.jobId, token: 'not-the-token' };
  const ok = sendJobToBroker(
    { db: app.db, queue: app.queue, outbox: app.outbox, now: Date.now },
    { lease: stale, taskId: randomUUID(), installationId: app.installationId, photo: { path: sent.photoPath, sha256: sent.sha256, name: 'x.png', sizeBytes: 1 }, workflow, params: {} },
  );
  assert.equal(ok, false);
  assert.equal(app.outbox.pendingCount(), 1, 'only the first send is in the outbox');
  assert.equal(app.jobRow(sent.lease.jobId).remote_prompt_id, sent.taskId);
});

test('an outbox row that fails to insert rolls the job change back', async () => {
  const app = await fixture();
  const sent = await app.sendPhoto(await grayPhoto(8, 8));
  const workflow = await app.workflows.get('ddcolor-portrait');
  assert.ok(workflow);
  app.queue.requeue(sent.lease, { code: 'test', message: 'again' });
  const claimed = app.queue.claim(null);
  assert.ok(claimed);
  // Same message id as the first send: the UNIQUE constraint fails inside the transaction.
  assert.throws(
    () =>
      sendJobToBroker(
        { db: app.db, queue: app.queue, outbox: app.outbox, now: Date.now },
        { lease: claimed.lease, taskId: sent.taskId, installationId: app.installationId, photo: { path: sent.photoPath, sha256: sent.sha256, name: 'x.png', sizeBytes: 1 }, workflow, params: {} },
      ),
    /UNIQUE/,
  );
  assert.equal(app.jobRow(claimed.lease.jobId).remote_prompt_id, null, 'recordPrompt was rolled back');
});

test('pending rows come in order; sent, failed, dead and discarded rows behave', async () => {
  const app = await fixture();
  const sends = [];
  for (let i = 0; i < 4; i++) sends.push(await app.sendPhoto(await grayPhoto(8 + i, 8)));
  const [a, b, c, d] = app.outbox.pending(10);
  assert.ok(a && b && c && d);
  assert.deepEqual([a, b, c, d].map((r) => r.messageId), sends.map((s) => s.taskId));
  assert.deepEqual(app.outbox.pending(2, a.seq).map((r) => r.seq), [b.seq, c.seq]);

  app.outbox.markSent([a.seq]);
  app.outbox.noteFailure(b.seq, 'nacked');
  app.outbox.markDead(c.seq, 'original changed');
  assert.equal(app.outbox.discardForJob(sends[3]?.lease.jobId ?? '', 'canceled'), 1);
  const pending = app.outbox.pending(10);
  assert.deepEqual(pending.map((r) => [r.seq, r.publishAttempts]), [[b.seq, 1]]);
  assert.equal(app.outbox.pendingCount(), 1);
  assert.equal(app.outbox.prune(Date.now() + 1), 3, 'sent and dead rows go; the pending one stays');
  assert.equal(app.outbox.pendingCount(), 1);
});

test('the drain query walks the partial index outbox_pending', async () => {
  const app = await fixture();
  const plan = app.db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM outbox WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?`).all(0, 10) as { detail: string }[];
  assert.ok(plan.some((step) => /outbox_pending/.test(step.detail)), JSON.stringify(plan));
  assert.ok(!plan.some((step) => /TEMP B-TREE/.test(step.detail)), 'no sort step');
});
