// Above the grid: the filters with their counts, and what can be done with the selected photos
// (retry, cancel, put first or back in line) or, with nothing selected, a way to select all.
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/messages';
import { useApp, useAppStore } from '../../store/context';
import { PHOTO_FILTERS } from '../../store/filters';
import type { PhotoFilter } from '../../store/filters';
import { PRIORITY_FIRST, PRIORITY_NORMAL } from '../../store/store';
import { ArrowUpIcon, CloseIcon, RetryIcon, StopIcon } from '../../components/icons';

const FILTER_LABELS: Readonly<Record<PhotoFilter, MessageKey>> = {
  all: 'filter.all',
  queued: 'filter.queued',
  running: 'filter.running',
  done: 'filter.done',
  failed: 'filter.failed',
  color: 'filter.color',
};

function SelectionActions() {
  const t = useT();
  const store = useAppStore();
  const count = useApp((s) => s.selection.ids.size);
  const retry = useApp((s) => s.retry);
  const cancel = useApp((s) => s.cancel);
  const setPriority = useApp((s) => s.setPriority);
  const clear = useApp((s) => s.clearSelection);
  const selectAll = useApp((s) => s.selectAll);
  const selected = () => [...store.getState().selection.ids];
  if (count === 0) {
    return (
      <button type="button" className="button button-small button-quiet" onClick={selectAll}>
        {t('selection.selectAll')}
      </button>
    );
  }
  return (
    <div className="selection-actions" role="group" aria-label={t('selection.label', { count })} data-testid="selection-bar">
      <span className="selection-count">{t('selection.count', { count })}</span>
      <button type="button" className="button button-small" onClick={() => void retry(selected())}>
        <RetryIcon />
        {t('selection.retry')}
      </button>
      <button type="button" className="button button-small" onClick={() => void cancel(selected())}>
        <StopIcon />
        {t('selection.cancel')}
      </button>
      <button type="button" className="button button-small" onClick={() => void setPriority(selected(), PRIORITY_FIRST)}>
        <ArrowUpIcon />
        {t('selection.first')}
      </button>
      <button type="button" className="button button-small" onClick={() => void setPriority(selected(), PRIORITY_NORMAL)}>
        {t('selection.normal')}
      </button>
      <button type="button" className="icon-button icon-button-small" aria-label={t('selection.clear')} title={t('selection.clear')} onClick={clear}>
        <CloseIcon />
      </button>
    </div>
  );
}

export function LibraryToolbar() {
  const t = useT();
  const filter = useApp((s) => s.filter);
  const counts = useApp((s) => s.index.counts);
  const setFilter = useApp((s) => s.setFilter);
  return (
    <div className="library-toolbar">
      <div className="filters" role="group" aria-label={t('filter.label')}>
        {PHOTO_FILTERS.filter((option) => option !== 'color' || counts.color > 0).map((option) => (
          <button
            key={option}
            type="button"
            className={option === filter ? 'chip chip-on' : 'chip'}
            aria-pressed={option === filter}
            data-testid={`filter-${option}`}
            onClick={() => setFilter(option)}
          >
            {t(FILTER_LABELS[option])}
            <span className="chip-count">{counts[option]}</span>
          </button>
        ))}
      </div>
      <SelectionActions />
    </div>
  );
}
