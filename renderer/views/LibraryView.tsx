// The grid of every photo, newest import first. Each card subscribes to its own photo, so a
// progress event re-renders one card, not the grid.
import { t } from '../i18n/t';
import { EmptyState } from '../components/EmptyState';
import { PhotoCard } from '../components/PhotoCard';
import { useApp } from '../store/context';

export function LibraryView() {
  const order = useApp((s) => s.order);
  const loaded = useApp((s) => s.loaded);
  const importing = useApp((s) => s.importing);
  if (order.length === 0) return loaded && importing === 0 ? <EmptyState /> : null;
  return (
    <ul className="grid" aria-label={t('summary.photos', { count: order.length })} data-testid="photo-grid">
      {order.map((id) => (
        <PhotoCard key={id} photoId={id} />
      ))}
    </ul>
  );
}
