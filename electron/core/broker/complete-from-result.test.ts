import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { sha256Hex } from '../workflows';
import { completeFromResult, createTaskLeases, reportRemoteProgress, type CompleteDeps } from './complete-from-result';
import type { ResultHeader } from './messages';
import type { VerifiedResult } from './result-consumer';
import { createAppFixture, grayPhoto, type AppFixture } from './testing/app-fixture';

const fixtures: AppFixture[] = [];
after(() => fixtures.forEach((f) => f.close()));

async function setup() {
  const app = await createAppFixture();
  fixtures.push(app);
  const deps: CompleteDeps = { queue: app.queue, leaseForTask: createTaskLeases(app.db), save: app.save };
  return { app, deps };
}

function header(taskId: string, jobId: string, installationId: string, outcome: ResultHeader['outcome']): ResultHeader {
  return {
    v: 1,
    type: 'result',
    taskId,
    installationId,
    jobId,
    outcome,
    timings: { receivedAtMs: 1, startedAtMs: 2, finishedAtMs: 3 },
    worker: { id: 'gpu-box-1', hostname: 'gpu-box', version: '0.1.0' },
    backend: { url: 'http://127.0.0.1:8188' },
  };
}

function succeeded(taskId: string, jobId: string, installationId: string, bytes: Buffer): VerifiedResult {
  const output = { sha256: sha256Hex(bytes), sizeBytes: bytes.length, fileName: 'r.png', transfer: { mode: 'inline' as const } };
  return { status: 'succeeded', taskId, jobId, header: header(taskId, jobId, installationId, { status: 'succeeded', output }), output: { bytes, fileName: 'r.png' } };
}

function failed(taskId: string, jobId: string, installationId: string, retryable: boolean): VerifiedResult {
  const error = { code: retryable ? 'comfy-unreachable' : 'comfy-execution', message: 'boom', retryable };
  return { status: 'failed', taskId, jobId, header: header(taskId, jobId, installationId, { status: 'failed', error }), error };
}

test('a verified result completes its job: output written, job succeeded, once', async () => {
  const { app, deps } = await setup();
  const sent = await app.sendPhoto(await grayPhoto(16, 16));
  const bytes = await grayPhoto(16, 16);
  const result = succeeded(sent.taskId, sent.lease.jobId, app.installationId, bytes);
  assert.equal(await completeFromResult(deps, result), 'succeeded');
  const job = app.jobRow(sent.lease.jobId);
  assert.equal(job.state, 'succeeded');
  assert.ok(job.output_path);
  assert.deepEqual(readFileSync(job.output_path), bytes);
  assert.equal(await completeFromResult(deps, result), 'stale', 'a duplicate result changes nothing');
});

test('failures: retryable ones go back to the queue, permanent ones fail the job, with the worker named', async () => {
  const { app, deps } = await setup();
  const transient = await app.sendPhoto(await grayPhoto(8, 8));
  assert.equal(await completeFromResult(deps, failed(transient.taskId, transient.lease.jobId, app.installationId, true)), 'retrying');
  const retried = app.jobRow(transient.lease.jobId);
  assert.equal(retried.state, 'queued');
  assert.equal(retried.last_error_code, 'comfy-unreachable');

  const permanent = await app.sendPhoto(await grayPhoto(9, 8));
  assert.equal(await completeFromResult(deps, failed(permanent.taskId, permanent.lease.jobId, app.installationId, false)), 'failed');
  const row = app.db.prepare(`SELECT state, last_error_message FROM jobs WHERE id = ?`).get(permanent.lease.jobId) as { state: string; last_error_message: string };
  assert.equal(row.state, 'failed');
  assert.match(row.last_error_message, /boom \(worker gpu-box-1\)/);
});

test('results for an attempt that is no longer current are ignored (canceled, resent, wrong job)', async () => {
  const { app, deps } = await setup();
  const bytes = await grayPhoto(8, 8);
  const canceled = await app.sendPhoto(bytes);
  app.queue.cancelPhotos([app.db.prepare(`SELECT photo_id FROM jobs WHERE id = ?`).pluck().get(canceled.lease.jobId) as string]);
  assert.equal(await completeFromResult(deps, succeeded(canceled.taskId, canceled.lease.jobId, app.installationId, bytes)), 'stale');
  assert.equal(app.jobRow(canceled.lease.jobId).state, 'canceled');
  assert.equal(app.jobRow(canceled.lease.jobId).output_path, null, 'no file for a canceled photo');

  const other = await app.sendPhoto(await grayPhoto(9, 9));
  assert.equal(await completeFromResult(deps, succeeded(other.taskId, 'some-other-job', app.installationId, bytes)), 'stale');
  assert.equal(app.jobRow(other.lease.jobId).state, 'running');
});

test('remote progress is reported on the job like local progress', async () => {
  const { app, deps } = await setup();
  const sent = await app.sendPhoto(await grayPhoto(8, 8));
  const progress = { v: 1, type: 'progress', taskId: sent.taskId, jobId: sent.lease.jobId, stage: 'colorizing', progress: 0.4, workerId: 'w', atMs: 0 } as const;
  const progressDeps = { queue: app.queue, leaseForTask: deps.leaseForTask };
  assert.equal(reportRemoteProgress(progressDeps, progress), true);
  const job = app.jobRow(sent.lease.jobId);
  assert.equal(job.stage, 'colorizing');
  assert.equal(job.progress, 0.4);
  assert.equal(reportRemoteProgress(progressDeps, { ...progress, taskId: '00000000-0000-4000-8000-000000000000' }), false);
});
