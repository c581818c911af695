// The UI's state and the actions that change it. One store per client, created by a factory
// (no module-level state); components read it through selectors and never see the transport.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { HeirloomError } from '../../electron/shared/client';
import type {
  BackendDto,
  CommandArgs,
  MediaVariant,
  RejectedFile,
  SettingsDto,
  WorkflowDto,
} from '../../electron/shared/contract';
import type { ConnectionEvent, UiClient } from '../client/types';
import { t } from '../i18n/t';
import { replaceBackends, upsertBackend } from './backends';
import { comparableIds, emptyPhotoTable, upsertPhotos } from './photos';
import type { PhotoTable } from './photos';

export type CompareMode = 'slider' | 'side-by-side';

export type View = { kind: 'library' } | { kind: 'compare'; photoId: string };

export type SaveOutcome = { ok: true; settings: SettingsDto } | { ok: false; error: HeirloomError };

export interface AppState extends PhotoTable {
  connection: ConnectionEvent;
  /** True once the first full load finished. */
  loaded: boolean;
  backends: readonly BackendDto[];
  settings: SettingsDto | null;
  workflows: readonly WorkflowDto[];
  /** Files refused by the imports since the panel was last dismissed, newest first. */
  rejected: readonly RejectedFile[];
  duplicates: number;
  /** Files handed to an import that has not answered yet. */
  importing: number;
  view: View;
  /** Kept across openings: people compare a whole batch the same way. */
  compareMode: CompareMode;
  settingsOpen: boolean;
  /** The last action that failed, shown until dismissed. */
  notice: string | null;
}

export interface AppActions {
  /** Subscribes to the client; returns the function that stops it. */
  start(): () => void;
  /** `unreadable`: files the drop could not even read, listed with the server's rejections. */
  importFiles(files: readonly File[], unreadable?: readonly RejectedFile[]): Promise<void>;
  retry(photoIds: readonly string[]): Promise<void>;
  openCompare(photoId: string): void;
  closeCompare(): void;
  stepCompare(delta: -1 | 1): void;
  setCompareMode(mode: CompareMode): void;
  dismissRejected(): void;
  dismissNotice(): void;
  openSettings(): void;
  closeSettings(): void;
  saveSettings(patch: CommandArgs<'settings.update'>): Promise<SaveOutcome>;
  testBackend(url: string): Promise<BackendDto>;
  mediaUrl(photoId: string, variant: MediaVariant, version?: number): string;
}

export type AppStore = AppState & AppActions;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createAppStore(client: UiClient): StoreApi<AppStore> {
  return createStore<AppStore>()((set, get) => {
    const fail = (error: unknown): void => set({ notice: t('error.generic', { message: messageOf(error) }) });

    const reload = async (): Promise<void> => {
      try {
        const [photos, backends, settings, workflows] = await Promise.all([
          client.call('photos.list', {}),
          client.call('backends.list', {}),
          client.call('settings.get', {}),
          client.call('workflows.list', {}),
        ]);
        set((state) => ({
          ...upsertPhotos(state, photos),
          backends: replaceBackends(state.backends, backends),
          settings,
          workflows,
          loaded: true,
        }));
      } catch (error) {
        fail(error);
      }
    };

    return {
      ...emptyPhotoTable,
      connection: { kind: 'connecting' },
      loaded: false,
      backends: [],
      settings: null,
      workflows: [],
      rejected: [],
      duplicates: 0,
      importing: 0,
      view: { kind: 'library' },
      compareMode: 'slider',
      settingsOpen: false,
      notice: null,

      start() {
        const stops = [
          client.on('photo.updated', (photo) => set((state) => upsertPhotos(state, [photo]))),
          client.on('backend.updated', (backend) => set((state) => ({ backends: upsertBackend(state.backends, backend) }))),
          client.onConnection((connection) => {
            set({ connection });
            if (connection.kind === 'connected') void reload();
          }),
        ];
        return () => {
          for (const stop of stops) stop();
        };
      },

      async importFiles(files, unreadable = []) {
        if (unreadable.length > 0) set((state) => ({ rejected: [...unreadable, ...state.rejected] }));
        if (files.length === 0) return;
        set((state) => ({ importing: state.importing + files.length }));
        try {
          const result = await client.importFiles(files);
          set((state) => ({
            ...upsertPhotos(state, result.photos),
            rejected: [...result.rejected, ...state.rejected],
            duplicates: state.duplicates + result.duplicates,
          }));
        } catch (error) {
          fail(error);
        } finally {
          set((state) => ({ importing: state.importing - files.length }));
        }
      },

      async retry(photoIds) {
        if (photoIds.length === 0) return;
        try {
          await client.call('jobs.retry', { photoIds: [...photoIds] });
        } catch (error) {
          fail(error);
        }
      },

      openCompare(photoId) {
        set({ view: { kind: 'compare', photoId } });
      },
      closeCompare() {
        set({ view: { kind: 'library' } });
      },
      stepCompare(delta) {
        const { view } = get();
        if (view.kind !== 'compare') return;
        const ids = comparableIds(get());
        const next = ids[ids.indexOf(view.photoId) + delta];
        if (next !== undefined) set({ view: { ...view, photoId: next } });
      },
      setCompareMode(compareMode) {
        set({ compareMode });
      },

      dismissRejected() {
        set({ rejected: [], duplicates: 0 });
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
          return { ok: false, error: error instanceof HeirloomError ? error : new HeirloomError('unexpected', messageOf(error)) };
        }
      },
      testBackend: (url) => client.call('backends.test', { url }),
      mediaUrl: (photoId, variant, version) => client.mediaUrl(photoId, variant, version),
    };
  });
}
