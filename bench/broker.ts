// Issue 7: remote workers over RabbitMQ. Two questions, each against its peer in the same run:
//  1. Does the broker path cost throughput? N photos through 2 workers (each with one emulated
//     ComfyUI of service time S) vs direct dispatch to the same 2 backends. ratio_vs_direct =
//     direct time / broker time (1.0 = the broker costs nothing).
//  2. Is the outbox publisher (SQLite outbox, file read + SHA-256, confirms, mark sent) close to a
//     bare amqplib confirm loop publishing the same bodies in the same batches?
// Needs RabbitMQ at 127.0.0.1:5672 (--amqp URL to change). Figures: BENCHMARKS.md, "broker".
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect, type ChannelModel } from 'amqplib';
import { startComfyEmulator, type ComfyEmulator } from '../e2e/comfyui-emulator';
import { createWorkflowRegistry } from '../electron/core/api/workflow-registry';
import { publishOn } from '../electron/core/broker/blob';
import { completeFromResult, createTaskLeases } from '../electron/core/broker/complete-from-result';
import { encodeMessage } from '../electron/core/broker/envelope';
import { startPublisher } from '../electron/core/broker/publisher';
import { startResultConsumer } from '../electron/core/broker/result-consumer';
import { createAppFixture, grayPhoto, WORKFLOWS_DIR, type AppFixture } from '../electron/core/broker/testing/app-fixture';
import { createTopology, type Topology } from '../electron/core/broker/topology';
import { createBackendPool, type TaskExecutor } from '../electron/core/broker/worker/executor';
import { openTaskRecords } from '../electron/core/broker/worker/task-records';
import { PREFETCH_PER_BACKEND, startWorker } from '../electron/core/broker/worker/worker';
import { tempDir } from '../electron/core/testing/test-db';
import type { BenchContext, BenchResult } from './lib/benchmark';
import { perSecond, ratio } from './lib/stats';

export const description = 'photos through 2 RabbitMQ workers vs direct dispatch to the same backends; outbox publish rate vs a bare amqplib confirm loop';

interface Options {
  amqp: string;
  photos: number;
  serviceMs: number;
  publish: number;
  batch: number;
}

function parseOptions(args: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...args],
    options: {
      amqp: { type: 'string', default: 'amqp://guest:guest@127.0.0.1:5672' },
      photos: { type: 'string', default: '200' },
      'service-ms': { type: 'string', default: '150' },
      publish: { type: 'string', default: '5000' },
      batch: { type: 'string', default: '256' },
    },
  });
  const whole = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
  return {
    amqp: values.amqp,
    photos: whole('photos', values.photos, 1, 100_000),
    serviceMs: whole('service-ms', values['service-ms'], 0, 60_000),
    publish: whole('publish', values.publish, 1, 1_000_000),
    batch: whole('batch', values.batch, 1, 10_000),
  };
}

/** Distinct photos (the emulator, like ComfyUI, would serve an identical re-run from its cache). */
async function addPhotos(app: AppFixture, count: number, seed: number): Promise<void> {
  for (let n = seed; n < seed + count; n++) await app.addPhoto(await grayPhoto(200 + (n % 100), 150 + Math.floor(n / 100)));
}

/** Direct dispatch: claim → run on a backend of the pool (depth 2 each) → save, `runners` at once. */
async function runDirect(app: AppFixture, executor: TaskExecutor, runners: number): Promise<void> {
  const workflow = await app.workflows.get('ddcolor-portrait');
  if (!workflow) throw new Error('workflow missing');
  const photoOf = app.db.prepare(`SELECT source_path, name FROM photos WHERE id = ?`);
  const runner = async () => {
    for (let job = app.queue.claim(null); job; job = app.queue.claim(null)) {
      const photo = photoOf.get(job.photoId) as { source_path: string; name: string };
      const output = await executor.run({
        taskId: randomUUID(),
        workflow,
        params: job.params,
        image: { bytes: await readFile(photo.source_path), fileName: photo.name },
        signal: AbortSignal.timeout(120_000),
        onStage: (stage, progress) => app.queue.report(job.lease, stage, progress),
      });
      await app.save(job.lease, { bytes: output.bytes, fileName: 'r.png' });
    }
  };
  await Promise.all(Array.from({ length: runners }, runner));
}

async function runBroker(app: AppFixture, topology: Topology, options: Options, backends: ComfyEmulator[], signal: AbortSignal) {
  const stop = new AbortController();
  const stopAll = AbortSignal.any([stop.signal, signal]);
  const dirs = backends.map(() => tempDir('bench-worker'));
  const executors = backends.map((b) => createBackendPool({ urls: [b.url], clientId: randomUUID(), now: Date.now, pollIntervalMs: 100 }));
  const workflows = await createWorkflowRegistry(WORKFLOWS_DIR);
  const deps = { queue: app.queue, leaseForTask: createTaskLeases(app.db), save: app.save };
  const workers = await Promise.all(
    executors.map(async (executor, i) =>
      startWorker({
        url: options.amqp,
        topology,
        executor,
        workflows,
        kinds: ['portrait'],
        records: await openTaskRecords({ dir: join(dirs[i]?.path ?? '', 'tasks'), now: Date.now }),
        identity: { id: `bench-${i}`, hostname: 'bench', version: '0' },
        signal: stopAll,
        prefetch: PREFETCH_PER_BACKEND,
        now: Date.now,
      }),
    ),
  );
  let succeeded = 0;
  let settled = 0;
  let allSettled!: () => void;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const consumer = startResultConsumer({
    url: options.amqp,
    topology,
    installationId: app.installationId,
    signal: stopAll,
    onResult: async (result) => {
      const completion = await completeFromResult(deps, result);
      if (completion === 'stale') return;
      settled++;
      if (completion === 'succeeded') succeeded++;
      if (settled === options.photos) allSettled();
    },
    onProgress: () => undefined,
  });
  const publisher = startPublisher({ url: options.amqp, topology, installationId: app.installationId, outbox: app.outbox, signal: stopAll });
  try {
    const t0 = performance.now();
    // What the dispatcher does for a remote backend: claim, then job change + outbox row in one transaction.
    while (await app.sendNext()) publisher.wake();
    await Promise.race([done, new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('interrupted')), { once: true }))]);
    return { ms: performance.now() - t0, succeeded };
  } finally {
    stop.abort();
    await Promise.all([publisher.done, consumer.done, ...workers.map((w) => w.done)]);
    executors.forEach((e) => e.close());
    dirs.forEach((d) => d.remove());
  }
}

/** Publishes `count` rows through the outbox publisher; ms from wake to drained. */
async function publishThroughOutbox(app: AppFixture, topology: Topology, options: Options, count: number, photo: { path: string; sha256: string; sizeBytes: number }): Promise<number> {
  const workflow = await app.workflows.get('ddcolor-portrait');
  if (!workflow) throw new Error('workflow missing');
  app.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const taskId = randomUUID();
      app.outbox.add({
        messageId: taskId,
        jobId: null,
        routingKey: 'portrait',
        header: {
          v: 1,
          type: 'task',
          taskId,
          installationId: app.installationId,
          jobId: `job-${i}`,
          workflow: { id: workflow.id, kind: workflow.kind, templateHash: workflow.templateHash, params: { size: 512, checkpoint: 'ddcolor_modelscope.pth' } },
          photo: { sha256: photo.sha256, sizeBytes: photo.sizeBytes, fileName: 'p.png' },
          createdAtMs: Date.now(),
        },
        body: { path: photo.path, sha256: photo.sha256 },
      });
    }
  })();
  const stop = new AbortController();
  const publisher = startPublisher({ url: options.amqp, topology, installationId: app.installationId, outbox: app.outbox, signal: stop.signal, batchSize: options.batch });
  try {
    const t0 = performance.now();
    await publisher.drained();
    return performance.now() - t0;
  } finally {
    stop.abort();
    await publisher.done;
  }
}

/** The peer: the same bodies, published in the same batches on a confirm channel, waitForConfirms per batch. */
async function publishBare(model: ChannelModel, topology: Topology, options: Options, count: number): Promise<number> {
  const channel = await model.createConfirmChannel();
  await topology.on(channel).taskQueue('portrait');
  const body = encodeMessage({ v: 1, type: 'chunk', taskId: randomUUID(), part: 'photo', index: 0, count: 2 }, await grayPhoto(32, 24));
  const t0 = performance.now();
  for (let sent = 0; sent < count; ) {
    const n = Math.min(options.batch, count - sent);
    for (let i = 0; i < n; i++) await publishOn(channel, topology.names.tasksExchange, 'portrait', body, { persistent: true, messageId: randomUUID() });
    await channel.waitForConfirms();
    sent += n;
  }
  const ms = performance.now() - t0;
  await channel.close();
  return ms;
}

async function deleteTopology(model: ChannelModel, topology: Topology, installationIds: string[]) {
  const channel = await model.createChannel();
  const { names } = topology;
  for (const queue of [names.taskQueue('portrait'), names.deadQueue, ...installationIds.map(names.resultsQueue), ...installationIds.map(names.installationDeadQueue)]) await channel.deleteQueue(queue);
  for (const exchange of [names.tasksExchange, names.resultsExchange, names.progressExchange, names.deadExchange]) await channel.deleteExchange(exchange);
  await channel.close();
}

export async function run({ args, log, signal }: BenchContext): Promise<BenchResult> {
  const options = parseOptions(args);
  const model = await connect(options.amqp).catch((error: unknown) => {
    throw new Error(`the broker benchmark needs RabbitMQ at ${options.amqp.replace(/:[^:@/]*@/, ':***@')}: ${error instanceof Error ? error.message : String(error)}`);
  });
  model.on('error', () => undefined);
  const broker = model.connection.serverProperties;
  log(`broker benchmark on ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, ${String(broker.product)} ${String(broker.version)}; load average ${(loadavg()[0] ?? 0).toFixed(2)}`);
  const backends = await Promise.all([startComfyEmulator({ serviceTimeMs: options.serviceMs }), startComfyEmulator({ serviceTimeMs: options.serviceMs })]);
  const topology = createTopology({ prefix: `hl-bench-${randomUUID().slice(0, 8)}` });
  const apps: AppFixture[] = [];
  try {
    // 1. End to end: direct first, then the broker, on the same two backends.
    log(`${options.photos} photos, 2 emulated backends with service time ${options.serviceMs} ms (depth 2 each)`);
    const directApp = await createAppFixture();
    apps.push(directApp);
    await addPhotos(directApp, options.photos, 0);
    const pool = createBackendPool({ urls: backends.map((b) => b.url), clientId: randomUUID(), now: Date.now, pollIntervalMs: 100 });
    const t0 = performance.now();
    await runDirect(directApp, pool, 4);
    const directMs = performance.now() - t0;
    pool.close();
    log(`  direct dispatch:        ${(directMs / 1000).toFixed(2)} s  (${perSecond(options.photos, directMs).toFixed(2)} photos/s)`);

    const brokerApp = await createAppFixture();
    apps.push(brokerApp);
    await addPhotos(brokerApp, options.photos, 1000);
    const viaBroker = await runBroker(brokerApp, topology, options, backends, signal);
    if (viaBroker.succeeded !== options.photos) throw new Error(`only ${viaBroker.succeeded} of ${options.photos} photos succeeded through the broker`);
    log(`  via RabbitMQ, 2 workers: ${(viaBroker.ms / 1000).toFixed(2)} s  (${perSecond(options.photos, viaBroker.ms).toFixed(2)} photos/s)`);
    const floor = (options.photos / 2) * options.serviceMs;
    log(`  floor (service time alone, perfectly spread): ${(floor / 1000).toFixed(2)} s`);

    // 2. Publish throughput: warm-up round of each, then the measured one.
    log(`publish ${options.publish} small tasks (inline photo, batches of ${options.batch}, persistent, quorum queue)`);
    const publishApp = await createAppFixture();
    apps.push(publishApp);
    const small = await grayPhoto(32, 24);
    const added = await publishApp.addPhoto(small);
    const photo = { path: added.photoPath, sha256: added.sha256, sizeBytes: small.length };
    await publishThroughOutbox(publishApp, topology, options, Math.min(500, options.publish), photo);
    await publishBare(model, topology, options, Math.min(500, options.publish));
    const outboxMs = await publishThroughOutbox(publishApp, topology, options, options.publish, photo);
    const bareMs = await publishBare(model, topology, options, options.publish);
    const outboxRate = perSecond(options.publish, outboxMs);
    const bareRate = perSecond(options.publish, bareMs);
    log(`  outbox publisher:          ${outboxRate.toFixed(0)} msg/s`);
    log(`  bare amqplib confirm loop: ${bareRate.toFixed(0)} msg/s`);

    return {
      photos: options.photos,
      service_ms: options.serviceMs,
      direct_s: Math.round(directMs) / 1000,
      broker_s: Math.round(viaBroker.ms) / 1000,
      floor_s: floor / 1000,
      ratio_vs_direct: ratio(directMs, viaBroker.ms),
      publish_count: options.publish,
      publish_batch: options.batch,
      outbox_msgs_per_s: Math.round(outboxRate),
      bare_msgs_per_s: Math.round(bareRate),
      publish_ratio_vs_bare: ratio(outboxRate, bareRate),
    };
  } finally {
    await deleteTopology(model, topology, apps.map((a) => a.installationId)).catch((error: unknown) => log(`cleanup: ${String(error)}`));
    await model.close().catch(() => undefined);
    await Promise.all(backends.map((b) => b.close()));
    apps.forEach((a) => a.close());
  }
}
