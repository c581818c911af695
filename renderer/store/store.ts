// The UI's state and the actions that change it. One store per client, created by a factory
// (no module-level state); components read it through selectors and never see the transport.
// Photo events are applied in batches (one per frame in the app): a 10,000-photo import sends
// tens of thousands of events, and each batch costs one table copy, one merge of its new photos
// into the order and one re-index.
// The library loads a page at a time: the first screen shows after one small page, the rest
// follows in the background (`npm run bench -- ui`: the 10,000-photo list took 600–900 ms).
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { HeirloomError } from '../../electron/shared/client';
import type {
  AlbumDto,
  BackendDto,
  BrokerStatusDto,
  CommandArgs,
  CommandResult,
  ImportProgressDto,
  ImportResult,
  MediaVariant,
  PhotoDto,
  PhotoResultsDto,
  QueueStatusDto,
  RejectedFile,
  Review,
  SettingsDto,
  WorkflowDto,
} from '../../electron/shared/contract';
import type { ConnectionEvent, FolderImportOptions, FolderPick, UiClient } from '../client/types';
import { message } from '../i18n/messages';
import type { Message } from '../i18n/messages';
import { removeBackend, replaceBackends, upsertBackend } from './backends';
import type { PhotoFilter, Scope } from './filters';
import { sameScope } from './filters';
import { buildIndex, emptyIndex } from './library-index';
import type { LibraryIndex } from './library-index';
import { comparableIds, emptyPhotoTable, upsertPhotos } from './photos';
import type { PhotoTable } from './photos';
import { emptySelection, pruneSelection, select, selectAll } from './selection';
import type { SelectMode, Selection } from './selection';

export type CompareMode = 'slider' | 'side-by-side';

export type View = { kind: 'library' } | { kind: 'compare'; photoId: string };

export type SaveOutcome = { ok: true; settings: SettingsDto } | { ok: false; error: HeirloomError };
export type BackendOutcome = { ok: true; backend: BackendDto } | { ok: false; error: HeirloomError };

export interface Notice {
  tone: 'error' | 'info';
  message: Message;
}

/** The first-run guide: shown by itself while no ComfyUI works ('auto'), or as the user chose. */
export type GuideState = 'auto' | 'open' | 'closed';

/** Photos in the first page: more than the biggest screen shows (a 2560×1440 grid holds ~60). */
export const FIRST_PAGE = 200;
/**
 * Photos per page after the first, loaded in the background. Each page is one task in the page
 * (parse, validate, merge, re-index, render): at 2,000 these were 60–350 ms long on the loaded
 * bench machine, long tasks a user scrolling at once would feel; 1,000 halves them.
 */
export const NEXT_PAGE = 1_000;

/** Priorities the UI offers (the queue takes -100..100; higher runs first). */
export const PRIORITY_FIRST = 50;
export const PRIORITY_NORMAL = 0;

export interface AppState extends PhotoTable {
  connection: ConnectionEvent;
  /** True once the first load (settings, lists, the first page of photos) finished. */
  loaded: boolean;
  /** True once every page of photos is in (until then counts and progress cover the pages so far). */
  complete: boolean;
  /** Each photo's results (its variants) and the one accepted, for photos opened in the compare view. */
  results: Readonly<Record<string, PhotoResultsDto>>;
  backends: readonly BackendDto[];
  /** The link to RabbitMQ for remote workers ('disabled' while they are off). */
  broker: BrokerStatusDto;
  settings: SettingsDto | null;
  workflows: readonly WorkflowDto[];
  albums: readonly AlbumDto[];
  queue: QueueStatusDto;
  filter: PhotoFilter;
  scope: Scope;
  /** Derived from the photos, filter, scope and queue (see library-index.ts). */
  index: LibraryIndex;
  selection: Selection;
  /** The grid cell that has (or gets) the keyboard focus. */
  focusedId: string | null;
  /** Files refused by the imports since the panel was last dismissed, newest first. */
  rejected: readonly RejectedFile[];
  /** Files passed over on purpose (junk, non-photos), listed with the rejected ones. */
  skipped: readonly RejectedFile[];
  duplicates: number;
  /** Files of a rescanned album that had not changed. */
  unchanged: number;
  /** Imports the core is walking right now (from import.progress), by import id. */
  imports: Readonly<Record<string, ImportProgressDto>>;
  /** Files handed to an import that has not answered yet. */
  importing: number;
  view: View;
  /** Kept across openings: people compare a whole batch the same way. */
  compareMode: CompareMode;
  settingsOpen: boolean;
  guide: GuideState;
  /** The last action that failed (or an outcome worth telling), shown until dismissed. */
  notice: Notice | null;
}

export interface AppActions {
  /** Subscribes to the client; returns the function that stops it. */
  start(): () => void;
  /** `unreadable`: files the drop could not even read, listed with the server's rejections. */
  importFiles(files: readonly File[], unreadable?: readonly RejectedFile[]): Promise<void>;
  /** `recursive: false` ("Include subfolders" unticked): only the files directly in each folder. */
  importFolders(folders: readonly FolderPick[], options?: FolderImportOptions): Promise<void>;
  cancelImport(importId: string): Promise<void>;
  /** Walks an album's folder again: only new or changed files are imported. */
  rescan(albumId: string): Promise<void>;
  setFilter(filter: PhotoFilter): void;
  setScope(scope: Scope): void;
  focus(photoId: string): void;
  select(photoId: string, mode: SelectMode): void;
  selectAll(): void;
  clearSelection(): void;
  retry(photoIds: readonly string[]): Promise<void>;
  retryAllFailed(): Promise<void>;
  cancel(photoIds: readonly string[]): Promise<void>;
  setPriority(photoIds: readonly string[], priority: number): Promise<void>;
  /** Everything, or one album. */
  pause(albumId?: string): Promise<void>;
  resume(albumId?: string): Promise<void>;
  /** True when the command went through (its outcome is told as a notice). */
  rerun(photoIds: readonly string[], workflowId: string, params: Record<string, number | string>): Promise<boolean>;
  /** Colour photos the import left alone: colorized with the default workflow after all. */
  colorize(photoIds: readonly string[]): Promise<void>;
  reveal(photoId: string, variant: 'original' | 'result'): Promise<void>;
  /** Fetches the photo's results (variants) into `results`. */
  loadResults(photoId: string): Promise<void>;
  /** Accept or reject one result (null clears it); true when the core took it. */
  review(photoId: string, jobId: string, review: Review | null): Promise<boolean>;
  openCompare(photoId: string): void;
  closeCompare(): void;
  stepCompare(delta: -1 | 1): void;
  setCompareMode(mode: CompareMode): void;
  dismissRejected(): void;
  dismissNotice(): void;
  openSettings(): void;
  closeSettings(): void;
  saveSettings(patch: CommandArgs<'settings.update'>): Promise<SaveOutcome>;
  /** One field saved as soon as it is changed (output, workflow and appearance settings). */
  applySettings(patch: CommandArgs<'settings.update'>): Promise<SaveOutcome>;
  testBackend(url: string, headers?: Record<string, string>): Promise<CommandResult<'backends.test'>>;
  /** Remote workers (settings, Remote workers tab): the password is write-only, `hasPassword` says whether one is stored. */
  getBroker(): Promise<CommandResult<'broker.get'>>;
  updateBroker(patch: CommandArgs<'broker.update'>): Promise<{ ok: true; broker: CommandResult<'broker.update'> } | { ok: false; error: HeirloomError }>;
  testBroker(input: CommandArgs<'broker.test'>): Promise<CommandResult<'broker.test'>>;
  /** The list of ComfyUI backends (settings, ComfyUI tab): the answer is the backend as the core now sees it. */
  addBackend(input: CommandArgs<'backends.add'>): Promise<BackendOutcome>;
  updateBackend(input: CommandArgs<'backends.update'>): Promise<BackendOutcome>;
  /** Photos in flight there go back to the queue (the core does it). */
  removeBackend(id: string): Promise<{ ok: true } | { ok: false; error: HeirloomError }>;
  setGuide(guide: GuideState): void;
  mediaUrl(photoId: string, variant: MediaVariant, version?: number): string;
  /** One result of a photo (a variant) by its job id. */
  resultUrl(photoId: string, jobId: string): string;
  readonly canReveal: boolean;
}

export type AppStore = AppState & AppActions;

export interface StoreDeps {
  /** Runs `flush` soon; photo events that arrive before it are applied together. */
  schedule?: (flush: () => void) => void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asHeirloomError(error: unknown): HeirloomError {
  return error instanceof HeirloomError ? error : new HeirloomError('unexpected', messageOf(error));
}

export function createAppStore(client: UiClient, deps: StoreDeps = {}): StoreApi<AppStore> {
  const schedule = deps.schedule ?? ((flush: () => void) => flush());

  return createStore<AppStore>()((set, get) => {
    /** Applies a change and keeps the derived index and the selection in step with it. */
    const commit = (recipe: (state: AppStore) => Partial<AppState>): void =>
      set((state) => {
        const patch = recipe(state);
        const next = { ...state, ...patch };
        if (next.photos === state.photos && next.order === state.order && next.filter === state.filter && next.scope === state.scope && next.queue === state.queue) {
          return patch;
        }
        const index = buildIndex(next, state.index);
        return { ...patch, index, selection: pruneSelection(next.selection, index.visible) };
      });

    const fail = (error: unknown): void => set({ notice: { tone: 'error', message: message('error.generic', { message: messageOf(error) }) } });
    const tell = (info: Message): void => set({ notice: { tone: 'info', message: info } });

    const takeResult = (result: ImportResult): void => {
      receive(result.photos);
      set((state) => ({
        rejected: [...result.rejected, ...state.rejected],
        skipped: [...result.skipped, ...state.skipped],
        duplicates: state.duplicates + result.duplicates,
        unchanged: state.unchanged + result.unchanged,
      }));
    };

    const reloadAlbums = async (): Promise<void> => {
      try {
        const albums = await client.call('albums.list', {});
        set({ albums });
      } catch (error) {
        fail(error);
      }
    };

    /** Each (re)load counts: pages of an older one still arriving after a reconnect are dropped. */
    let loads = 0;
    const reload = async (): Promise<void> => {
      const load = ++loads;
      try {
        set({ complete: false });
        const [first, backends, broker, settings, workflows, albums, queue] = await Promise.all([
          client.call('photos.page', { limit: FIRST_PAGE }),
          client.call('backends.list', {}),
          client.call('broker.status', {}),
          client.call('settings.get', {}),
          client.call('workflows.list', {}),
          client.call('albums.list', {}),
          client.call('queue.status', {}),
        ]);
        if (load !== loads) return;
        commit((state) => ({
          ...upsertPhotos(state, first.photos),
          backends: replaceBackends(state.backends, backends),
          broker,
          settings,
          workflows,
          albums,
          queue,
          loaded: true,
          complete: first.next === null,
        }));
        // The rest in the background, page after page; events keep arriving meanwhile and the
        // table keeps the newer copy of a photo (see photos.ts).
        let next = first.next;
        while (next !== null) {
          const page = await client.call('photos.page', { after: next, limit: NEXT_PAGE });
          if (load !== loads) return;
          commit((state) => ({ ...upsertPhotos(state, page.photos), complete: page.next === null }));
          next = page.next;
        }
      } catch (error) {
        if (load === loads) fail(error);
      }
    };

    let pending: PhotoDto[] = [];
    const flush = (): void => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      commit((state) => upsertPhotos(state, batch));
      const known = new Set(get().albums.map((a) => a.id));
      if (batch.some((p) => p.albumId !== null && !known.has(p.albumId))) void reloadAlbums();
    };
    const receive = (photos: readonly PhotoDto[]): void => {
      const first = pending.length === 0;
      pending.push(...photos);
      if (first) schedule(flush);
    };

    const guarded =
      <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
      async (...args: A): Promise<void> => {
        try {
          await action(...args);
        } catch (error) {
          fail(error);
        }
      };

    const compareIds = (): string[] => {
      const { photos, index } = get();
      return comparableIds(photos, index.visible);
    };

    return {
      ...emptyPhotoTable,
      connection: { kind: 'connecting' },
      loaded: false,
      complete: false,
      results: {},
      backends: [],
      broker: { state: 'disabled', message: null, inFlight: 0 },
      settings: null,
      workflows: [],
      albums: [],
      queue: { paused: false, pausedAlbumIds: [] },
      filter: 'all',
      scope: { kind: 'all' },
      index: emptyIndex,
      selection: emptySelection,
      focusedId: null,
      rejected: [],
      skipped: [],
      duplicates: 0,
      unchanged: 0,
      imports: {},
      importing: 0,
      view: { kind: 'library' },
      compareMode: 'slider',
      settingsOpen: false,
      guide: 'auto',
      notice: null,
      canReveal: client.capabilities.revealInFolder,

      start() {
        const stops = [
          client.on('photo.updated', (photo) => receive([photo])),
          client.on('backend.updated', (backend) => set((state) => ({ backends: upsertBackend(state.backends, backend) }))),
          client.on('broker.updated', (broker) => set({ broker })),
          client.on('backend.removed', ({ id }) => set((state) => ({ backends: removeBackend(state.backends, id) }))),
          client.on('queue.updated', (queue) => commit(() => ({ queue }))),
          client.on('ui.openSettings', () => set({ settingsOpen: true })),
          client.on('photo.reviewed', (results) => set((state) => ({ results: { ...state.results, [results.photoId]: results } }))),
          client.on('import.progress', (progress) =>
            set((state) => {
              const imports = { ...state.imports };
              if (progress.phase === 'running') imports[progress.importId] = progress;
              else delete imports[progress.importId];
              return { imports };
            }),
          ),
          client.onConnection((connection) => {
            set({ connection });
            if (connection.kind === 'connected') void reload();
          }),
        ];
        return () => {
          for (const stop of stops) stop();
          flush();
        };
      },

      async importFiles(files, unreadable = []) {
        if (unreadable.length > 0) set((state) => ({ rejected: [...unreadable, ...state.rejected] }));
        if (files.length === 0) return;
        set((state) => ({ importing: state.importing + files.length }));
        try {
          takeResult(await client.importFiles(files));
        } catch (error) {
          fail(error);
        } finally {
          set((state) => ({ importing: state.importing - files.length }));
        }
      },

      async importFolders(folders, options) {
        if (folders.length === 0) return;
        // The number of files is unknown until the folders are walked: each folder counts as one.
        set((state) => ({ importing: state.importing + folders.length }));
        try {
          const result = await client.importFolders(folders, options);
          takeResult(result);
          if (result.photos.some((p) => p.albumId !== null)) await reloadAlbums();
        } catch (error) {
          fail(error);
        } finally {
          set((state) => ({ importing: state.importing - folders.length }));
        }
      },

      cancelImport: guarded(async (importId) => {
        await client.call('photos.cancelImport', { importId });
      }),
      rescan: guarded(async (albumId) => {
        const result = await client.call('albums.rescan', { albumId, importId: crypto.randomUUID() });
        takeResult(result);
        if (result.photos.length === 0 && result.rejected.length === 0) tell(message('album.rescanNothing'));
      }),

      setFilter(filter) {
        commit(() => ({ filter, selection: emptySelection }));
      },
      setScope(scope) {
        if (sameScope(scope, get().scope)) return;
        commit(() => ({ scope, selection: emptySelection }));
      },
      focus(photoId) {
        set({ focusedId: photoId });
      },
      select(photoId, mode) {
        // A Shift-extension with no anchor yet starts from the photo that has the focus.
        set((state) => ({
          selection: select({ ...state.selection, anchor: state.selection.anchor ?? state.focusedId }, photoId, mode, state.index.visible),
          focusedId: photoId,
        }));
      },
      selectAll() {
        set((state) => ({ selection: selectAll(state.index.visible) }));
      },
      clearSelection() {
        set({ selection: emptySelection });
      },

      retry: guarded(async (photoIds) => {
        if (photoIds.length === 0) return;
        await client.call('jobs.retry', { photoIds: [...photoIds] });
      }),
      retryAllFailed: guarded(async () => {
        const { retried } = await client.call('jobs.retry', {});
        if (retried === 0) tell(message('queue.nothingToRetry'));
      }),
      cancel: guarded(async (photoIds) => {
        if (photoIds.length === 0) return;
        await client.call('jobs.cancel', { photoIds: [...photoIds] });
      }),
      setPriority: guarded(async (photoIds, priority) => {
        if (photoIds.length === 0) return;
        const { updated } = await client.call('jobs.setPriority', { photoIds: [...photoIds], priority });
        tell(message(priority > PRIORITY_NORMAL ? 'queue.prioritized' : 'queue.deprioritized', { count: updated }));
      }),
      pause: guarded(async (albumId) => {
        const queue = await client.call('queue.pause', albumId === undefined ? {} : { albumId });
        commit(() => ({ queue }));
      }),
      resume: guarded(async (albumId) => {
        const queue = await client.call('queue.resume', albumId === undefined ? {} : { albumId });
        commit(() => ({ queue }));
      }),
      async rerun(photoIds, workflowId, params) {
        try {
          const { queued, unchanged } = await client.call('jobs.rerun', { photoIds: [...photoIds], workflowId, params });
          tell(queued > 0 ? message('rerun.queued', { count: queued }) : message('rerun.unchanged', { count: unchanged }));
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      },
      colorize: guarded(async (photoIds) => {
        const settings = get().settings;
        if (photoIds.length === 0 || settings === null) return;
        await client.call('jobs.rerun', { photoIds: [...photoIds], workflowId: settings.workflowId, params: settings.workflowParams });
      }),
      reveal: guarded(async (photoId, variant) => {
        await client.call('photos.reveal', { photoId, variant });
      }),
      loadResults: guarded(async (photoId) => {
        const results = await client.call('photos.results', { photoId });
        set((state) => ({ results: { ...state.results, [photoId]: results } }));
      }),
      async review(photoId, jobId, review) {
        try {
          const results = await client.call('photos.review', { photoId, jobId, review });
          set((state) => ({ results: { ...state.results, [photoId]: results } }));
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      },

      openCompare(photoId) {
        set({ view: { kind: 'compare', photoId }, focusedId: photoId });
      },
      closeCompare() {
        set({ view: { kind: 'library' } });
      },
      stepCompare(delta) {
        const { view } = get();
        if (view.kind !== 'compare') return;
        const ids = compareIds();
        const next = ids[ids.indexOf(view.photoId) + delta];
        if (next !== undefined) set({ view: { ...view, photoId: next }, focusedId: next });
      },
      setCompareMode(compareMode) {
        set({ compareMode });
      },

      dismissRejected() {
        set({ rejected: [], skipped: [], duplicates: 0, unchanged: 0 });
      },
      dismissNotice() {
        set({ notice: null });
      },
      openSettings() {
        set({ settingsOpen: true });
      },
      closeSettings() {
        set({ settingsOpen: false });
      },

      async saveSettings(patch) {
        try {
          const settings = await client.call('settings.update', patch);
          set({ settings });
          // A new URL means a different backend: its entry replaces the old one.
          const backends = await client.call('backends.list', {});
          set((state) => ({ backends: replaceBackends(state.backends, backends) }));
          return { ok: true, settings };
        } catch (error) {
          return { ok: false, error: asHeirloomError(error) };
        }
      },
      async applySettings(patch) {
        try {
          const settings = await client.call('settings.update', patch);
          set({ settings });
          return { ok: true, settings };
        } catch (error) {
          return { ok: false, error: asHeirloomError(error) };
        }
      },
      testBackend: (url, headers) => client.call('backends.test', headers === undefined ? { url } : { url, headers }),
      getBroker: () => client.call('broker.get', {}),
      async updateBroker(patch) {
        try {
          return { ok: true, broker: await client.call('broker.update', patch) };
        } catch (error) {
          return { ok: false, error: asHeirloomError(error) };
        }
      },
      testBroker: (input) => client.call('broker.test', input),
      async addBackend(input) {
        try {
          const backend = await client.call('backends.add', input);
          set((state) => ({ backends: upsertBackend(state.backends, backend) }));
          return { ok: true, backend };
        } catch (error) {
          return { ok: false, error: asHeirloomError(error) };
        }
      },
      async updateBackend(input) {
        try {
          const backend = await client.call('backends.update', input);
          set((state) => ({ backends: upsertBackend(state.backends, backend) }));
          return { ok: true, backend };
        } catch (error) {
          return { ok: false, error: asHeirloomError(error) };
        }
      },
      async removeBackend(id) {
        try {
          await client.call('backends.remove', { id });
          set((state) => ({ backends: removeBackend(state.backends, id) }));
          return { ok: true };
        } catch (error) {
          return { ok: false, error: asHeirloomError(error) };
        }
      },
      setGuide(guide) {
        set({ guide });
      },
      mediaUrl: (photoId, variant, version) => client.mediaUrl(photoId, variant, version),
      resultUrl: (photoId, jobId) => client.resultUrl(photoId, jobId),
    };
  });
}
