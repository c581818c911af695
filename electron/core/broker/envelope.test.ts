import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planTransfer } from './blob';
import { BrokerMessageError, decodeMessage, encodeMessage } from './envelope';
import type { TaskHeader } from './messages';

const task: TaskHeader = {
  v: 1,
  type: 'task',
  taskId: '0b8f6a3e-4c1d-4e2a-9f00-1234567890ab',
  installationId: 'install-1',
  jobId: 'job-1',
  workflow: { id: 'ddcolor-portrait', kind: 'portrait', templateHash: 'a'.repeat(64), params: { size: 512, checkpoint: 'ddcolor_modelscope.pth' } },
  photo: { sha256: 'b'.repeat(64), sizeBytes: 3, fileName: '外婆 1962.tif', transfer: { mode: 'inline' } },
  createdAtMs: 1_800_000_000_000,
};

test('a task round-trips with its binary payload, non-ASCII names intact', () => {
  const body = encodeMessage(task, new Uint8Array([0, 255, 7]));
  const { header, payload } = decodeMessage(body, 'task');
  assert.deepEqual(header, task);
  assert.deepEqual([...payload], [0, 255, 7]);
});

test('bad bodies are refused with a code saying why', () => {
  const expectCode = (body: Buffer, code: BrokerMessageError['code'], pattern: RegExp) =>
    assert.throws(
      () => decodeMessage(body, 'task'),
      (error: unknown) => error instanceof BrokerMessageError && error.code === code && pattern.test(error.message),
    );
  expectCode(Buffer.from([0, 0]), 'malformed', /at least 4 bytes/);
  expectCode(Buffer.from([0, 0, 0, 200, 1]), 'malformed', /does not fit/);
  const notJson = Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{x}')]);
  expectCode(notJson, 'malformed', /not JSON/);
  expectCode(encodeMessage({ ...task, v: 2 } as unknown as TaskHeader), 'unsupported-version', /version 2 is not supported/);
  expectCode(encodeMessage({ ...task, taskId: 'ABC' }), 'invalid-header', /taskId: a task id is a lowercase canonical UUID/);
  expectCode(encodeMessage({ ...task, workflow: { ...task.workflow, kind: 'Portrait!' } }), 'invalid-header', /workflow\.kind/);
  expectCode(encodeMessage({ ...task, extra: 1 } as TaskHeader), 'invalid-header', /Unrecognized key/);
  const progress = encodeMessage({ v: 1, type: 'progress', taskId: task.taskId, jobId: 'j', stage: 'colorizing', progress: 0.5, workerId: 'w', atMs: 0 });
  expectCode(progress, 'unexpected-type', /expected a task message, got a progress message/);
});

test('a chunk index must be below its count', () => {
  const chunk = encodeMessage({ v: 1, type: 'chunk', taskId: task.taskId, part: 'photo', index: 3, count: 3 });
  assert.throws(() => decodeMessage(chunk, 'chunk'), /below its count/);
});

test('bytes up to one chunk travel inline; above, in ceil(size / chunk) chunks', () => {
  const chunk = 4 * 1024 * 1024;
  assert.deepEqual(planTransfer(0, 'q'), { mode: 'inline' });
  assert.deepEqual(planTransfer(chunk, 'q'), { mode: 'inline' });
  assert.deepEqual(planTransfer(chunk + 1, 'q'), { mode: 'chunked', queue: 'q', chunks: 2, chunkBytes: chunk });
  assert.deepEqual(planTransfer(40_000_000, 'q'), { mode: 'chunked', queue: 'q', chunks: 10, chunkBytes: chunk });
});
