// The photo's results side by side when it has several (another workflow, another size): a radio
// group, one stop in the tab order, ←/→ (or [ and ] anywhere in the compare view) move along it.
// Each variant says what sets it apart and whether it was accepted or rejected.
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { PhotoResultsDto, WorkflowDto } from '../../../electron/shared/contract';
import { useT } from '../../i18n/use-t';
import { variantTexts } from './variants';

interface VariantStripProps {
  results: PhotoResultsDto;
  workflows: readonly WorkflowDto[];
  shown: string | null;
  onPick: (jobId: string) => void;
}

export function VariantStrip({ results, workflows, shown, onPick }: VariantStripProps) {
  const t = useT();
  const strip = useRef<HTMLDivElement>(null);
  const texts = variantTexts(results.results, workflows, t);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const delta = event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : 0;
    if (delta === 0) return;
    // Arrows move along the strip here, not to another photo.
    event.preventDefault();
    event.stopPropagation();
    const index = results.results.findIndex((r) => r.jobId === shown);
    const next = results.results[Math.min(results.results.length - 1, Math.max(0, index + delta))];
    if (next === undefined) return;
    onPick(next.jobId);
    strip.current?.querySelector<HTMLElement>(`[data-job-id="${CSS.escape(next.jobId)}"]`)?.focus();
  };

  return (
    <div ref={strip} className="variant-strip" role="radiogroup" aria-label={t('variants.label')} aria-keyshortcuts="[ ]" onKeyDown={onKeyDown} data-testid="variant-strip">
      {results.results.map((result, index) => {
        const text = texts[index] ?? { main: result.workflowId, detail: null };
        const on = result.jobId === shown;
        const verdict = result.review === 'accepted' ? t('review.accepted') : result.review === 'rejected' ? t('review.rejected') : null;
        return (
          <button
            key={result.jobId}
            type="button"
            role="radio"
            aria-checked={on}
            tabIndex={on ? 0 : -1}
            className={`variant${on ? ' variant-on' : ''}${result.review === null ? '' : ` variant-${result.review}`}`}
            onClick={() => onPick(result.jobId)}
            data-testid="variant"
            data-job-id={result.jobId}
            data-review={result.review ?? 'none'}
          >
            <span className="variant-main">{text.main}</span>
            {text.detail !== null && <span className="variant-detail">{text.detail}</span>}
            {verdict !== null && <span className="variant-verdict">{verdict}</span>}
          </button>
        );
      })}
    </div>
  );
}
