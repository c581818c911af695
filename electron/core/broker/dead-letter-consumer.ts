// The app's side of dead letters: consumes this installation's dead queue (`<p>.dead.<inst>`,
// topology.ts), where the DLX puts a copy of every task this app sent that died (the quorum
// queue's delivery limit, or a worker rejecting it) and of every result of ours that did. Each one
// ends its job `failed` with the reason (`onDeadLetter`); `<p>.dead` keeps its own copy for
// whoever looks after the broker. Acked only after onDeadLetter returned.
import type { ConsumeMessage } from 'amqplib';
import { BrokerMessageError, decodeMessage } from './envelope';
import { consumeAcked } from './acked-consumer';
import { keepConnected, type LinkState, type Session } from './keep-connected';
import type { Topology } from './topology';

export interface DeadLetter {
  /** What died: a task on its way to a worker, or a result on its way back. */
  kind: 'task' | 'result';
  taskId: string;
  jobId: string;
  /** RabbitMQ's x-first-death-reason: delivery_limit, rejected, expired, maxlen. */
  reason: string;
  /** The queue it died in. */
  queue: string;
}

export interface DeadLetterConsumerOptions {
  url: string;
  topology: Topology;
  installationId: string;
  signal: AbortSignal;
  onDeadLetter: (letter: DeadLetter) => Promise<void> | void;
  /** A dead letter that is not a v1 task or result (nothing to settle): acked and reported here. */
  onInvalid?: (reason: string) => void;
  onState?: (state: LinkState) => void;
  delayMs?: (attempt: number) => number;
}

/** Reads what a dead message was; undefined when it is not a task or result this version reads. */
export function readDeadLetter(message: Pick<ConsumeMessage, 'content' | 'properties'>): DeadLetter | { invalid: string } {
  const headers = message.properties.headers ?? {};
  const reason = String(headers['x-first-death-reason'] ?? 'unknown');
  const queue = String(headers['x-first-death-queue'] ?? 'unknown');
  const type = message.properties.type === 'result' ? 'result' : 'task';
  try {
    const { header } = decodeMessage(message.content, type);
    return { kind: type, taskId: header.taskId, jobId: header.jobId, reason, queue };
  } catch (error) {
    if (!(error instanceof BrokerMessageError)) throw error;
    return { invalid: `dead letter ${String(message.properties.messageId ?? '?')} from ${queue} is not a ${type}: ${error.message}` };
  }
}

export function startDeadLetterConsumer(options: DeadLetterConsumerOptions) {
  const { topology, installationId, signal } = options;
  const queue = topology.names.installationDeadQueue(installationId);

  async function session({ model, lost }: Session): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    await channel.prefetch(16);
    await topology.on(channel).installationDeadQueue(installationId);
    const consumer = await consumeAcked(channel, queue, {
      what: 'dead-letter consumer',
      handle: async (message) => {
        const letter = readDeadLetter(message);
        if ('invalid' in letter) options.onInvalid?.(letter.invalid);
        else await options.onDeadLetter(letter);
        channel.ack(message);
      },
      onPutBack: (message, reason) => options.onInvalid?.(`dead letter ${String(message.properties.messageId ?? '?')} put back: ${reason}`),
    });
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
