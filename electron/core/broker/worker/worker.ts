// `heirloom worker`: consumes tasks of the workflow kinds it can run, runs each through a
// TaskExecutor (its own ComfyUI backends), and publishes the result to the installation that sent
// it. A task is acked only after its result is confirmed by the broker; before publishing, the
// result is recorded locally, so a redelivered task is answered again, not restored again.
//
// What happens to a delivery (each is one TaskOutcome in the metrics):
//   result published, then ack      succeeded; failed (permanent, or transient for the app to retry)
//   answered from the task records  replayed (a redelivery of a finished task)
//   nack + requeue                  returned: shutdown, lost connection, an incomplete blob or an
//                                   unexpected error — the queue's delivery limit dead-letters a
//                                   task that keeps coming back (a poison message)
//   reject, no requeue              rejected: not a task this version can read → dead-letter queue
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { sniffImage } from '../../comfy/images';
import { PhotoDecodeError } from '../../colorize';
import { ComfyError, isTransient } from '../../comfy/errors';
import { sha256Hex, type WorkflowDefinition } from '../../workflows';
import { BlobError, CHUNK_BYTES, deleteBlob, planTransfer, publishBlob, publishOn, readBytes } from '../blob';
import { BrokerMessageError, decodeMessage, encodeMessage } from '../envelope';
import { aborted, describeError, keepConnected, sleep, type LinkState, type Session } from '../keep-connected';
import { MESSAGE_VERSION, type ResultHeader, type TaskError, type TaskHeader } from '../messages';
import type { Topology } from '../topology';
import type { RunStage, TaskExecutor } from './executor';
import type { TaskOutcome, WorkerMetrics } from './metrics';
import type { TaskRecord, TaskRecords } from './task-records';

export interface WorkerIdentity {
  id: string;
  hostname: string;
  version: string;
}

export interface WorkerOptions {
  url: string;
  topology: Topology;
  executor: TaskExecutor;
  workflows: { get(id: string): Promise<WorkflowDefinition | undefined> };
  /** Workflow kinds (task queues) to consume. */
  kinds: readonly string[];
  records: TaskRecords;
  identity: WorkerIdentity;
  /** Graceful stop: no new tasks; unstarted ones go back at once, started ones get `graceMs` to finish. */
  signal: AbortSignal;
  /** Unacked tasks held at once. Default PREFETCH_PER_BACKEND (one backend). */
  prefetch?: number;
  /** Default 60 s. */
  graceMs?: number;
  now: () => number;
  metrics?: WorkerMetrics;
  chunkBytes?: number;
  /** At most one progress message per task per this interval (stage changes always go). Default 500 ms. */
  progressIntervalMs?: number;
  onSettled?: (event: { taskId: string | null; outcome: TaskOutcome; detail: string | null }) => void;
  onState?: (state: LinkState) => void;
  delayMs?: (attempt: number) => number;
}

interface Delivery {
  abort: AbortController;
  /** A backend has the task (upload began, or it was re-attached): shutdown lets it finish. */
  started: boolean;
}

interface SessionContext {
  model: ChannelModel;
  consume: Channel;
  publish: ConfirmChannel;
  declare: ReturnType<Topology['on']>;
  lost: AbortSignal;
}

type Ran = { kind: 'result'; record: TaskRecord } | { kind: 'return'; detail: string };

/**
 * Tasks a worker holds per backend: the backend's 2 prompts (dispatch depth) plus one waiting here,
 * so the next photo is already local while a finished one's result is published, confirmed and
 * acked. With 2 (= depth) the backend idled during that round trip: `npm run bench -- broker`
 * 2026-11-29, ratio_vs_direct 0.89/0.95/0.91 at 2, 1.00 at 3.
 */
export const PREFETCH_PER_BACKEND = 3;

export function startWorker(options: WorkerOptions) {
  const { topology, executor, records, identity, signal, now, metrics } = options;
  const prefetch = options.prefetch ?? PREFETCH_PER_BACKEND;
  const graceMs = options.graceMs ?? 60_000;
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const progressIntervalMs = options.progressIntervalMs ?? 500;
  if (options.kinds.length === 0) throw new Error('the worker has no workflow kinds to consume');
  options.kinds.forEach((kind) => topology.names.taskQueue(kind));
  if (!Number.isInteger(prefetch) || prefetch < 1) throw new Error(`prefetch must be a positive integer, not ${prefetch}`);
  /** Tasks this process is on: a duplicate delivery waits for the first instead of running twice. */
  const running = new Map<string, Promise<void>>();

  const settled = (taskId: string | null, outcome: TaskOutcome, receivedAtMs: number, detail: string | null = null) => {
    metrics?.settled(outcome, outcome === 'succeeded' || outcome === 'failed' ? (now() - receivedAtMs) / 1000 : undefined);
    options.onSettled?.({ taskId, outcome, detail });
  };
  const quietly = (action: () => void) => {
    try {
      action();
    } catch {
      // The channel is gone; the broker puts the task back by itself.
    }
  };

  function resultRecord(task: TaskHeader, receivedAtMs: number, ran: { startedAtMs: number | null; backendUrl: string | null }, outcome: { bytes: Uint8Array } | { error: TaskError }): TaskRecord {
    const base = {
      v: MESSAGE_VERSION,
      type: 'result',
      taskId: task.taskId,
      installationId: task.installationId,
      jobId: task.jobId,
      timings: { receivedAtMs, startedAtMs: ran.startedAtMs, finishedAtMs: now() },
      worker: identity,
      backend: ran.backendUrl === null ? null : { url: ran.backendUrl },
    } as const;
    if ('error' in outcome) return { header: { ...base, outcome: { status: 'failed', error: outcome.error } }, bytes: null };
    const bytes = Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength);
    const format = sniffImage(bytes);
    const header: ResultHeader = {
      ...base,
      outcome: {
        status: 'succeeded',
        output: {
          sha256: sha256Hex(bytes),
          sizeBytes: bytes.length,
          fileName: `${task.taskId}.${format === 'jpeg' ? 'jpg' : (format ?? 'png')}`,
          transfer: planTransfer(bytes.length, topology.names.blobQueue(task.taskId, 'result'), chunkBytes),
        },
      },
    };
    return { header, bytes };
  }

  async function publishResult(ctx: SessionContext, record: TaskRecord): Promise<void> {
    const { header } = record;
    await ctx.declare.resultsQueue(header.installationId);
    const transfer = header.outcome.status === 'succeeded' ? header.outcome.output.transfer : ({ mode: 'inline' } as const);
    if (transfer.mode === 'chunked' && record.bytes) {
      await ctx.declare.blobQueue(transfer.queue);
      await publishBlob(ctx.publish, { taskId: header.taskId, part: 'result', transfer }, record.bytes);
    }
    const body = encodeMessage(header, transfer.mode === 'inline' && record.bytes ? record.bytes : undefined);
    const { confirmed } = await publishOn(ctx.publish, topology.names.resultsExchange, header.installationId, body, {
      persistent: true,
      messageId: header.taskId,
      type: 'result',
      timestamp: Math.floor(header.timings.finishedAtMs / 1000),
      appId: 'heirloom-worker',
    });
    await confirmed;
  }

  function progressReporter(ctx: SessionContext, task: TaskHeader, delivery: Delivery) {
    let last: { stage: RunStage; atMs: number } | undefined;
    return (stage: RunStage, progress: number) => {
      delivery.started = true;
      const t = now();
      if (last && last.stage === stage && t - last.atMs < progressIntervalMs && progress < 1) return;
      last = { stage, atMs: t };
      const body = encodeMessage({ v: MESSAGE_VERSION, type: 'progress', taskId: task.taskId, jobId: task.jobId, stage, progress: Math.min(1, Math.max(0, progress)), workerId: identity.id, atMs: t });
      // Transient by design: not persisted, expires in a minute, nobody waits for its confirm.
      publishOn(ctx.publish, topology.names.progressExchange, task.installationId, body, { persistent: false, expiration: '60000', type: 'progress' }).catch(() => undefined);
    };
  }

  /** Runs one task to a result (success or a failure the app should hear of), or says to give it back. */
  async function run(ctx: SessionContext, task: TaskHeader, payload: Buffer, delivery: Delivery, receivedAtMs: number): Promise<Ran> {
    const taskSignal = AbortSignal.any([delivery.abort.signal, ctx.lost]);
    const fail = (error: TaskError, ran: { startedAtMs: number | null; backendUrl: string | null } = { startedAtMs: null, backendUrl: null }): Ran => ({
      kind: 'result',
      record: resultRecord(task, receivedAtMs, ran, { error }),
    });
    const workflow = await options.workflows.get(task.workflow.id);
    if (!workflow) return fail({ code: 'workflow-missing', message: `Workflow ${task.workflow.id} is not installed on worker ${identity.id}.`, retryable: false });
    if (workflow.templateHash !== task.workflow.templateHash) {
      return fail({ code: 'workflow-differs', message: `Worker ${identity.id} has a different version of workflow ${task.workflow.id}; update Heirloom on one side.`, retryable: false });
    }
    try {
      const photo = await readBytes(ctx.model, task.photo, payload, { taskId: task.taskId, part: 'photo' });
      const output = await executor.run({
        taskId: task.taskId,
        workflow,
        params: task.workflow.params,
        image: { bytes: photo, fileName: task.photo.fileName },
        signal: taskSignal,
        onStage: progressReporter(ctx, task, delivery),
      });
      return { kind: 'result', record: resultRecord(task, receivedAtMs, output, { bytes: output.bytes }) };
    } catch (error) {
      if (taskSignal.aborted) return { kind: 'return', detail: signal.aborted ? 'worker shutting down' : 'connection lost' };
      if (error instanceof BlobError) {
        if (error.code === 'blob-incomplete') return { kind: 'return', detail: error.message };
        return fail({ code: error.code, message: error.message, retryable: true });
      }
      // Chroma mode decodes the photo here: one no decoder reads fails for good, as it does in the app.
      if (error instanceof PhotoDecodeError) return fail({ code: 'original-undecodable', message: error.message, retryable: false });
      if (error instanceof ComfyError) {
        const retryable = isTransient(error) || error.kind === 'interrupted' || error.kind === 'protocol';
        return fail({ code: `comfy-${error.kind}`, message: error.message, retryable });
      }
      return { kind: 'return', detail: `unexpected: ${describeError(error)}` };
    }
  }

  async function handle(ctx: SessionContext, message: ConsumeMessage, delivery: Delivery): Promise<void> {
    const receivedAtMs = now();
    metrics?.started();
    let decoded;
    try {
      decoded = decodeMessage(message.content, 'task');
    } catch (error) {
      if (!(error instanceof BrokerMessageError)) throw error;
      quietly(() => ctx.consume.reject(message, false));
      settled(null, 'rejected', receivedAtMs, error.message);
      return;
    }
    const task = decoded.header;
    const earlier = running.get(task.taskId);
    if (earlier) await earlier.catch(() => undefined);
    if (delivery.abort.signal.aborted || ctx.lost.aborted) {
      quietly(() => ctx.consume.nack(message, false, true));
      settled(task.taskId, 'returned', receivedAtMs, 'worker shutting down');
      return;
    }
    const work = (async () => {
      const known = await records.get(task.taskId);
      if (known) {
        await publishResult(ctx, known);
        ctx.consume.ack(message);
        settled(task.taskId, 'replayed', receivedAtMs);
        return;
      }
      const ran = await run(ctx, task, decoded.payload, delivery, receivedAtMs);
      if (ran.kind === 'return') {
        quietly(() => ctx.consume.nack(message, false, true));
        settled(task.taskId, 'returned', receivedAtMs, ran.detail);
        return;
      }
      await records.put(ran.record);
      await publishResult(ctx, ran.record);
      ctx.consume.ack(message);
      const { outcome } = ran.record.header;
      settled(task.taskId, outcome.status, receivedAtMs, outcome.status === 'failed' ? `${outcome.error.code}: ${outcome.error.message}` : null);
      if (task.photo.transfer.mode === 'chunked') await deleteBlob(ctx.model, task.photo.transfer.queue).catch(() => undefined);
    })();
    running.set(task.taskId, work);
    try {
      await work;
    } catch (error) {
      // Publishing or acking failed (the connection went, or the disk): the task comes back.
      quietly(() => ctx.consume.nack(message, false, true));
      settled(task.taskId, 'returned', receivedAtMs, describeError(error));
    } finally {
      if (running.get(task.taskId) === work) running.delete(task.taskId);
    }
  }

  async function session({ model, lost }: Session): Promise<void> {
    metrics?.broker(true);
    const consume = await model.createChannel();
    consume.on('error', () => undefined);
    const publish = await model.createConfirmChannel();
    publish.on('error', () => undefined);
    await consume.prefetch(prefetch);
    const ctx: SessionContext = { model, consume, publish, declare: topology.on(publish), lost };
    const declareConsumer = topology.on(consume);
    const deliveries = new Map<Promise<void>, Delivery>();
    const canceledByBroker = new AbortController();
    const tags: string[] = [];
    try {
      for (const kind of options.kinds) {
        await declareConsumer.taskQueue(kind);
        const { consumerTag } = await consume.consume(
          topology.names.taskQueue(kind),
          (message) => {
            if (!message) {
              // The queue was deleted: reconnect and declare it again.
              canceledByBroker.abort(new Error(`the broker canceled the consumer of ${topology.names.taskQueue(kind)}`));
              return;
            }
            const delivery: Delivery = { abort: new AbortController(), started: false };
            const promise: Promise<void> = handle(ctx, message, delivery)
              .catch((error: unknown) => settled(null, 'returned', now(), describeError(error)))
              .finally(() => deliveries.delete(promise));
            deliveries.set(promise, delivery);
          },
          { noAck: false },
        );
        tags.push(consumerTag);
      }
      await aborted(signal, lost, canceledByBroker.signal);
      if (signal.aborted && !lost.aborted) {
        for (const tag of tags) await consume.cancel(tag).catch(() => undefined);
        for (const delivery of deliveries.values()) if (!delivery.started) delivery.abort.abort();
        await Promise.race([Promise.allSettled(deliveries.keys()), sleep(graceMs, lost)]);
      }
    } finally {
      for (const delivery of deliveries.values()) delivery.abort.abort();
      await Promise.allSettled(deliveries.keys());
      // Closing the channels (close-ok) before the connection makes the broker process our last
      // acks and nacks first; a connection closed right after an ack could count it as unacked.
      await consume.close().catch(() => undefined);
      await publish.close().catch(() => undefined);
      metrics?.broker(false);
    }
    if (canceledByBroker.signal.aborted && !signal.aborted) throw canceledByBroker.signal.reason;
  }

  const done = keepConnected({
    url: options.url,
    signal,
    session,
    ...(options.onState ? { onState: options.onState } : {}),
    ...(options.delayMs ? { delayMs: options.delayMs } : {}),
  });
  return { done };
}
