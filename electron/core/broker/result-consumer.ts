// The app's side of results: consumes this installation's results queue (manual ack) and its
// transient progress, verifies every output against the SHA-256 its worker sent, and hands each
// result to `onResult` (completeFromResult). A result is acked only after onResult returned; an
// output whose bytes do not match is never handed over as a success: it arrives as a retryable
// failure (code checksum-mismatch), so the job is sent again.
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { BlobError, deleteBlob, readBytes } from './blob';
import { BrokerMessageError, decodeMessage } from './envelope';
import { consumeAcked } from './acked-consumer';
import { keepConnected, type LinkState, type Session } from './keep-connected';
import type { ProgressHeader, ResultHeader, TaskError } from './messages';
import type { Topology } from './topology';

export type VerifiedResult =
  | { status: 'succeeded'; taskId: string; jobId: string; header: ResultHeader; output: { bytes: Buffer; fileName: string } }
  | { status: 'failed'; taskId: string; jobId: string; header: ResultHeader; error: TaskError };

export interface ResultConsumerOptions {
  url: string;
  topology: Topology;
  installationId: string;
  signal: AbortSignal;
  /** Settles the job; a throw puts the result back (the queue's delivery limit stops a loop). */
  onResult: (result: VerifiedResult) => Promise<void>;
  onProgress?: (progress: ProgressHeader) => void;
  /** A message that is not a result this version reads: dead-lettered. */
  onInvalid?: (reason: string) => void;
  /** Results handled at once. Default 4 (each may be a 40 MB image being verified and written). */
  prefetch?: number;
  onState?: (state: LinkState) => void;
  delayMs?: (attempt: number) => number;
}

export function startResultConsumer(options: ResultConsumerOptions) {
  const { topology, installationId, signal } = options;
  const prefetch = options.prefetch ?? 4;
  // Checked here, not in the session: a bad id would otherwise fail every reconnect forever.
  topology.names.resultsQueue(installationId);

  async function verify(model: ChannelModel, header: ResultHeader, payload: Buffer): Promise<VerifiedResult | 'put-back'> {
    const base = { taskId: header.taskId, jobId: header.jobId, header };
    const { outcome } = header;
    if (outcome.status === 'failed') return { ...base, status: 'failed', error: outcome.error };
    try {
      const bytes = await readBytes(model, outcome.output, payload, { taskId: header.taskId, part: 'result' });
      return { ...base, status: 'succeeded', output: { bytes, fileName: outcome.output.fileName } };
    } catch (error) {
      if (!(error instanceof BlobError)) throw error;
      if (error.code === 'blob-incomplete') return 'put-back';
      return { ...base, status: 'failed', error: { code: error.code, message: error.message, retryable: true } };
    }
  }

  async function handle(model: ChannelModel, channel: Channel, message: ConsumeMessage): Promise<void> {
    let header: ResultHeader;
    let payload: Buffer;
    try {
      ({ header, payload } = decodeMessage(message.content, 'result'));
      if (header.installationId !== installationId) {
        throw new BrokerMessageError('invalid-header', `result for installation ${header.installationId} arrived at ${installationId}`);
      }
    } catch (error) {
      if (!(error instanceof BrokerMessageError)) throw error;
      channel.reject(message, false);
      options.onInvalid?.(error.message);
      return;
    }
    const verified = await verify(model, header, payload);
    if (verified === 'put-back') {
      channel.nack(message, false, true);
      return;
    }
    await options.onResult(verified);
    channel.ack(message);
    if (header.outcome.status === 'succeeded' && header.outcome.output.transfer.mode === 'chunked') {
      await deleteBlob(model, header.outcome.output.transfer.queue).catch(() => undefined);
    }
  }

  async function session({ model, lost }: Session): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    await channel.prefetch(prefetch);
    const declare = topology.on(channel);
    await declare.resultsQueue(installationId);
    const consumer = await consumeAcked(channel, topology.names.resultsQueue(installationId), {
      what: 'results consumer',
      handle: (message) => handle(model, channel, message),
      onPutBack: (message, reason) => options.onInvalid?.(`result ${message.properties.messageId ?? '?'} put back: ${reason}`),
    });
    if (options.onProgress) {
      const onProgress = options.onProgress;
      // Per app run and transient: progress that nobody is listening to is simply dropped.
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false, arguments: { 'x-message-ttl': 60_000 } });
      await channel.bindQueue(queue, topology.names.progressExchange, installationId);
      await channel.consume(
        queue,
        (message) => {
          if (!message) return;
          try {
            onProgress(decodeMessage(message.content, 'progress').header);
          } catch (error) {
            if (!(error instanceof BrokerMessageError)) throw error;
          }
        },
        { noAck: true },
      );
    }
    await consumer.endOfSession(signal, lost);
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
