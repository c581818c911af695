// Big bytes (a photo, a result) as chunks in a queue of their own, one per task and part.
//
// Why not chunks in the shared tasks queue: competing consumers would hand chunks of one task to
// different workers. Here the task message (small, in the shared queue) names its blob queue;
// whichever worker holds the task reads every chunk from that private queue, and only it does.
// Chunks are read with basic.get and left unacked, so closing the reading channel puts them back:
// a worker killed mid-task leaves the blob whole for the redelivery. The blob is deleted by the
// side that consumed it once its task (or result) is settled; `x-expires` removes orphans.
//
// Sizes: RabbitMQ 4 refuses messages over 16 MiB (max_message_size); 4 MiB chunks leave room for
// headers and stay well under it, and a 40 MB TIFF scan is 10 chunks.
import { once } from 'node:events';
import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import { sha256Hex } from '../workflows';
import { BrokerMessageError, CONTENT_TYPE, decodeMessage, encodeMessage } from './envelope';
import { MESSAGE_VERSION, type BytesRef, type Transfer } from './messages';

export const CHUNK_BYTES = 4 * 1024 * 1024;

export class BlobError extends Error {
  constructor(
    readonly code: 'blob-missing' | 'blob-incomplete' | 'checksum-mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'BlobError';
  }
}

/** Inline up to one chunk; chunked above (at least 2 chunks, as the contract says). */
export function planTransfer(sizeBytes: number, queue: string, chunkBytes = CHUNK_BYTES): Transfer {
  if (sizeBytes <= chunkBytes) return { mode: 'inline' };
  return { mode: 'chunked', queue, chunks: Math.ceil(sizeBytes / chunkBytes), chunkBytes };
}

/**
 * Publishes on a confirm channel. Resolves once the channel can take more (after 'drain' when its
 * buffer was full); `confirmed` settles when the broker confirms (or nacks, or the channel closes).
 */
export async function publishOn(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  body: Buffer,
  options: Options.Publish,
): Promise<{ confirmed: Promise<void> }> {
  let settle!: (error: unknown) => void;
  const confirmed = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error instanceof Error ? error : new Error(`the broker refused the message (${String(error)})`)) : resolve());
  });
  // Marked handled here: a caller that awaits `confirmed` later still sees the rejection.
  confirmed.catch(() => undefined);
  const roomLeft = channel.publish(exchange, routingKey, body, { contentType: CONTENT_TYPE, ...options }, (error) => settle(error));
  if (!roomLeft) await Promise.race([once(channel, 'drain'), once(channel, 'close')]);
  return { confirmed };
}

export interface BlobSpec {
  taskId: string;
  part: 'photo' | 'result';
  transfer: Extract<Transfer, { mode: 'chunked' }>;
}

/** Publishes every chunk to the (already declared) blob queue and waits for all confirms. */
export async function publishBlob(channel: ConfirmChannel, spec: BlobSpec, bytes: Uint8Array): Promise<void> {
  const { transfer } = spec;
  const confirms: Promise<void>[] = [];
  for (let index = 0; index < transfer.chunks; index++) {
    const slice = bytes.subarray(index * transfer.chunkBytes, Math.min(bytes.byteLength, (index + 1) * transfer.chunkBytes));
    const body = encodeMessage({ v: MESSAGE_VERSION, type: 'chunk', taskId: spec.taskId, part: spec.part, index, count: transfer.chunks }, slice);
    const { confirmed } = await publishOn(channel, '', transfer.queue, body, { persistent: true, messageId: `${spec.taskId}.${spec.part}.${index}`, type: 'chunk' });
    confirms.push(confirmed);
  }
  await Promise.all(confirms);
}

/**
 * The bytes a BytesRef describes: the inline payload, or every chunk of its blob queue (duplicates
 * from a re-publish are skipped). Verifies size and SHA-256 either way; throws BlobError.
 */
export async function readBytes(model: ChannelModel, ref: BytesRef, inline: Buffer, ids: { taskId: string; part: 'photo' | 'result' }): Promise<Buffer> {
  const bytes = ref.transfer.mode === 'inline' ? inline : await readChunks(model, ref.transfer, ids);
  if (bytes.length !== ref.sizeBytes) {
    throw new BlobError('checksum-mismatch', `${ids.part} of task ${ids.taskId} is ${bytes.length} bytes, but its header says ${ref.sizeBytes}`);
  }
  const actual = sha256Hex(bytes);
  if (actual !== ref.sha256) {
    throw new BlobError('checksum-mismatch', `${ids.part} of task ${ids.taskId} has SHA-256 ${actual}, but its header says ${ref.sha256}`);
  }
  return bytes;
}

async function readChunks(model: ChannelModel, transfer: Extract<Transfer, { mode: 'chunked' }>, ids: { taskId: string; part: 'photo' | 'result' }): Promise<Buffer> {
  const channel = await model.createChannel();
  let channelError: unknown;
  channel.on('error', (error: unknown) => {
    channelError = error;
  });
  const parts = new Array<Buffer | undefined>(transfer.chunks);
  let found = 0;
  try {
    while (found < transfer.chunks) {
      let message;
      try {
        message = await channel.get(transfer.queue, { noAck: false });
      } catch (error) {
        const cause = channelError ?? error;
        if (isNotFound(cause)) throw new BlobError('blob-missing', `the chunks of task ${ids.taskId} (${transfer.queue}) are gone`);
        throw cause;
      }
      if (message === false) break;
      let chunk;
      try {
        chunk = decodeMessage(message.content, 'chunk');
      } catch (error) {
        if (error instanceof BrokerMessageError) continue;
        throw error;
      }
      const { header } = chunk;
      if (header.taskId !== ids.taskId || header.part !== ids.part || header.count !== transfer.chunks || parts[header.index]) continue;
      parts[header.index] = chunk.payload;
      found++;
    }
  } finally {
    // Unacked gets go back to the queue: the blob stays whole until its task is settled.
    await channel.close().catch(() => undefined);
  }
  if (found < transfer.chunks) {
    throw new BlobError('blob-incomplete', `only ${found} of ${transfer.chunks} chunks of task ${ids.taskId} are in ${transfer.queue}`);
  }
  return Buffer.concat(parts as Buffer[]);
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 404;
}

/** Deleting a blob queue that is already gone is fine (RabbitMQ answers delete-ok). */
export async function deleteBlob(model: ChannelModel, queue: string): Promise<void> {
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  try {
    await channel.deleteQueue(queue);
  } finally {
    await channel.close().catch(() => undefined);
  }
}
