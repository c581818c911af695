// Side effects outside the page: an OS notification when an album (or a batch of loose photos)
// is finished, and the overall progress in the window title (a browser tab shows it; the
// Electron window keeps its title and shows progress in the taskbar instead, from main).
import { useEffect } from 'react';
import { announcements, show } from '../desktop/notify';
import { useT } from '../i18n/use-t';
import { useApp, useAppStore } from '../store/context';
import { finishedGroups } from '../store/finished';

export function DesktopEffects() {
  const t = useT();
  const store = useAppStore();

  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.index === previous.index) return;
        const finished = finishedGroups(previous.index, state.index);
        if (finished.albumIds.length === 0 && !finished.loose) return;
        const counts = (albumId: string | null) => (albumId === null ? state.index.loose : (state.index.byAlbum[albumId] ?? state.index.loose));
        for (const announcement of announcements(finished, state.albums, counts, t)) {
          show(announcement, () => {
            const { setScope, closeCompare } = store.getState();
            closeCompare();
            setScope(announcement.albumId === null ? { kind: 'loose' } : { kind: 'album', albumId: announcement.albumId });
          });
        }
      }),
    [store, t],
  );

  const all = useApp((s) => s.index.all);
  const busy = all.waiting - all.paused + all.running > 0;
  const percent = Math.floor(all.fraction * 100);
  useEffect(() => {
    document.title = busy ? t('app.titleProgress', { percent }) : t('app.title');
  }, [busy, percent, t]);

  return null;
}
