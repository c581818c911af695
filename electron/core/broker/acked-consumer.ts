// One consumer with manual acks inside a keepConnected session, as the app's results and
// dead-letter consumers run it: each message goes to `handle` (which acks, rejects or nacks it);
// a handler that throws puts the message back (nack + requeue). The session ends when the app
// stops, the connection is lost, or the broker cancels the consumer (then keepConnected starts
// a new session).
import type { Channel, ConsumeMessage } from 'amqplib';
import { aborted, describeError } from './keep-connected';

export interface AckedConsumer {
  /**
   * Waits for the end of the session, lets the handlers in flight finish, closes the channel
   * (close-ok before the connection closes: the broker has processed our last acks) and throws
   * when the broker canceled the consumer while the app still runs.
   */
  endOfSession(signal: AbortSignal, lost: AbortSignal): Promise<void>;
}

export async function consumeAcked(
  channel: Channel,
  queue: string,
  options: {
    /** Names the consumer in errors: "the broker canceled the <what>". */
    what: string;
    handle: (message: ConsumeMessage) => Promise<void>;
    onPutBack: (message: ConsumeMessage, reason: string) => void;
  },
): Promise<AckedConsumer> {
  const inFlight = new Set<Promise<void>>();
  const canceled = new AbortController();
  await channel.consume(
    queue,
    (message) => {
      if (!message) return canceled.abort(new Error(`the broker canceled the ${options.what}`));
      const work: Promise<void> = options
        .handle(message)
        .catch((error: unknown) => {
          options.onPutBack(message, describeError(error));
          try {
            channel.nack(message, false, true);
          } catch {
            // Channel gone: the broker puts it back itself.
          }
        })
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    },
    { noAck: false },
  );
  return {
    async endOfSession(signal, lost) {
      await aborted(signal, lost, canceled.signal);
      await Promise.allSettled(inFlight);
      await channel.close().catch(() => undefined);
      if (canceled.signal.aborted && !signal.aborted) throw canceled.signal.reason;
    },
  };
}
