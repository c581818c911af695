// The one contract between the UI and the core: every command (one object argument → result)
// and every event (name → payload). Electron IPC, the HTTP/WebSocket browser host and the
// renderer client are all derived from these tables. Types and zod schemas only.
import { z } from 'zod';

export const JOB_STATES = ['queued', 'paused', 'running', 'succeeded', 'failed', 'canceled'] as const;
export const JobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;

/** Where a running job is inside one attempt; null when the job is not running. */
export const JOB_STAGES = ['uploading', 'waiting', 'colorizing', 'downloading', 'saving'] as const;
export const JobStageSchema = z.enum(JOB_STAGES);
export type JobStage = z.infer<typeof JobStageSchema>;

export const ErrorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export const JobSchema = z.object({
  id: z.string(),
  state: JobStateSchema,
  stage: JobStageSchema.nullable(),
  /** 0..1 within the current attempt. */
  progress: z.number().min(0).max(1),
  workflowId: z.string(),
  backendUrl: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  error: ErrorInfoSchema.nullable(),
  hasResult: z.boolean(),
  updatedAtMs: z.number().int(),
});
export type JobDto = z.infer<typeof JobSchema>;

export const PhotoSchema = z.object({
  id: z.string(),
  albumId: z.string().nullable(),
  /** File name as the user knows it (may be Chinese, emoji, spaces). */
  name: z.string(),
  /** Path relative to the album root, '/'-separated; equals `name` for loose files. */
  relPath: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.string(),
  importedAtMs: z.number().int(),
  job: JobSchema.nullable(),
});
export type PhotoDto = z.infer<typeof PhotoSchema>;

export const RejectedFileSchema = z.object({
  name: z.string(),
  code: z.string(),
  reason: z.string(),
});
export type RejectedFile = z.infer<typeof RejectedFileSchema>;

export const ImportResultSchema = z.object({
  photos: z.array(PhotoSchema),
  rejected: z.array(RejectedFileSchema),
  /** Files whose content was already in the library (same SHA-256). */
  duplicates: z.number().int().nonnegative(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const BACKEND_STATES = ['unknown', 'online', 'offline', 'incompatible'] as const;
export const BackendStateSchema = z.enum(BACKEND_STATES);
export type BackendState = z.infer<typeof BackendStateSchema>;

export const BackendDeviceSchema = z.object({
  name: z.string(),
  type: z.string(),
  vramTotal: z.number().nonnegative(),
  vramFree: z.number().nonnegative(),
});

export const BackendSchema = z.object({
  url: z.string(),
  state: BackendStateSchema,
  version: z.string().nullable(),
  devices: z.array(BackendDeviceSchema),
  /** Node classes the selected workflow needs that this backend lacks. */
  missingNodes: z.array(z.string()),
  /** Human-readable detail for offline/incompatible. */
  message: z.string().nullable(),
  checkedAtMs: z.number().int().nullable(),
});
export type BackendDto = z.infer<typeof BackendSchema>;

export const WorkflowParamSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('int'),
    name: z.string(),
    label: z.string(),
    min: z.number().int(),
    max: z.number().int(),
    multipleOf: z.number().int().positive().nullable(),
    default: z.number().int(),
  }),
  z.object({
    type: z.literal('choice'),
    name: z.string(),
    label: z.string(),
    choices: z.array(z.string()).min(1),
    default: z.string(),
  }),
]);
export type WorkflowParamDto = z.infer<typeof WorkflowParamSchema>;

export const WorkflowSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  params: z.array(WorkflowParamSchema),
  requiredNodes: z.array(z.string()),
});
export type WorkflowDto = z.infer<typeof WorkflowSchema>;

export const OUTPUT_FORMATS = ['png', 'jpeg', 'tiff', 'webp'] as const;

export const SettingsSchema = z.object({
  backendUrl: z.url({ protocol: /^https?$/ }),
  outputDir: z.string().min(1),
  workflowId: z.string().min(1),
  /** Overrides of the workflow's default parameters (e.g. { size: 1024 }); validated against its manifest. */
  workflowParams: z.record(z.string(), z.union([z.number(), z.string()])),
  outputFormat: z.enum(OUTPUT_FORMATS),
  /** Output file name without extension; tokens {name} (original stem), {workflow}, {date} (YYYY-MM-DD). */
  namingPattern: z.string().min(1).max(200).regex(/\{name\}/, 'must contain {name}'),
  /** Keep date taken, GPS and ICC profile in the output (orientation is baked into the pixels). */
  keepMetadata: z.boolean(),
  language: z.enum(['system', 'en', 'zh-CN']),
  theme: z.enum(['system', 'dark', 'light']),
});
export type SettingsDto = z.infer<typeof SettingsSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
});

export const QueueStatusSchema = z.object({
  paused: z.boolean(),
  pausedAlbumIds: z.array(z.string()),
});
export type QueueStatusDto = z.infer<typeof QueueStatusSchema>;

export const AlbumSchema = z.object({
  id: z.string(),
  name: z.string(),
  rootPath: z.string(),
  paused: z.boolean(),
});
export type AlbumDto = z.infer<typeof AlbumSchema>;

const Empty = z.object({}).strict();

/** Every command: one object argument, one result. */
export const commands = {
  'app.info': { args: Empty, result: AppInfoSchema },
  'photos.list': { args: Empty, result: z.array(PhotoSchema) },
  /** Import files by absolute path (Electron drop, file dialog, CLI). */
  'photos.importPaths': {
    args: z.object({ paths: z.array(z.string().min(1)).min(1).max(10_000) }).strict(),
    result: ImportResultSchema,
  },
  /** Retry failed or canceled photos; every failed photo when photoIds is omitted. */
  'jobs.retry': {
    args: z.object({ photoIds: z.array(z.string()).min(1).optional() }).strict(),
    result: z.object({ retried: z.number().int().nonnegative() }),
  },
  /** Queued photos just end; a running one is taken off its backend (deleted there, or interrupted if it is running). */
  'jobs.cancel': {
    args: z.object({ photoIds: z.array(z.string()).min(1) }).strict(),
    result: z.object({ canceled: z.number().int().nonnegative() }),
  },
  /** Higher runs first (default 0); applies to photos not started yet. */
  'jobs.setPriority': {
    args: z.object({ photoIds: z.array(z.string()).min(1), priority: z.number().int().min(-100).max(100) }).strict(),
    result: z.object({ updated: z.number().int().nonnegative() }),
  },
  /** Pause everything, or one album when albumId is given. Persisted across restarts. */
  'queue.pause': { args: z.object({ albumId: z.string().optional() }).strict(), result: QueueStatusSchema },
  'queue.resume': { args: z.object({ albumId: z.string().optional() }).strict(), result: QueueStatusSchema },
  'queue.status': { args: Empty, result: QueueStatusSchema },
  'albums.list': { args: Empty, result: z.array(AlbumSchema) },
  'settings.get': { args: Empty, result: SettingsSchema },
  'settings.update': { args: SettingsSchema.partial().strict(), result: SettingsSchema },
  'backends.list': { args: Empty, result: z.array(BackendSchema) },
  /** Probe a URL without saving it ("test connection"). */
  'backends.test': {
    args: z.object({ url: z.url({ protocol: /^https?$/ }) }).strict(),
    result: BackendSchema,
  },
  'workflows.list': { args: Empty, result: z.array(WorkflowSchema) },
} as const;

/** Every event pushed from the core to the UI; all come from state changes (no polling). */
export const events = {
  'photo.updated': PhotoSchema,
  'backend.updated': BackendSchema,
  'queue.updated': QueueStatusSchema,
  /** The app menu asks the UI to open its settings. */
  'ui.openSettings': z.object({}).strict(),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandArgs<K extends CommandName> = z.input<Commands[K]['args']>;
export type CommandResult<K extends CommandName> = z.output<Commands[K]['result']>;
export type CommandHandlers = { [K in CommandName]: (args: z.output<Commands[K]['args']>) => Promise<CommandResult<K>> };

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export type AnyEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export const MEDIA_VARIANTS = ['original', 'thumb', 'result'] as const;
export const MediaVariantSchema = z.enum(MEDIA_VARIANTS);
export type MediaVariant = z.infer<typeof MediaVariantSchema>;

/** What a failed command returns over any transport. */
export const CommandErrorSchema = z.object({ code: z.string(), message: z.string() });
export const CommandEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: CommandErrorSchema }),
]);
export type CommandEnvelope = z.infer<typeof CommandEnvelopeSchema>;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
