// Drains the outbox into RabbitMQ with publisher confirms. A row is marked sent only after the
// broker confirmed it (and, for a big photo, every chunk before it); anything unconfirmed when the
// connection drops stays pending and goes out again after the reconnect. So an outage of any
// length loses nothing; the price is an occasional duplicate, which consumers absorb (workers are
// idempotent per task id, the app completes a job once, fenced by its lease).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ConfirmChannel } from 'amqplib';
import { sha256Hex } from '../workflows';
import { createWakeSignal } from '../dispatch/wake-signal';
import { planTransfer, publishBlob, publishOn, CHUNK_BYTES } from './blob';
import { encodeMessage } from './envelope';
import { describeError, keepConnected, sleep, type LinkState, type Session } from './keep-connected';
import { TaskHeaderSchema, type TaskHeader } from './messages';
import type { Outbox, OutboxRow } from './outbox';
import type { Topology } from './topology';

export interface PublisherOptions {
  url: string;
  topology: Topology;
  /** This installation's results queue is declared before any task goes out, so no result is unroutable. */
  installationId: string;
  outbox: Outbox;
  signal: AbortSignal;
  /** Rows published before waiting for their confirms. Default 256 (bench/broker.ts). */
  batchSize?: number;
  /** How often to look at the outbox when nobody calls wake(). Default 5 s. */
  idleCheckMs?: number;
  chunkBytes?: number;
  /** A row that can never be published (photo gone or changed): already marked dead; the app fails its job. */
  onUndeliverable?: (row: OutboxRow, reason: { code: string; message: string }) => void;
  onState?: (state: LinkState) => void;
  delayMs?: (attempt: number) => number;
}

export type Publisher = ReturnType<typeof startPublisher>;

const READ_AHEAD = 8;
const SYNC_READ_MAX_BYTES = 1024 * 1024;

type Prepared = { ok: true; header: TaskHeader; bytes: Buffer } | { ok: false; code: string; message: string };

export function startPublisher(options: PublisherOptions) {
  const { outbox, topology, signal } = options;
  // Checked here, not in the session: a bad id would otherwise fail every reconnect forever.
  topology.names.resultsQueue(options.installationId);
  const batchSize = options.batchSize ?? 256;
  const idleCheckMs = options.idleCheckMs ?? 5_000;
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const wake = createWakeSignal();
  let drainedWaiters: Array<() => void> = [];
  let published = 0;

  function notifyDrained() {
    const waiters = drainedWaiters;
    drainedWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  async function prepare(row: OutboxRow): Promise<Prepared> {
    if (!row.body) return { ok: false, code: 'outbox-row', message: `outbox row ${row.seq} has no photo` };
    let bytes: Buffer;
    try {
      const expected = (row.header as { photo?: { sizeBytes?: unknown } }).photo?.sizeBytes;
      // A small file is read synchronously: ~12 µs, where an async read costs four thread-pool
      // round trips (~190 µs on a busy 2-core box) and held publishing to ~3,000 msg/s. A big scan
      // is read asynchronously so the event loop (Electron's main process) never stalls on it.
      bytes = typeof expected === 'number' && expected <= SYNC_READ_MAX_BYTES ? readFileSync(row.body.path) : await readFile(row.body.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
        return { ok: false, code: 'original-unreadable', message: `The original can no longer be read (${code}): ${row.body.path}` };
      }
      throw error;
    }
    const actual = sha256Hex(bytes);
    if (actual !== row.body.sha256) {
      return { ok: false, code: 'original-changed', message: `The original changed since it was imported (SHA-256 ${actual}, expected ${row.body.sha256}): ${row.body.path}` };
    }
    const draft = row.header as { photo?: object; taskId?: unknown };
    const parsed = TaskHeaderSchema.safeParse({
      ...draft,
      photo: { ...draft.photo, sizeBytes: bytes.length, transfer: planTransfer(bytes.length, topology.names.blobQueue(String(draft.taskId), 'photo'), chunkBytes) },
    });
    if (!parsed.success) return { ok: false, code: 'outbox-row', message: `outbox row ${row.seq} is not a valid task: ${parsed.error.message}` };
    return { ok: true, header: parsed.data, bytes };
  }

  /**
   * Publishes one batch. Resolves once it is published; `settled` once every row in it is
   * confirmed (marked sent) or refused (left pending; it says how many were).
   */
  async function publishBatch(channel: ConfirmChannel, declare: ReturnType<Topology['on']>, rows: readonly OutboxRow[]): Promise<{ settled: Promise<number> }> {
    const confirms: Array<Promise<number | undefined>> = [];
    let refused = 0;
    // Photos are read and hashed up to READ_AHEAD rows ahead of publishing, so big ones (read
    // asynchronously) are read in parallel; the window also bounds memory (8 × a 40 MB scan).
    const preparing: Array<Promise<Prepared>> = [];
    const readAhead = (upTo: number) => {
      for (let i = preparing.length; i < Math.min(upTo, rows.length); i++) {
        const pending = prepare(rows[i] as OutboxRow);
        pending.catch(() => undefined);
        preparing.push(pending);
      }
    };
    const settle = async () => {
      // Rows the broker confirmed before a failure are sent all the same.
      const seqs = (await Promise.all(confirms)).filter((seq): seq is number => seq !== undefined);
      outbox.markSent(seqs);
      published += seqs.length;
      return refused;
    };
    try {
      for (const [index, row] of rows.entries()) {
        readAhead(index + READ_AHEAD);
        const prepared = await (preparing[index] as Promise<Prepared>);
        if (!prepared.ok) {
          outbox.markDead(row.seq, prepared.message);
          options.onUndeliverable?.(row, { code: prepared.code, message: prepared.message });
          continue;
        }
        const { header, bytes } = prepared;
        await declare.taskQueue(row.routingKey);
        const transfer = header.photo.transfer;
        if (transfer.mode === 'chunked') {
          await declare.blobQueue(transfer.queue);
          await publishBlob(channel, { taskId: header.taskId, part: 'photo', transfer }, bytes);
        }
        const body = encodeMessage(header, transfer.mode === 'inline' ? bytes : undefined);
        const { confirmed } = await publishOn(channel, topology.names.tasksExchange, row.routingKey, body, {
          persistent: true,
          messageId: header.taskId,
          type: 'task',
          timestamp: Math.floor(header.createdAtMs / 1000),
          appId: 'heirloom',
          // Dead-lettering keeps CC keys: a task that dies reaches this installation's dead queue too.
          CC: [topology.names.installationKey(header.installationId)],
        });
        confirms.push(
          confirmed.then(
            () => row.seq,
            (error: unknown) => {
              refused++;
              outbox.noteFailure(row.seq, describeError(error));
              return undefined;
            },
          ),
        );
      }
    } catch (error) {
      await settle();
      throw error;
    }
    const settled = settle();
    settled.catch(() => undefined);
    return { settled };
  }

  async function session({ model, lost }: Session): Promise<void> {
    const channel = await model.createConfirmChannel();
    channel.on('error', () => undefined);
    const declare = topology.on(channel);
    await declare.resultsQueue(options.installationId);
    await declare.installationDeadQueue(options.installationId);
    const stop = AbortSignal.any([signal, lost]);
    // Two batches in flight: the next one is published while the broker confirms the last
    // (stop-and-wait per batch ran at ~60% of a bare confirm loop, bench/broker.ts).
    const inFlight: Array<Promise<number>> = [];
    let afterSeq = 0;
    let refused = 0;
    try {
      while (!stop.aborted) {
        const rows = outbox.pending(batchSize, afterSeq);
        const last = rows.at(-1);
        if (!last) {
          for (const batch of inFlight.splice(0)) refused += await batch;
          afterSeq = 0;
          // Refused rows are still pending (seq below afterSeq): pause instead of spinning on them.
          if (refused > 0) {
            refused = 0;
            await sleep(1_000, stop);
            continue;
          }
          if (outbox.pendingCount() > 0) continue;
          notifyDrained();
          await wake.wait(idleCheckMs, stop);
          continue;
        }
        afterSeq = last.seq;
        inFlight.push((await publishBatch(channel, declare, rows)).settled);
        if (inFlight.length >= 2) refused += await (inFlight.shift() as Promise<number>);
      }
    } finally {
      await Promise.allSettled(inFlight);
    }
  }

  const done = keepConnected({
    url: options.url,
    signal,
    session,
    ...(options.onState ? { onState: options.onState } : {}),
    ...(options.delayMs ? { delayMs: options.delayMs } : {}),
  });

  return {
    /** Resolves once stopped (the signal aborted). */
    done,
    /** A row was added: publish now rather than at the next idle check. */
    wake: () => wake.wake(),
    /** Resolves the next time the publisher finds nothing pending. */
    drained(): Promise<void> {
      return new Promise((resolve) => {
        drainedWaiters.push(resolve);
        wake.wake();
      });
    },
    /** Rows confirmed by the broker since start. */
    published: () => published,
  };
}
