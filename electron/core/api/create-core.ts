import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { AnyEvent, CommandHandlers, ImportResult, MediaVariant, PhotoDto, QueueStatusDto, SettingsDto } from '../../shared/contract';
import { openDatabase } from '../db/open-database';
import { startWalSync } from '../db/wal-sync';
import { realTimers } from '../comfy/timers';
import { createResultWriter } from '../output/save-result';
import { createDispatcher } from '../dispatch/dispatcher';
import { createEventHub } from '../events/event-hub';
import { createImporter, isUploadedAlbum, type ImportOutcome, type ImportRequest } from '../library/import-photos';
import { createPhotoStore } from '../library/photo-store';
import { createJobQueue } from '../queue/job-queue';
import type { BackoffPolicy } from '../queue/backoff';
import type { ComfyClient } from '../comfy/client';
import { createBrokerSettings, envSecrets, type SecretStore } from '../broker/settings';
import { createAppBroker } from '../broker/app-broker';
import { loadInstallationId } from '../broker/installation-id';
import type { TopologyOptions } from '../broker/topology';
import { createBackendStore, type BackendConfig } from './backend-store';
import type { HeirloomCore } from './core';
import { createSettingsStore } from './settings-store';
import { createWorkflowRegistry } from './workflow-registry';
import { createPhotoPages } from './photo-pages';
import { createPhotoResults } from './photo-results';
import { createRebuildPool, defaultRebuildWorkers } from '../colorize';

export interface CreateCoreOptions {
  dataDir: string;
  workflowsDir: string;
  defaultOutputDir: string;
  appVersion: string;
  /** Electron-ABI build of better-sqlite3 when running inside Electron. */
  nativeBinding?: string | undefined;
  /**
   * Settings applied at start (CLI flags); persisted like any settings change. `backends`
   * (`--backend URL`, repeatable) replaces the list of backends.
   */
  overrides?: Partial<SettingsDto> & { backends?: readonly string[] };
  now?: () => number;
  randomId?: () => string;
  random?: () => number;
  /** Passed to the dispatcher: how long to wait before probing an offline backend again. */
  offlineRetryMs?: number;
  /** Passed to the dispatcher: how often a backend that is up is checked. */
  healthCheckMs?: number;
  /** Retry delays of the queue (tests shorten them). */
  backoff?: BackoffPolicy;
  /** How the dispatcher talks to a backend (tests wrap the real client to change its answers). */
  comfyClient?: (config: BackendConfig, clientId: string) => ComfyClient;
  /** Shows a file in the OS file manager ('photos.reveal'); only the desktop app has one. */
  revealPath?: (path: string) => void;
  /** Where the broker password lives: safeStorage in the app (broker/settings encryptedFileSecrets); default the environment (CLI). */
  secrets?: SecretStore;
  /** Broker names (default prefix `heirloom`); tests use a prefix of their own. */
  brokerTopology?: Partial<TopologyOptions>;
  /** Jobs at remote workers at once (dispatch/remote-target.ts). Default 64. */
  brokerCapacity?: number;
  /** Delay before broker reconnect attempt n (tests shorten it). */
  brokerReconnectDelayMs?: (attempt: number) => number;
  /**
   * Starts one thread of chroma mode's rebuild (the host knows where its bundled
   * rebuild-worker lives: dist/cli/rebuild-worker.js, dist/main/rebuild-worker.cjs). Without it
   * the rebuild runs on the core's own thread, in slices.
   */
  startRebuildWorker?: () => Worker;
  /** Rebuild threads at most. Default defaultRebuildWorkers(): one per core but one, at least 1. */
  rebuildWorkers?: number;
}

export const DEFAULT_WORKFLOW_ID = 'ddcolor-portrait';

/** Builds the whole core (plain Node): database, queue, import, dispatch, and the contract's handlers. */
export async function createHeirloomCore(options: CreateCoreOptions): Promise<HeirloomCore & { waitForIdle(): Promise<void> }> {
  const now = options.now ?? Date.now;
  const randomId = options.randomId ?? randomUUID;
  const random = options.random ?? Math.random;
  const db = openDatabase(join(options.dataDir, 'heirloom.sqlite'), { nativeBinding: options.nativeBinding, now });
  // A failed checkpoint (disk full, I/O error) is retried next tick; the commits that need the
  // disk report the same error where the user sees it.
  const walSync = startWalSync(db, { timers: realTimers, onError: (error) => console.warn('Heirloom: WAL checkpoint failed:', error) });
  const hub = createEventHub();
  const photos = createPhotoStore(db);
  const photoPages = createPhotoPages(db, (id) => photos.dto(id));
  const photoResults = createPhotoResults(db, now);
  /** The accepted result when the user picked one, else the newest. */
  const resultPath = (photoId: string) => photoResults.favoritePath(photoId) ?? photos.resultPath(photoId);
  const workflows = await createWorkflowRegistry(options.workflowsDir);
  const settings = createSettingsStore(db, {
    outputDir: options.defaultOutputDir,
    workflowId: DEFAULT_WORKFLOW_ID,
    workflowParams: {},
    outputFormat: 'png',
    namingPattern: '{name}.colorized',
    keepMetadata: true,
    language: 'system',
    theme: 'system',
  });
  const backends = createBackendStore(db, { now, randomId });
  const broker = createBrokerSettings({ db, secrets: options.secrets ?? envSecrets(process.env) });
  if (options.overrides) {
    const { workflowId, backends: backendUrls, ...rest } = options.overrides;
    if (backendUrls && backendUrls.length > 0) backends.replaceAll(backendUrls);
    settings.update({ ...rest, ...(workflowId ? { workflowId: await workflows.resolveId(workflowId) } : {}) });
  }

  // Job changes can happen inside a transaction; events go out once the current task is done,
  // one per photo however many changes it had.
  const pendingPhotos = new Set<string>();
  function photoChanged(photoId: string) {
    if (pendingPhotos.size === 0) {
      queueMicrotask(() => {
        const ids = [...pendingPhotos];
        pendingPhotos.clear();
        for (const id of ids) {
          const dto = photos.dto(id);
          if (dto) hub.emit({ name: 'photo.updated', payload: dto });
        }
      });
    }
    pendingPhotos.add(photoId);
  }

  const queue = createJobQueue({
    db,
    now,
    randomId,
    random,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    onChange: (jobId) => {
      const photoId = photos.photoIdOfJob(jobId);
      if (photoId) photoChanged(photoId);
    },
  });
  const importer = createImporter({
    db,
    photos,
    queue,
    dataDir: options.dataDir,
    now,
    randomId,
    jobTemplate: () => {
      const { workflowId, workflowParams } = settings.get();
      return workflows.jobTemplate(workflowId, workflowParams);
    },
    // Dispatch starts on the first photos while a big album is still being imported.
    onPhotoAdded: (photoId) => {
      photoChanged(photoId);
      dispatcher.wake();
    },
    excludedFolders: () => [settings.get().outputDir],
  });
  /** Imports under way, by import id: photos.cancelImport aborts one, close() waits for them. */
  const imports = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  async function runImport(importId: string | undefined, work: (request: ImportRequest) => Promise<ImportOutcome>): Promise<ImportResult> {
    const id = importId ?? randomId();
    if (imports.has(id)) throw Object.assign(new Error(`An import with id ${id} is already running.`), { code: 'import-id-in-use' });
    const controller = new AbortController();
    const done = work({
      signal: controller.signal,
      onProgress: ({ phase, counts, current }) => hub.emit({ name: 'import.progress', payload: { importId: id, phase, current, ...counts } }),
    });
    imports.set(id, { controller, done: done.catch(() => undefined) });
    try {
      return toResult(await done, id);
    } finally {
      imports.delete(id);
    }
  }
  const resultWriter = createResultWriter({ photos, settings: () => settings.get(), software: `Heirloom ${options.appVersion}`, now });
  // Remote workers over RabbitMQ (issue 7): on while the broker settings say so; results are saved
  // by the same writer as local ones.
  const appBroker = createAppBroker({
    db,
    queue,
    settings: broker,
    save: { queue, resultWriter },
    installationId: loadInstallationId(db, randomUUID),
    now,
    onSettled: () => dispatcher.wake(),
    onStatus: (status) => hub.emit({ name: 'broker.updated', payload: status }),
    ...(options.brokerTopology ? { topology: options.brokerTopology } : {}),
    ...(options.brokerReconnectDelayMs ? { delayMs: options.brokerReconnectDelayMs } : {}),
  });
  // Started lazily by the pool (the first chroma photo), stopped in close().
  const rebuilder = options.startRebuildWorker
    ? createRebuildPool({ size: options.rebuildWorkers ?? defaultRebuildWorkers(), startWorker: options.startRebuildWorker })
    : undefined;
  const dispatcher = createDispatcher({
    queue,
    photos,
    workflows,
    now,
    backends: () => backends.list(),
    resultWriter,
    remote: { ...appBroker, capacity: options.brokerCapacity ?? 64 },
    selectedWorkflow: () => {
      const { workflowId, workflowParams } = settings.get();
      return { workflowId, params: workflowParams };
    },
    onBackend: (backend) => hub.emit({ name: 'backend.updated', payload: backend }),
    onBackendRemoved: (id) => hub.emit({ name: 'backend.removed', payload: { id } }),
    ...(options.offlineRetryMs === undefined ? {} : { offlineRetryMs: options.offlineRetryMs }),
    ...(options.healthCheckMs === undefined ? {} : { healthCheckMs: options.healthCheckMs }),
    ...(options.comfyClient ? { createClient: options.comfyClient } : {}),
    ...(rebuilder ? { rebuilder } : {}),
  });
  /** The backend as the dispatcher now sees it, after a change of the list. */
  const backendNow = (id: string) => {
    const dto = dispatcher.backend(id);
    if (!dto) throw Object.assign(new Error(`No backend with id ${id}.`), { code: 'backend-not-found' });
    return dto;
  };

  function queueStatus(): QueueStatusDto {
    const scopes = queue.pausedScopes();
    return { paused: scopes.all, pausedAlbumIds: scopes.albums };
  }
  function queueStatusChanged(): QueueStatusDto {
    const status = queueStatus();
    hub.emit({ name: 'queue.updated', payload: status });
    return status;
  }

  function toResult(outcome: ImportOutcome, importId: string): ImportResult {
    const seen = new Set<string>();
    const list: PhotoDto[] = [];
    for (const id of outcome.photoIds) {
      if (seen.has(id)) continue;
      seen.add(id);
      const dto = photos.dto(id);
      if (dto) list.push(dto);
    }
    dispatcher.wake();
    const { counts } = outcome;
    return { importId, photos: list, rejected: outcome.rejected, skipped: outcome.skipped, duplicates: counts.duplicates, unchanged: counts.unchanged, canceled: outcome.canceled };
  }

  const handlers: CommandHandlers = {
    'app.info': async () => ({ version: options.appVersion, dataDir: options.dataDir }),
    'photos.list': async () => photos.list(),
    'photos.page': async ({ after, limit }) => photoPages.page(after, limit),
    'photos.results': async ({ photoId }) => photoResults.list(photoId),
    'photos.review': async ({ photoId, jobId, review }) => {
      const results = photoResults.review(photoId, jobId, review);
      hub.emit({ name: 'photo.reviewed', payload: results });
      // The grid's review mark lives on the photo: every window's card follows.
      photoChanged(photoId);
      return results;
    },
    'photos.importPaths': async ({ paths, recursive, importId, colorizeColor }) =>
      runImport(importId, (request) => importer.importPaths(paths, { ...request, ...(recursive === undefined ? {} : { recursive }), ...(colorizeColor === undefined ? {} : { colorizeColor }) })),
    'photos.cancelImport': async ({ importId }) => {
      const running = imports.get(importId);
      running?.controller.abort();
      return { canceled: running !== undefined };
    },
    'albums.rescan': async ({ albumId, importId }) => {
      const album = photos.album(albumId);
      if (!album) throw Object.assign(new Error(`No album with id ${albumId}.`), { code: 'not-found' });
      if (isUploadedAlbum(options.dataDir, album.root_path)) {
        throw Object.assign(new Error(`“${album.name}” was dropped into a browser: drop the folder again to add its new photos.`), { code: 'uploaded-album' });
      }
      return runImport(importId, (request) => importer.importPaths([album.root_path], { ...request, recursive: album.recursive === 1 }));
    },
    'jobs.retry': async ({ photoIds }) => {
      const retried = queue.retryPhotos(photoIds);
      dispatcher.wake();
      return { retried };
    },
    'jobs.cancel': async ({ photoIds }) => {
      const { canceled, running } = queue.cancelPhotos(photoIds);
      await dispatcher.cancelRunning(running);
      return { canceled };
    },
    'jobs.setPriority': async ({ photoIds, priority }) => ({ updated: queue.setPriority(photoIds, priority) }),
    'jobs.rerun': async ({ photoIds, workflowId, params }) => {
      // Validated against the manifest before anything is queued; one template for every photo.
      const template = await workflows.jobTemplate(await workflows.resolveId(workflowId), params);
      const rows = [...new Set(photoIds)].map((photoId) => {
        const row = photos.row(photoId);
        if (!row) throw Object.assign(new Error(`No photo with id ${photoId}.`), { code: 'not-found' });
        return row;
      });
      // All or nothing: one transaction for the whole selection.
      const queued = db
        .transaction(() =>
          rows.filter(
            (row) => queue.enqueue({ photoId: row.id, idempotencyKey: template.idempotencyKey(row.sha256), workflowId: template.workflowId, params: template.params }).created,
          ).length,
        )
        .immediate();
      dispatcher.wake();
      return { queued, unchanged: rows.length - queued };
    },
    'photos.reveal': async ({ photoId, variant }) => {
      if (!options.revealPath) throw Object.assign(new Error('Showing files in a folder works in the desktop app only.'), { code: 'unsupported' });
      const path = variant === 'original' ? photos.row(photoId)?.source_path : resultPath(photoId);
      if (!path) throw Object.assign(new Error(`Photo ${photoId} has no ${variant === 'original' ? 'original' : 'result'} file.`), { code: 'not-found' });
      options.revealPath(path);
      return {};
    },
    'queue.pause': async ({ albumId }) => {
      queue.pause(albumId);
      return queueStatusChanged();
    },
    'queue.resume': async ({ albumId }) => {
      queue.resume(albumId);
      dispatcher.wake();
      return queueStatusChanged();
    },
    'queue.status': async () => queueStatus(),
    'albums.list': async () => {
      const paused = new Set(queue.pausedScopes().albums);
      return photos.albums().map((album) => ({ id: album.id, name: album.name, rootPath: album.root_path, paused: paused.has(album.id) }));
    },
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      const { workflowId, ...rest } = patch;
      const resolvedId = workflowId ? await workflows.resolveId(workflowId) : undefined;
      // Parameters are checked against the workflow's manifest before anything is saved or queued.
      const current = settings.get();
      const template = await workflows.jobTemplate(resolvedId ?? current.workflowId, patch.workflowParams ?? (resolvedId ? {} : current.workflowParams));
      // …and against the backends that are up: a model file none of them offers is refused here.
      const unavailable = await dispatcher.paramsProblem(template.workflowId, template.params);
      if (unavailable) throw Object.assign(new Error(`No backend that is up can run these parameters: ${unavailable}.`), { code: 'invalid-parameters' });
      const next = settings.update({ ...rest, ...(resolvedId ? { workflowId: resolvedId } : {}), ...(resolvedId && !patch.workflowParams ? { workflowParams: {} } : {}) });
      dispatcher.wake();
      return next;
    },
    'backends.list': async () => dispatcher.backends(),
    'backends.add': async (input) => {
      const added = backends.add(input);
      dispatcher.syncBackends();
      return backendNow(added.id);
    },
    'backends.update': async ({ id, ...patch }) => {
      backends.update(id, patch);
      dispatcher.syncBackends();
      return backendNow(id);
    },
    'backends.remove': async ({ id }) => {
      backends.remove(id);
      return { released: dispatcher.syncBackends() };
    },
    'backends.test': async ({ url, headers }) => dispatcher.test(url, headers ?? {}, AbortSignal.timeout(15_000)),
    'workflows.list': async () => workflows.list(),
    'broker.get': async () => broker.get(),
    'broker.update': async (patch) => {
      const next = await broker.update(patch);
      // New URL, credentials or on/off: reconnect (or give remote jobs back when switched off).
      await appBroker.restart();
      dispatcher.wake();
      return next;
    },
    'broker.status': async () => appBroker.status(),
    'broker.test': async (input) => broker.test(input, AbortSignal.timeout(15_000)),
  };

  let started = false;
  let closing = false;
  return {
    handlers,
    subscribe: (listener: (event: AnyEvent) => void) => hub.subscribe(listener),
    mediaPath(photoId: string, variant: MediaVariant, jobId?: string) {
      if (jobId !== undefined) return variant === 'result' ? photoResults.path(photoId, jobId) : undefined;
      const row = photos.row(photoId);
      if (!row) return undefined;
      switch (variant) {
        case 'original':
          return row.source_path;
        case 'thumb':
          return row.thumb_path ?? undefined;
        case 'result':
          return resultPath(photoId);
        default: {
          const exhaustive: never = variant;
          return exhaustive;
        }
      }
    },
    async importUpload({ name, bytes, folderPath }) {
      return toResult(await importer.importUpload({ name, bytes, folderPath }), randomId());
    },
    async start() {
      if (started) return;
      started = true;
      // Before dispatch: start-up recovery leaves jobs at remote workers to the broker only while it is on.
      await appBroker.start();
      // close() may have come meanwhile (a CLI rerun with nothing left to do): then no dispatch on a closed database.
      if (!closing) dispatcher.start();
    },
    waitForIdle: () => dispatcher.waitForIdle(),
    async close() {
      closing = true;
      for (const running of imports.values()) running.controller.abort();
      await Promise.all([...imports.values()].map((running) => running.done));
      await dispatcher.stop();
      await appBroker.stop();
      await rebuilder?.close();
      walSync.stop();
      db.close();
    },
  };
}
