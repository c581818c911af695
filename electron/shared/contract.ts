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

/** Read from the original at import (EXIF, ICC profile, header). */
export const PhotoMetadataSchema = z.object({
  /** EXIF DateTimeOriginal as ISO 8601 local time ('1952-06-01T10:20:30', '+08:00' appended when recorded). */
  takenAt: z.string().nullable(),
  camera: z.string().nullable(),
  gps: z
    .object({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      altitude: z.number().nullable(),
    })
    .nullable(),
  /** Description of the embedded ICC profile ('Adobe RGB (1998)'), null when none. */
  iccProfile: z.string().nullable(),
  /** EXIF orientation as stored, 1–8 (width and height are already upright). */
  orientation: z.number().int().min(1).max(8),
  bitDepth: z.number().int().positive(),
});
export type PhotoMetadataDto = z.infer<typeof PhotoMetadataSchema>;

/** The user's verdict on one result in the compare view. */
export const REVIEWS = ['accepted', 'rejected'] as const;
export const ReviewSchema = z.enum(REVIEWS);
export type Review = z.infer<typeof ReviewSchema>;

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
  /** Already in colour: imported without a job (job null) unless asked (`colorizeColor`, or jobs.rerun later). */
  isColor: z.boolean(),
  metadata: PhotoMetadataSchema,
  job: JobSchema.nullable(),
  /**
   * The review the grid marks: 'accepted' when a result is the photo's favourite, 'rejected' when
   * every finished result was rejected, null while not reviewed (photos.review changes it).
   */
  reviewed: ReviewSchema.nullable().default(null),
});
export type PhotoDto = z.infer<typeof PhotoSchema>;

export const RejectedFileSchema = z.object({
  name: z.string(),
  code: z.string(),
  reason: z.string(),
});
export type RejectedFile = z.infer<typeof RejectedFileSchema>;

export const ImportResultSchema = z.object({
  importId: z.string(),
  /** New photos and duplicates (files unchanged since the last scan are not repeated here). */
  photos: z.array(PhotoSchema),
  /** Files that should have been photos and could not be imported, each with its reason. */
  rejected: z.array(RejectedFileSchema),
  /** Entries passed over on purpose (junk, hidden, links out of the folder, loops, non-photos), each with its reason. */
  skipped: z.array(RejectedFileSchema),
  /** Files whose content was already in the library (same SHA-256). */
  duplicates: z.number().int().nonnegative(),
  /** Files of a rescanned album unchanged since the last scan (same size and time; not read again). */
  unchanged: z.number().int().nonnegative(),
  /** Stopped by photos.cancelImport: what was imported until then stays. */
  canceled: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** Running totals of one import; found = imported + duplicates + unchanged + skipped + failed once done. */
export const ImportProgressSchema = z.object({
  importId: z.string(),
  phase: z.enum(['running', 'done', 'canceled']),
  found: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Path (relative to the album) of the file just finished, null at the start and the end. */
  current: z.string().nullable(),
});
export type ImportProgressDto = z.infer<typeof ImportProgressSchema>;

const ImportIdSchema = z.string().min(1).max(100);

export const BACKEND_STATES = ['unknown', 'online', 'offline', 'incompatible'] as const;
export const BackendStateSchema = z.enum(BACKEND_STATES);
export type BackendState = z.infer<typeof BackendStateSchema>;

export const BackendDeviceSchema = z.object({
  name: z.string(),
  type: z.string(),
  vramTotal: z.number().nonnegative(),
  vramFree: z.number().nonnegative(),
});

/** HTTP header name (RFC 9110 token) → value without line breaks, e.g. a reverse proxy's Authorization. */
export const BackendHeadersSchema = z.record(
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name is letters, digits and !#$%&\'*+.^_`|~-'),
  z.string().max(8192).regex(/^[^\r\n\0]*$/, 'a header value must not contain line breaks'),
);
export const BackendUrlSchema = z.url({ protocol: /^https?$/ });

/** What a probe of one URL finds (health from /system_stats, capabilities from /object_info). */
export const BackendProbeSchema = z.object({
  url: z.string(),
  state: BackendStateSchema,
  version: z.string().nullable(),
  devices: z.array(BackendDeviceSchema),
  /** Node classes the selected workflow needs that this backend lacks. */
  missingNodes: z.array(z.string()),
  /** Choices the backend offers for the workflows' model inputs (DDColor_Colorize.checkpoint). */
  checkpoints: z.array(z.string()),
  /** Human-readable detail for offline/incompatible. */
  message: z.string().nullable(),
  checkedAtMs: z.number().int().nullable(),
});
export type BackendProbeDto = z.infer<typeof BackendProbeSchema>;

/** One configured ComfyUI backend (the backends table is the only truth) and what is known of it now. */
export const BackendSchema = BackendProbeSchema.extend({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  headers: BackendHeadersSchema,
  /** Heirloom prompts on that backend right now (at most 2: one running, the next queued). */
  inFlight: z.number().int().nonnegative(),
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

/** RabbitMQ for remote workers. The URL carries no credentials; the password lives in the OS keychain (safeStorage), never in settings. */
export const BrokerUrlSchema = z.url({ protocol: /^amqps?$/ });
export const BrokerSettingsSchema = z.object({
  enabled: z.boolean(),
  url: z.string(),
  username: z.string(),
  hasPassword: z.boolean(),
});
export type BrokerSettingsDto = z.infer<typeof BrokerSettingsSchema>;
export const BrokerTestResultSchema = z.object({
  ok: z.boolean(),
  /** e.g. "RabbitMQ 4.1.2". */
  serverVersion: z.string().nullable(),
  /** Why it failed, in words the user can act on. */
  message: z.string().nullable(),
});
export type BrokerTestResultDto = z.infer<typeof BrokerTestResultSchema>;

/** The app's link to RabbitMQ now (pushed as broker.updated whenever it or the jobs out at workers change). */
export const BROKER_LINK_STATES = ['disabled', 'connecting', 'connected', 'error'] as const;
export const BrokerStatusSchema = z.object({
  state: z.enum(BROKER_LINK_STATES),
  /** Why the last connection attempt failed (state 'error'; it is retried by itself), else null. */
  message: z.string().nullable(),
  /** Photos out at remote workers (or in the outbox on their way). */
  inFlight: z.number().int().nonnegative(),
});
export type BrokerStatusDto = z.infer<typeof BrokerStatusSchema>;

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

/** One screen of the library, in the grid's order (newest import first, then path). */
export const PhotoPageSchema = z.object({
  photos: z.array(PhotoSchema),
  /** Pass as `after` for the next page; null on the last page. */
  next: z.string().nullable(),
  /** Photos in the library when the page was read. */
  total: z.number().int().nonnegative(),
});
export type PhotoPageDto = z.infer<typeof PhotoPageSchema>;

/** One finished result of a photo: a variant (workflow + parameters) to compare with the others. */
export const PhotoResultSchema = z.object({
  jobId: z.string(),
  workflowId: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  /** Where the result was written (shown as text; the image itself is fetched by job id). */
  outputPath: z.string(),
  createdAtMs: z.number().int(),
  finishedAtMs: z.number().int().nullable(),
  review: ReviewSchema.nullable(),
});
export type PhotoResultDto = z.infer<typeof PhotoResultSchema>;

export const PhotoResultsSchema = z.object({
  photoId: z.string(),
  /** The accepted result: the photo's result from then on; non-null means the photo is reviewed. */
  favoriteJobId: z.string().nullable(),
  /** Oldest first. */
  results: z.array(PhotoResultSchema),
});
export type PhotoResultsDto = z.infer<typeof PhotoResultsSchema>;

const Empty = z.object({}).strict();

/** Every command: one object argument, one result. */
export const commands = {
  'app.info': { args: Empty, result: AppInfoSchema },
  'photos.list': { args: Empty, result: z.array(PhotoSchema) },
  /** The library a page at a time (the first screen does not wait for 10,000 photos); `after` is the previous page's `next`. */
  'photos.page': {
    args: z.object({ after: z.string().min(1).optional(), limit: z.number().int().min(1).max(5_000) }).strict(),
    result: PhotoPageSchema,
  },
  /** Every finished result of one photo (its variants) and the one the user accepted. */
  'photos.results': { args: z.object({ photoId: z.string().min(1) }).strict(), result: PhotoResultsSchema },
  /**
   * Accept or reject one result (null clears the verdict). Accepting makes it the photo's
   * favourite (the photo is reviewed); rejecting the favourite leaves the photo without one.
   */
  'photos.review': {
    args: z.object({ photoId: z.string().min(1), jobId: z.string().min(1), review: ReviewSchema.nullable() }).strict(),
    result: PhotoResultsSchema,
  },
  /**
   * Import files and folders by absolute path (Electron drop, file dialog, CLI); a folder becomes an
   * album (importing it again is a rescan). `recursive` defaults to true (a dropped folder); the file
   * dialog asks. `importId` (chosen by the caller) tags the import.progress events and lets
   * photos.cancelImport stop it. Colour photos get no job unless `colorizeColor`.
   */
  'photos.importPaths': {
    args: z
      .object({
        paths: z.array(z.string().min(1)).min(1).max(10_000),
        recursive: z.boolean().optional(),
        importId: ImportIdSchema.optional(),
        colorizeColor: z.boolean().optional(),
      })
      .strict(),
    result: ImportResultSchema,
  },
  /** Stops a running import after the files in hand; false when no such import is running. */
  'photos.cancelImport': {
    args: z.object({ importId: ImportIdSchema }).strict(),
    result: z.object({ canceled: z.boolean() }),
  },
  /** Walks an album's folder again (as it was walked last time): only new or changed files are imported. */
  'albums.rescan': {
    args: z.object({ albumId: z.string().min(1), importId: ImportIdSchema.optional() }).strict(),
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
  /**
   * Colorize the photos again with another workflow or parameters (e.g. a bigger size): a new job
   * each. A photo that already has a job with exactly these settings keeps it (`unchanged`).
   */
  'jobs.rerun': {
    args: z
      .object({
        photoIds: z.array(z.string()).min(1).max(10_000),
        workflowId: z.string().min(1),
        params: z.record(z.string(), z.union([z.number(), z.string()])),
      })
      .strict(),
    result: z.object({ queued: z.number().int().nonnegative(), unchanged: z.number().int().nonnegative() }),
  },
  /** Shows the photo's original or latest result in the OS file manager (desktop app only: code 'unsupported' elsewhere). */
  'photos.reveal': {
    args: z.object({ photoId: z.string().min(1), variant: z.enum(['original', 'result']) }).strict(),
    result: z.object({}).strict(),
  },
  /** Pause everything, or one album when albumId is given. Persisted across restarts. */
  'queue.pause': { args: z.object({ albumId: z.string().optional() }).strict(), result: QueueStatusSchema },
  'queue.resume': { args: z.object({ albumId: z.string().optional() }).strict(), result: QueueStatusSchema },
  'queue.status': { args: Empty, result: QueueStatusSchema },
  'albums.list': { args: Empty, result: z.array(AlbumSchema) },
  'settings.get': { args: Empty, result: SettingsSchema },
  'settings.update': { args: SettingsSchema.partial().strict(), result: SettingsSchema },
  'backends.list': { args: Empty, result: z.array(BackendSchema) },
  /** Adds a backend (enabled); its name defaults to the URL's host. A URL already listed is refused. */
  'backends.add': {
    args: z.object({ url: BackendUrlSchema, name: z.string().trim().min(1).max(100).optional(), headers: BackendHeadersSchema.optional() }).strict(),
    result: BackendSchema,
  },
  /** A new URL or headers make it a new connection: photos in flight there are given back to the queue. */
  'backends.update': {
    args: z
      .object({
        id: z.string().min(1),
        url: BackendUrlSchema.optional(),
        name: z.string().trim().min(1).max(100).optional(),
        headers: BackendHeadersSchema.optional(),
        enabled: z.boolean().optional(),
      })
      .strict(),
    result: BackendSchema,
  },
  /** Photos in flight there are given back to the queue (not counted as an attempt). */
  'backends.remove': {
    args: z.object({ id: z.string().min(1) }).strict(),
    result: z.object({ released: z.number().int().nonnegative() }),
  },
  /** Probe a URL without saving it ("test connection"). */
  'backends.test': {
    args: z.object({ url: BackendUrlSchema, headers: BackendHeadersSchema.optional() }).strict(),
    result: BackendProbeSchema,
  },
  'workflows.list': { args: Empty, result: z.array(WorkflowSchema) },
  'broker.get': { args: Empty, result: BrokerSettingsSchema },
  /** password: a string sets it, null removes it, omitted keeps it. */
  'broker.update': {
    args: z
      .object({
        enabled: z.boolean().optional(),
        url: BrokerUrlSchema.optional(),
        username: z.string().max(255).optional(),
        password: z.string().max(1024).nullable().optional(),
      })
      .strict(),
    result: BrokerSettingsSchema,
  },
  /** The broker link as it is now; broker.updated tells every change after. */
  'broker.status': { args: Empty, result: BrokerStatusSchema },
  /** Connect once with these values ("test connection"); a password left out means the stored one. */
  'broker.test': {
    args: z.object({ url: BrokerUrlSchema, username: z.string().max(255).optional(), password: z.string().max(1024).optional() }).strict(),
    result: BrokerTestResultSchema,
  },
} as const;

/** Every event pushed from the core to the UI; all come from state changes (no polling). */
export const events = {
  'photo.updated': PhotoSchema,
  'backend.updated': BackendSchema,
  'backend.removed': z.object({ id: z.string() }).strict(),
  'queue.updated': QueueStatusSchema,
  /** One per file an import finishes, plus its start and end. */
  'import.progress': ImportProgressSchema,
  /** A verdict changed (any window): the photo's results as they are now. */
  'photo.reviewed': PhotoResultsSchema,
  /** The broker link connected, failed, was switched on or off, or the photos out at workers changed. */
  'broker.updated': BrokerStatusSchema,
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
