// The broker path against the real RabbitMQ and the ComfyUI emulator. One file, so its tests run
// one after another: one of them restarts the broker and one changes its message size limit.
// Each test has its own names (uniqueTopology) and deletes them afterwards.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { startComfyEmulator } from '../../../e2e/comfyui-emulator';
import { createWorkflowRegistry } from '../api/workflow-registry';
import { tempDir } from '../testing/test-db';
import { sha256Hex } from '../workflows';
import { publishOn } from './blob';
import { completeFromResult, createTaskLeases, reportRemoteProgress, type Completion } from './complete-from-result';
import { encodeMessage } from './envelope';
import type { LinkState } from './keep-connected';
import type { ProgressHeader, TaskHeader } from './messages';
import { startPublisher } from './publisher';
import { startResultConsumer, type VerifiedResult } from './result-consumer';
import { testBrokerConnection } from './settings';
import type { TaskDraft } from './send-to-broker';
import { createAppFixture, grayPhoto, WORKFLOWS_DIR, type AppFixture } from './testing/app-fixture';
import { chromaUploadSha } from './testing/chroma-upload';
import { AMQP_URL, createWaiter, rabbitEval, rabbitmqctl, rabbitTests, restartBroker, testConnection, uniqueTopology } from './testing/rabbit';
import type { Topology } from './topology';
import { createBackendPool } from './worker/executor';
import type { TaskOutcome } from './worker/metrics';
import { openTaskRecords } from './worker/task-records';
import { startWorker } from './worker/worker';

const rabbit = await rabbitTests();
const REPO = join(import.meta.dirname, '..', '..', '..');
const fastReconnect = () => 200;

/** The app's side: publisher + result consumer, results settled with completeFromResult. */
function startAppSide(topology: Topology, app: AppFixture, options: { batchSize?: number; onState?: (state: LinkState) => void } = {}) {
  const stop = new AbortController();
  const results = createWaiter<{ result: VerifiedResult; completion: Completion }>();
  const progress = createWaiter<ProgressHeader>();
  const deps = { queue: app.queue, leaseForTask: createTaskLeases(app.db), save: app.save };
  const publisher = startPublisher({
    url: AMQP_URL,
    topology,
    installationId: app.installationId,
    outbox: app.outbox,
    signal: stop.signal,
    delayMs: fastReconnect,
    ...options,
  });
  const consumer = startResultConsumer({
    url: AMQP_URL,
    topology,
    installationId: app.installationId,
    signal: stop.signal,
    delayMs: fastReconnect,
    onResult: async (result) => results.push({ result, completion: await completeFromResult(deps, result) }),
    onProgress: (header) => {
      reportRemoteProgress(deps, header);
      progress.push(header);
    },
  });
  return {
    publisher,
    results,
    progress,
    async stop() {
      stop.abort();
      await Promise.all([publisher.done, consumer.done]);
    },
  };
}

/** A worker in this process (the CLI wires the same parts). */
async function startTestWorker(topology: Topology, comfyUrl: string, options: { capacity?: number; prefetch?: number; chunkBytes?: number } = {}) {
  const dir = tempDir('broker-worker');
  const stop = new AbortController();
  const executor = createBackendPool({ urls: [comfyUrl], clientId: randomUUID(), now: Date.now, pollIntervalMs: 100, capacity: options.capacity ?? 2 });
  const settled = createWaiter<{ taskId: string | null; outcome: TaskOutcome; detail: string | null }>();
  const worker = startWorker({
    url: AMQP_URL,
    topology,
    executor,
    workflows: await createWorkflowRegistry(WORKFLOWS_DIR),
    kinds: ['portrait'],
    records: await openTaskRecords({ dir: join(dir.path, 'tasks'), now: Date.now }),
    identity: { id: `test-worker-${randomUUID().slice(0, 4)}`, hostname: 'test', version: '0' },
    signal: stop.signal,
    prefetch: options.prefetch ?? 2,
    graceMs: 30_000,
    now: Date.now,
    delayMs: fastReconnect,
    onSettled: (event) => settled.push(event),
    ...(options.chunkBytes ? { chunkBytes: options.chunkBytes } : {}),
  });
  return {
    settled,
    async stop() {
      stop.abort();
      await worker.done;
      executor.close();
      dir.remove();
    },
  };
}

/** `heirloom worker` as its own process (so it can be SIGKILLed). */
function spawnWorker(topology: Topology, comfyUrl: string, dataDir: string, extra: string[] = []): { child: ChildProcess; output: () => string } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'electron', 'cli', 'heirloom.ts'), 'worker', '--amqp', AMQP_URL, '--comfy', comfyUrl, '--prefix', topology.names.prefix, '--data', dataDir, '--kind', 'portrait', ...extra],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function draftFor(app: AppFixture, taskId: string, photo: { sha256: string; sizeBytes: number }): Promise<TaskDraft> {
  const workflow = await app.workflows.get('ddcolor-portrait');
  assert.ok(workflow);
  return {
    v: 1,
    type: 'task',
    taskId,
    installationId: app.installationId,
    jobId: `job-${taskId}`,
    workflow: { id: workflow.id, kind: workflow.kind, templateHash: workflow.templateHash, params: { size: 512, checkpoint: 'ddcolor_modelscope.pth' } },
    photo: { sha256: photo.sha256, sizeBytes: photo.sizeBytes, fileName: 'p.png' },
    createdAtMs: Date.now(),
  };
}

test('a broker restart while 1,000 tasks are being published loses none of them', rabbit.options, async () => {
  rabbit.require();
  const { topology, cleanup } = uniqueTopology();
  const app = await createAppFixture();
  const stop = new AbortController();
  const states: LinkState[] = [];
  const publisher = startPublisher({ url: AMQP_URL, topology, installationId: app.installationId, outbox: app.outbox, signal: stop.signal, batchSize: 50, delayMs: () => 250, onState: (s) => states.push(s) });
  let model: Awaited<ReturnType<typeof testConnection>> | undefined;
  try {
    const bytes = await grayPhoto(16, 16);
    const photoPath = join(app.dir, 'photo.png');
    writeFileSync(photoPath, bytes);
    const photo = { sha256: sha256Hex(bytes), sizeBytes: bytes.length };
    const draft = await draftFor(app, randomUUID(), photo);
    const ids: string[] = [];
    const add = (n: number) => {
      app.db.transaction(() => {
        for (let i = 0; i < n; i++) {
          const taskId = randomUUID();
          ids.push(taskId);
          app.outbox.add({ messageId: taskId, jobId: null, routingKey: 'portrait', header: { ...draft, taskId, jobId: `job-${ids.length}` }, body: { path: photoPath, sha256: photo.sha256 } });
        }
      })();
      publisher.wake();
    };
    add(100);
    // The app keeps producing (5 tasks every 20 ms, ~4 s for the rest) while the broker goes down and comes back.
    const producing = (async () => {
      while (ids.length < 1000) {
        add(5);
        await delay(20);
      }
    })();
    let publishedAtStop = -1;
    await restartBroker(() => {
      publishedAtStop = publisher.published();
    });
    await producing;
    await Promise.race([publisher.drained(), delay(60_000).then(() => assert.fail('the outbox did not drain within 60 s of the restart'))]);
    assert.equal(app.outbox.pendingCount(), 0);
    assert.ok(states.some((s) => !s.connected), 'the publisher saw the broker go away');
    assert.ok(publishedAtStop >= 0 && publishedAtStop < 1000, `the broker stopped mid-stream (${publishedAtStop} of 1000 confirmed by then)`);

    // Every task is in its queue; a few may be there twice (unconfirmed when the broker went down).
    model = await testConnection();
    const channel = await model.createChannel();
    const seen = createWaiter<string>();
    await channel.consume(topology.names.taskQueue('portrait'), (message) => message && seen.push(String(message.properties.messageId)), { noAck: true });
    const unique = () => new Set(seen.seen()).size;
    await seen.next(() => unique() >= 1000, 30_000, 'all 1,000 tasks in the queue');
    assert.deepEqual(new Set(seen.seen()), new Set(ids));
    console.log(`# outage: ${publishedAtStop} confirmed before the stop, ${seen.seen().length - 1000} duplicates after it`);
  } finally {
    stop.abort();
    await publisher.done;
    await model?.close().catch(() => undefined);
    await cleanup();
    app.close();
  }
});

test('a worker killed (SIGKILL) mid-task: the task is redelivered and restored exactly once', rabbit.options, async () => {
  rabbit.require();
  const { topology, cleanup } = uniqueTopology();
  const emulator = await startComfyEmulator({ serviceTimeMs: 4_000 });
  const app = await createAppFixture();
  const side = startAppSide(topology, app);
  const dirs = [tempDir('worker-a'), tempDir('worker-b')];
  const children: ChildProcess[] = [];
  try {
    const photo = await grayPhoto(64, 48);
    const sent = await app.sendPhoto(photo);
    side.publisher.wake();
    const first = spawnWorker(topology, emulator.url, dirs[0]?.path ?? '');
    children.push(first.child);
    await side.progress.next((p) => p.taskId === sent.taskId && p.stage === 'colorizing', 60_000, 'the first worker to be colorizing').catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker output:\n${first.output()}`);
    });
    assert.equal(app.jobRow(sent.lease.jobId).stage, 'colorizing', 'remote progress shows on the job');
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = spawnWorker(topology, emulator.url, dirs[1]?.path ?? '', ['--metrics-port', '0']);
    children.push(second.child);
    const { result, completion } = await side.results.next((r) => r.result.taskId === sent.taskId, 60_000, 'the result').catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker output:\n${second.output()}`);
    });
    assert.equal(completion, 'succeeded');
    assert.equal(result.header.worker.id, readFileSync(join(dirs[1]?.path ?? '', 'worker-id'), 'utf8').trim(), 'the second worker answered');
    assert.equal(emulator.stats.executions(), 1, 'restored once: the second worker re-attached to the prompt the first one started');
    // Chroma mode: ComfyUI saw the photo's model input, not the photo.
    assert.equal(emulator.stats.executionsByImage().get(await chromaUploadSha(photo, 'photo.png')), 1);
    const job = app.jobRow(sent.lease.jobId);
    assert.equal(job.state, 'succeeded');
    assert.ok(job.output_path);
    assert.equal(sha256Hex(readFileSync(job.output_path)), result.status === 'succeeded' ? sha256Hex(result.output.bytes) : '');

    const metricsUrl = /metrics on (http:\/\/\S+)/.exec(second.output())?.[1];
    assert.ok(metricsUrl, second.output());
    const metrics = (await (await fetch(metricsUrl)).text()).split('\n');
    assert.ok(metrics.includes('heirloom_worker_tasks_total{outcome="succeeded"} 1'), 'the task shows in the metrics');
    assert.ok(metrics.includes(`heirloom_worker_backend_up{backend="${emulator.url}"} 1`));

    second.child.kill('SIGTERM');
    const [code] = (await once(second.child, 'exit')) as [number | null];
    assert.equal(code, 0, `an idle worker stops cleanly on SIGTERM:\n${second.output()}`);
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await side.stop();
    await emulator.close();
    await cleanup();
    app.close();
    dirs.forEach((d) => d.remove());
  }
});

test('graceful stop: the started task finishes, the prefetched one goes back to the queue', rabbit.options, async () => {
  rabbit.require();
  const { topology, cleanup } = uniqueTopology();
  const emulator = await startComfyEmulator({ serviceTimeMs: 1_500 });
  const app = await createAppFixture();
  const side = startAppSide(topology, app);
  const worker = await startTestWorker(topology, emulator.url, { capacity: 1, prefetch: 2 });
  const model = await testConnection();
  try {
    const a = await app.sendPhoto(await grayPhoto(32, 32));
    const b = await app.sendPhoto(await grayPhoto(33, 32));
    side.publisher.wake();
    const started = await side.progress.next((p) => p.stage === 'colorizing', 30_000, 'one task colorizing');
    const other = started.taskId === a.taskId ? b : a;
    await worker.stop();
    const finished = worker.settled.seen().find((e) => e.taskId === started.taskId);
    const returned = worker.settled.seen().find((e) => e.taskId === other.taskId);
    assert.equal(finished?.outcome, 'succeeded');
    assert.deepEqual([returned?.outcome, returned?.detail], ['returned', 'worker shutting down']);
    assert.equal((await side.results.next((r) => r.result.taskId === started.taskId, 10_000, 'the finished result')).completion, 'succeeded');
    const channel = await model.createChannel();
    assert.equal((await channel.checkQueue(topology.names.taskQueue('portrait'))).messageCount, 1, 'the unstarted task is back in the queue');

    const next = await startTestWorker(topology, emulator.url);
    try {
      assert.equal((await side.results.next((r) => r.result.taskId === other.taskId, 30_000, 'the returned task done by another worker')).completion, 'succeeded');
    } finally {
      await next.stop();
    }
    assert.equal(emulator.stats.executions(), 2);
  } finally {
    await model.close().catch(() => undefined);
    await side.stop();
    await emulator.close();
    await cleanup();
    app.close();
  }
});

test('poison: an unreadable task is dead-lettered at once, one that keeps coming back after the delivery limit', rabbit.options, async () => {
  rabbit.require();
  const { topology, cleanup } = uniqueTopology({ deliveryLimit: 2 });
  const emulator = await startComfyEmulator();
  const app = await createAppFixture();
  const model = await testConnection();
  const worker = await startTestWorker(topology, emulator.url);
  try {
    const channel = await model.createConfirmChannel();
    const declare = topology.on(channel);
    await declare.taskQueue('portrait');
    const dead = createWaiter<{ id: string; reason: unknown; deliveries: number }>();
    await channel.consume(
      topology.names.deadQueue,
      (message) => message && dead.push({ id: String(message.properties.messageId), reason: message.properties.headers?.['x-first-death-reason'], deliveries: 0 }),
      { noAck: true },
    );

    const garbage = await publishOn(channel, topology.names.tasksExchange, 'portrait', Buffer.from('not a heirloom frame'), { persistent: true, messageId: 'garbage' });
    await garbage.confirmed;

    // A chunked task whose blob holds 1 of its 2 chunks: the worker can never read its photo.
    const taskId = randomUUID();
    const blobQueue = topology.names.blobQueue(taskId, 'photo');
    const draft = await draftFor(app, taskId, { sha256: 'c'.repeat(64), sizeBytes: 10 });
    const task: TaskHeader = { ...draft, photo: { ...draft.photo, transfer: { mode: 'chunked', queue: blobQueue, chunks: 2, chunkBytes: 5 } } };
    await declare.blobQueue(blobQueue);
    await (await publishOn(channel, '', blobQueue, encodeMessage({ v: 1, type: 'chunk', taskId, part: 'photo', index: 0, count: 2 }, Buffer.from('12345')), { persistent: true })).confirmed;
    await (await publishOn(channel, topology.names.tasksExchange, 'portrait', encodeMessage(task), { persistent: true, messageId: taskId })).confirmed;

    assert.equal((await dead.next((d) => d.id === 'garbage', 30_000, 'the unreadable task in the dead-letter queue')).reason, 'rejected');
    assert.equal((await dead.next((d) => d.id === taskId, 30_000, 'the poison task in the dead-letter queue')).reason, 'delivery_limit');
    const returns = worker.settled.seen().filter((e) => e.taskId === taskId);
    assert.equal(returns.length, 3, 'delivered 1 + deliveryLimit times, then dead-lettered');
    assert.ok(returns.every((e) => e.outcome === 'returned' && /only 1 of 2 chunks/.test(e.detail ?? '')));
    assert.equal(emulator.stats.executions(), 0);
  } finally {
    await worker.stop();
    await model.close().catch(() => undefined);
    await emulator.close();
    await cleanup();
    app.close();
  }
});

test('checksum mismatches are rejected: a corrupt result never completes a job, a corrupt photo never runs', rabbit.options, async () => {
  rabbit.require();
  const { topology, cleanup } = uniqueTopology();
  const emulator = await startComfyEmulator();
  const app = await createAppFixture();
  const side = startAppSide(topology, app);
  const model = await testConnection();
  try {
    // 1. A result whose bytes do not match the SHA-256 its header claims (a worker publishing it by hand).
    const sent = await app.sendPhoto(await grayPhoto(24, 24));
    side.publisher.wake();
    await side.publisher.drained();
    const channel = await model.createConfirmChannel();
    // The test plays the worker: it takes the task off the queue, then answers with a tampered result.
    const taken = await channel.get(topology.names.taskQueue('portrait'));
    assert.ok(taken);
    assert.equal(taken.properties.messageId, sent.taskId);
    channel.ack(taken);
    const good = await grayPhoto(24, 24);
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 5] = (corrupt[corrupt.length - 5] ?? 0) ^ 0xff;
    const result = {
      v: 1,
      type: 'result',
      taskId: sent.taskId,
      installationId: app.installationId,
      jobId: sent.lease.jobId,
      outcome: { status: 'succeeded', output: { sha256: sha256Hex(good), sizeBytes: good.length, fileName: 'r.png', transfer: { mode: 'inline' } } },
      timings: { receivedAtMs: 0, startedAtMs: 0, finishedAtMs: 0 },
      worker: { id: 'tampered', hostname: 'x', version: '0' },
      backend: null,
    } as const;
    await (await publishOn(channel, topology.names.resultsExchange, app.installationId, encodeMessage(result, corrupt), { persistent: true })).confirmed;
    const rejected = await side.results.next((r) => r.result.taskId === sent.taskId, 30_000, 'the corrupt result');
    assert.equal(rejected.result.status, 'failed');
    assert.equal(rejected.result.status === 'failed' ? rejected.result.error.code : '', 'checksum-mismatch');
    assert.equal(rejected.completion, 'retrying');
    const job = app.jobRow(sent.lease.jobId);
    assert.deepEqual([job.state, job.output_path, job.last_error_code], ['queued', null, 'checksum-mismatch']);

    // 2. A task whose photo does not match its header: the worker answers with a retryable failure and runs nothing.
    const worker = await startTestWorker(topology, emulator.url);
    try {
      const again = await app.sendPhoto(await grayPhoto(25, 24));
      app.outbox.discardForJob(again.lease.jobId, 'published by hand below');
      const bytes = readFileSync(again.photoPath);
      const draft = (await draftFor(app, again.taskId, { sha256: sha256Hex(Buffer.from('something else')), sizeBytes: bytes.length })) as TaskDraft;
      const task: TaskHeader = { ...draft, jobId: again.lease.jobId, photo: { ...draft.photo, transfer: { mode: 'inline' } } };
      await topology.on(channel).taskQueue('portrait');
      await (await publishOn(channel, topology.names.tasksExchange, 'portrait', encodeMessage(task, bytes), { persistent: true, messageId: again.taskId })).confirmed;
      const answered = await side.results.next((r) => r.result.taskId === again.taskId, 30_000, 'the worker refusing the corrupt photo');
      assert.equal(answered.result.status === 'failed' ? answered.result.error.code : '', 'checksum-mismatch');
      assert.equal(answered.completion, 'retrying');
      assert.equal(emulator.stats.executions(), 0, 'nothing ran on ComfyUI');
    } finally {
      await worker.stop();
    }
  } finally {
    await model.close().catch(() => undefined);
    await side.stop();
    await emulator.close();
    await cleanup();
    app.close();
  }
});

test('a 40 MB TIFF scan travels intact through a broker that refuses messages over 16 MiB', rabbit.options, async () => {
  rabbit.require();
  const before = await rabbitEval('application:get_env(rabbit, max_message_size).');
  const { topology, cleanup } = uniqueTopology();
  const emulator = await startComfyEmulator();
  const app = await createAppFixture();
  const model = await testConnection();
  let side: ReturnType<typeof startAppSide> | undefined;
  let worker: Awaited<ReturnType<typeof startTestWorker>> | undefined;
  try {
    await rabbitEval('application:set_env(rabbit, max_message_size, 16777216).');
    // The limit is real: one 17 MiB message is refused.
    const probe = await model.createConfirmChannel();
    probe.on('error', () => undefined);
    const tooBig = await publishOn(probe, topology.names.tasksExchange, 'nowhere', Buffer.alloc(17 * 1024 * 1024), {});
    await assert.rejects(tooBig.confirmed);

    // RGB TIFF, uncompressed, 3700 × 3700: 41 MB, a flatbed scan of a print.
    const scan = await grayPhoto(3700, 3700, 'tiff');
    assert.ok(scan.length > 40_000_000, `${scan.length} bytes`);
    side = startAppSide(topology, app);
    worker = await startTestWorker(topology, emulator.url, { chunkBytes: 1024 * 1024 });
    const sent = await app.sendPhoto(scan, { name: '祖父母 1958.tif' });
    side.publisher.wake();
    const { result, completion } = await side.results.next((r) => r.result.taskId === sent.taskId, 120_000, 'the 40 MB result');
    assert.equal(completion, 'succeeded');
    // Chroma mode: ComfyUI gets the scan's model input, made from the scan as received (checksummed).
    assert.equal(emulator.stats.executionsByImage().get(await chromaUploadSha(scan, 'scan.tif')), 1, 'ComfyUI received the model input of exactly the scan');
    assert.equal(result.status, 'succeeded');
    if (result.status !== 'succeeded') return;
    assert.equal(result.header.outcome.status === 'succeeded' ? result.header.outcome.output.transfer.mode : '', 'chunked', 'the result came back in chunks too');
    const job = app.jobRow(sent.lease.jobId);
    assert.ok(job.output_path);
    assert.equal(sha256Hex(readFileSync(job.output_path)), result.header.outcome.status === 'succeeded' ? result.header.outcome.output.sha256 : '');
    const leftovers = (await rabbitmqctl('list_queues', 'name', '--quiet', '--no-table-headers')).split('\n').filter((q) => q.startsWith(`${topology.names.prefix}.blob.`));
    assert.deepEqual(leftovers, [], 'both blob queues were deleted once settled');
  } finally {
    await rabbitEval(`application:set_env(rabbit, max_message_size, ${/\{ok,(\d+)\}/.exec(before)?.[1] ?? '134217728'}).`);
    await worker?.stop();
    await side?.stop();
    await model.close().catch(() => undefined);
    await emulator.close();
    await cleanup();
    app.close();
  }
});

test('test connection names the server, and says so when the password is wrong', rabbit.options, async () => {
  rabbit.require();
  const ok = await testBrokerConnection(AMQP_URL, AbortSignal.timeout(10_000));
  assert.equal(ok.ok, true);
  assert.match(ok.serverVersion ?? '', /^RabbitMQ \d+\.\d+/);
  const url = new URL(AMQP_URL);
  url.password = 'certainly-wrong';
  const refused = await testBrokerConnection(url.toString(), AbortSignal.timeout(10_000));
  assert.equal(refused.ok, false);
  assert.match(refused.message ?? '', /refused the user name or password/);
  assert.equal(refused.message?.includes('certainly-wrong'), false, 'the password is not echoed');
});
