// A thin bar; value 0..1. Exposed as a progressbar so screen readers announce the percentage.
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="progress">
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
