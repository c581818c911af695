// The main column: status banners, the first-run guide, the toolbar and the grid of the photos
// in the chosen album and filter (newest import first), or what to do when there are none.
import { useT } from '../i18n/use-t';
import { EmptyState } from '../components/EmptyState';
import { useApp } from '../store/context';
import { LibraryToolbar } from './library/LibraryToolbar';
import { PhotoGrid } from './library/PhotoGrid';

function NothingMatches() {
  const t = useT();
  const setFilter = useApp((s) => s.setFilter);
  const setScope = useApp((s) => s.setScope);
  return (
    <div className="nothing" data-testid="nothing-matches">
      <p className="muted">{t('filter.none')}</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          setFilter('all');
          setScope({ kind: 'all' });
        }}
      >
        {t('filter.showAll')}
      </button>
    </div>
  );
}

export function LibraryView() {
  const total = useApp((s) => s.order.length);
  const visible = useApp((s) => s.index.visible);
  const loaded = useApp((s) => s.loaded);
  const importing = useApp((s) => s.importing);
  if (total === 0) return loaded && importing === 0 ? <EmptyState /> : null;
  return (
    <>
      <LibraryToolbar />
      {visible.length === 0 ? <NothingMatches /> : <PhotoGrid ids={visible} />}
    </>
  );
}
