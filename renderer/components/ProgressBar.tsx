// A thin bar; value 0..1. Exposed as a progressbar so screen readers announce the percentage.
// Over a thumbnail by default; `inline` for bars in the flow (sidebar, compare view).
export function ProgressBar({ value, label, inline = false }: { value: number; label: string; inline?: boolean }) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={inline ? 'progress progress-inline' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      data-testid={inline ? 'group-progress' : 'progress'}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
