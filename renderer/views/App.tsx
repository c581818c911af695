// The window: top bar, status banners, the rejected-files panel and the grid; the compare view
// and the settings dialog open over it. The whole window takes dropped photos and folders.
import { useCallback, useEffect } from 'react';
import { BackendBanner } from '../components/BackendBanner';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { DropOverlay } from '../components/DropOverlay';
import { Notice } from '../components/Notice';
import { RejectedPanel } from '../components/RejectedPanel';
import { TopBar } from '../components/TopBar';
import type { CollectedFiles } from '../dnd/collect-files';
import { useWindowDrop } from '../dnd/use-window-drop';
import { useApp } from '../store/context';
import { CompareView } from './CompareView';
import { LibraryView } from './LibraryView';
import { SettingsDialog } from './SettingsDialog';

export function App() {
  const start = useApp((s) => s.start);
  const importFiles = useApp((s) => s.importFiles);
  const view = useApp((s) => s.view);
  const settingsOpen = useApp((s) => s.settingsOpen);
  useEffect(() => start(), [start]);

  const onDrop = useCallback(
    (collected: Promise<CollectedFiles>) => {
      void collected.then(({ files, unreadable }) => importFiles(files, unreadable));
    },
    [importFiles],
  );
  const dragging = useWindowDrop(onDrop);

  return (
    <div className="app">
      <TopBar />
      <div className="status-area">
        <ConnectionBanner />
        <BackendBanner />
        <RejectedPanel />
      </div>
      <main className="library">
        <LibraryView />
      </main>
      {dragging && <DropOverlay />}
      {view.kind === 'compare' && <CompareView photoId={view.photoId} />}
      {settingsOpen && <SettingsDialog />}
      <Notice />
    </div>
  );
}
