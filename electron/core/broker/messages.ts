// The broker message contract, version 1 (MESSAGES.md says the same in prose). Every message is
// one frame (envelope.ts): a JSON header validated here + an optional binary payload. Readers
// refuse any other version with a clear error instead of guessing.
import { z } from 'zod';
import { JobStageSchema } from '../../shared/contract';

export const MESSAGE_VERSION = 1;

/** Lowercase canonical UUID: a task id doubles as the ComfyUI prompt id (re-attach after a crash). */
export const TaskIdSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a task id is a lowercase canonical UUID');
/** Part of the results routing key and queue name: kept to characters every AMQP name accepts. */
export const InstallationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an installation id is 1–64 letters, digits, _ or -');
/** The tasks routing key (a workflow's `kind`, e.g. portrait, architecture). */
export const WorkflowKindSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'a workflow kind is 1–32 lowercase letters, digits, _ or -');
const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits');
const EpochMsSchema = z.number().int().nonnegative();

/** How bytes travel: in the message itself, or as `chunks` messages in a per-task blob queue. */
export const TransferSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('inline') }).strict(),
  z
    .object({
      mode: z.literal('chunked'),
      queue: z.string().min(1).max(255),
      chunks: z.number().int().min(2).max(100_000),
      chunkBytes: z.number().int().positive(),
    })
    .strict(),
]);
export type Transfer = z.infer<typeof TransferSchema>;

export const BytesRefSchema = z
  .object({
    sha256: Sha256Schema,
    sizeBytes: z.number().int().nonnegative(),
    fileName: z.string().min(1).max(1024),
    transfer: TransferSchema,
  })
  .strict();
export type BytesRef = z.infer<typeof BytesRefSchema>;

export const TaskHeaderSchema = z
  .object({
    v: z.literal(MESSAGE_VERSION),
    type: z.literal('task'),
    taskId: TaskIdSchema,
    /** Where the result goes back to (results routing key). */
    installationId: InstallationIdSchema,
    jobId: z.string().min(1).max(200),
    workflow: z
      .object({
        id: z.string().min(1).max(1024),
        kind: WorkflowKindSchema,
        /** The worker refuses a task whose template differs from its own copy of the workflow. */
        templateHash: Sha256Schema,
        params: z.record(z.string(), z.union([z.number(), z.string()])),
      })
      .strict(),
    photo: BytesRefSchema,
    createdAtMs: EpochMsSchema,
  })
  .strict();
export type TaskHeader = z.infer<typeof TaskHeaderSchema>;

export const TaskErrorSchema = z
  .object({
    code: z.string().min(1).max(100),
    message: z.string().max(4000),
    /** true: the app may send the job again (transient); false: fail it. */
    retryable: z.boolean(),
  })
  .strict();
export type TaskError = z.infer<typeof TaskErrorSchema>;

export const ResultHeaderSchema = z
  .object({
    v: z.literal(MESSAGE_VERSION),
    type: z.literal('result'),
    taskId: TaskIdSchema,
    installationId: InstallationIdSchema,
    jobId: z.string().min(1).max(200),
    outcome: z.discriminatedUnion('status', [
      z.object({ status: z.literal('succeeded'), output: BytesRefSchema }).strict(),
      z.object({ status: z.literal('failed'), error: TaskErrorSchema }).strict(),
    ]),
    timings: z
      .object({
        /** When the worker took the task from the queue. */
        receivedAtMs: EpochMsSchema,
        /** When a backend started on it (null when it never reached one). */
        startedAtMs: EpochMsSchema.nullable(),
        finishedAtMs: EpochMsSchema,
      })
      .strict(),
    worker: z.object({ id: z.string().min(1).max(200), hostname: z.string().max(255), version: z.string().max(50) }).strict(),
    /** The ComfyUI that ran it (null when none did). */
    backend: z.object({ url: z.string().max(2048) }).strict().nullable(),
  })
  .strict();
export type ResultHeader = z.infer<typeof ResultHeaderSchema>;

export const ChunkHeaderSchema = z
  .object({
    v: z.literal(MESSAGE_VERSION),
    type: z.literal('chunk'),
    taskId: TaskIdSchema,
    part: z.enum(['photo', 'result']),
    index: z.number().int().nonnegative(),
    count: z.number().int().min(2),
  })
  .strict()
  .refine((chunk) => chunk.index < chunk.count, 'a chunk index is below its count');
export type ChunkHeader = z.infer<typeof ChunkHeaderSchema>;

export const ProgressHeaderSchema = z
  .object({
    v: z.literal(MESSAGE_VERSION),
    type: z.literal('progress'),
    taskId: TaskIdSchema,
    jobId: z.string().min(1).max(200),
    stage: JobStageSchema,
    progress: z.number().min(0).max(1),
    workerId: z.string().min(1).max(200),
    atMs: EpochMsSchema,
  })
  .strict();
export type ProgressHeader = z.infer<typeof ProgressHeaderSchema>;

export const MessageHeaderSchema = z.discriminatedUnion('type', [TaskHeaderSchema, ResultHeaderSchema, ChunkHeaderSchema, ProgressHeaderSchema]);
export type MessageHeader = z.infer<typeof MessageHeaderSchema>;
export type MessageType = MessageHeader['type'];
