// The window: top bar; the sidebar of albums; the main column (status banners, the first-run
// guide, the rejected-files panel, the toolbar and the grid), which scrolls on its own. The
// compare view and the settings dialog open over it. The whole window takes dropped photos and
// folders; language and theme follow the settings (or the OS).
import { useCallback, useState } from 'react';
import { Appearance } from '../components/Appearance';
import { BackendBanner } from '../components/BackendBanner';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { DesktopEffects } from '../components/DesktopEffects';
import { DropOverlay } from '../components/DropOverlay';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { FirstRunGuide } from '../components/FirstRunGuide';
import { ImportStatus } from '../components/ImportStatus';
import { Notice } from '../components/Notice';
import { RejectedPanel } from '../components/RejectedPanel';
import { Sidebar } from '../components/Sidebar';
import { TopBar } from '../components/TopBar';
import { askToNotify } from '../desktop/notify';
import type { Drop } from '../dnd/collect-files';
import { useWindowDrop } from '../dnd/use-window-drop';
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import { CompareView } from './CompareView';
import { LibraryView } from './LibraryView';
import { ScrollContainerContext } from './library/scroll-container';
import { SettingsDialog } from './SettingsDialog';

export function App() {
  const t = useT();
  const importFiles = useApp((s) => s.importFiles);
  const importFolders = useApp((s) => s.importFolders);
  const view = useApp((s) => s.view);
  const settingsOpen = useApp((s) => s.settingsOpen);
  const closeSettings = useApp((s) => s.closeSettings);
  const closeCompare = useApp((s) => s.closeCompare);
  const [main, setMain] = useState<HTMLElement | null>(null);

  const onDrop = useCallback(
    (drop: Drop) => {
      askToNotify();
      void importFolders(drop.folders);
      void importFiles(drop.files);
    },
    [importFiles, importFolders],
  );
  const dragging = useWindowDrop(onDrop);

  return (
    <div className="app">
      <Appearance />
      <DesktopEffects />
      <TopBar />
      <div className="workspace">
        <Sidebar />
        <main ref={setMain} className="main" aria-label={t('main.label')}>
          <div className="status-area">
            <ConnectionBanner />
            <BackendBanner />
            <ImportStatus />
            <RejectedPanel />
          </div>
          <FirstRunGuide />
          <ErrorBoundary>
            <ScrollContainerContext.Provider value={main}>
              <LibraryView />
            </ScrollContainerContext.Provider>
          </ErrorBoundary>
        </main>
      </div>
      {dragging && <DropOverlay />}
      {view.kind === 'compare' && (
        <ErrorBoundary onClose={closeCompare}>
          <CompareView photoId={view.photoId} />
        </ErrorBoundary>
      )}
      {settingsOpen && (
        <ErrorBoundary onClose={closeSettings}>
          <SettingsDialog />
        </ErrorBoundary>
      )}
      <Notice />
    </div>
  );
}
