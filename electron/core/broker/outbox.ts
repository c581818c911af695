// The outbox table (migration 4): what must reach RabbitMQ, durable before anyone tries to send
// it. `add` is a plain INSERT meant to run inside the caller's transaction, next to the job change
// it announces; the publisher drains pending rows in order and marks them sent on confirm.
import type { Db } from '../db/open-database';

export interface OutboxEntry {
  /** Unique; for a task it is the task id (AMQP message-id). */
  messageId: string;
  jobId: string | null;
  routingKey: string;
  /** The message header without its transfer details (the publisher decides inline vs chunked). */
  header: unknown;
  /** The payload, read at publish time and checked against its SHA-256. */
  body: { path: string; sha256: string } | null;
}

export interface OutboxRow extends OutboxEntry {
  seq: number;
  publishAttempts: number;
  createdAtMs: number;
}

interface RawRow {
  seq: number;
  message_id: string;
  job_id: string | null;
  routing_key: string;
  header_json: string;
  body_path: string | null;
  body_sha256: string | null;
  publish_attempts: number;
  created_at_ms: number;
}

export type Outbox = ReturnType<typeof createOutbox>;

export function createOutbox(options: { db: Db; now: () => number }) {
  const { db, now } = options;
  const statements = {
    insert: db.prepare(
      `INSERT INTO outbox (message_id, job_id, routing_key, header_json, body_path, body_sha256, created_at_ms)
       VALUES (@messageId, @jobId, @routingKey, @headerJson, @bodyPath, @bodySha256, @now)`,
    ),
    // Walks outbox_pending (asserted in outbox.test.ts).
    pending: db.prepare(`SELECT * FROM outbox WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?`),
    pendingCount: db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'`),
    markSent: db.prepare(`UPDATE outbox SET state = 'sent', sent_at_ms = @now, publish_attempts = publish_attempts + 1 WHERE seq = @seq AND state = 'pending'`),
    noteFailure: db.prepare(`UPDATE outbox SET publish_attempts = publish_attempts + 1, last_error = @error WHERE seq = @seq AND state = 'pending'`),
    markDead: db.prepare(`UPDATE outbox SET state = 'dead', last_error = @error WHERE seq = @seq AND state = 'pending'`),
    discardForJob: db.prepare(`UPDATE outbox SET state = 'dead', last_error = @error WHERE job_id = @jobId AND state = 'pending'`),
    pruneSent: db.prepare(`DELETE FROM outbox WHERE state IN ('sent', 'dead') AND created_at_ms < ?`),
  };
  const markSentAll = db.transaction((seqs: readonly number[], t: number) => {
    for (const seq of seqs) statements.markSent.run({ seq, now: t });
  });

  return {
    /** Inside the caller's transaction: the row commits or rolls back with the job change. */
    add(entry: OutboxEntry): void {
      statements.insert.run({
        messageId: entry.messageId,
        jobId: entry.jobId,
        routingKey: entry.routingKey,
        headerJson: JSON.stringify(entry.header),
        bodyPath: entry.body?.path ?? null,
        bodySha256: entry.body?.sha256 ?? null,
        now: now(),
      });
    },
    /** Pending rows after `afterSeq`, oldest first. */
    pending(limit: number, afterSeq = 0): OutboxRow[] {
      return (statements.pending.all(afterSeq, limit) as RawRow[]).map((row) => ({
        seq: row.seq,
        messageId: row.message_id,
        jobId: row.job_id,
        routingKey: row.routing_key,
        header: JSON.parse(row.header_json) as unknown,
        body: row.body_path !== null && row.body_sha256 !== null ? { path: row.body_path, sha256: row.body_sha256 } : null,
        publishAttempts: row.publish_attempts,
        createdAtMs: row.created_at_ms,
      }));
    },
    pendingCount: (): number => (statements.pendingCount.get() as { n: number }).n,
    /** One transaction for a whole batch of confirms. */
    markSent(seqs: readonly number[]): void {
      if (seqs.length > 0) markSentAll(seqs, now());
    },
    /** The broker did not confirm (nack, connection lost): stays pending, to be published again. */
    noteFailure(seq: number, error: string): void {
      statements.noteFailure.run({ seq, error });
    },
    /** Can never be published (its photo changed or vanished): the caller fails the job. */
    markDead(seq: number, error: string): void {
      statements.markDead.run({ seq, error });
    },
    /** A canceled job's unsent messages are not sent. Returns how many. */
    discardForJob(jobId: string, reason: string): number {
      return statements.discardForJob.run({ jobId, error: reason }).changes;
    },
    /** Sent and dead rows older than `beforeMs` are history only. */
    prune(beforeMs: number): number {
      return statements.pruneSent.run(beforeMs).changes;
    },
  };
}
