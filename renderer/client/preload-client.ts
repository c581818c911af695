// HeirloomClient over the Electron preload (window.heirloom): commands over IPC, one event
// subscription, dropped files resolved to paths and imported in place (no upload).
import type { PreloadApi } from '../../electron/shared/client';
import type { ImportResult, MediaVariant, RejectedFile } from '../../electron/shared/contract';
import { t } from '../i18n/t';
import { mergeImportResults, resultFromEnvelope } from './envelope';
import { createEventHub, parseEvent } from './event-hub';
import type { UiClient } from './types';

export function createElectronClient(api: PreloadApi): UiClient {
  const hub = createEventHub();
  const unsubscribe = api.subscribe((event) => {
    const parsed = parseEvent(event);
    if (parsed.ok) hub.emit(parsed.event);
    else console.warn(`event dropped: ${parsed.message}`);
  });

  const call: UiClient['call'] = async (name, args) => resultFromEnvelope(name, await api.invoke(name, args));

  return {
    call,
    on: (name, listener) => hub.on(name, listener),
    async importFiles(files) {
      const resolved = api.pathsForFiles(files);
      const paths: string[] = [];
      const rejected: RejectedFile[] = [];
      files.forEach((file, index) => {
        const path = resolved[index];
        if (path) paths.push(path);
        else rejected.push({ name: file.name, code: 'no_path', reason: t('error.noPath') });
      });
      const parts: ImportResult[] = [{ photos: [], rejected, duplicates: 0 }];
      if (paths.length > 0) parts.push(await call('photos.importPaths', { paths }));
      return mergeImportResults(parts);
    },
    mediaUrl(photoId: string, variant: MediaVariant, version?: number) {
      const base = `heirloom://media/${encodeURIComponent(photoId)}/${variant}`;
      return version === undefined ? base : `${base}?v=${version}`;
    },
    // IPC has no connection to lose: the channel is up for the window's lifetime.
    onConnection(listener) {
      listener({ kind: 'connected' });
      return () => undefined;
    },
    close() {
      unsubscribe();
      hub.clear();
    },
  };
}
