import type { Tone } from '../store/status';

export function StateBadge({ tone, label }: { tone: Tone; label: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid="state-badge" data-tone={tone}>
      {tone === 'active' && <span className="badge-pulse" aria-hidden />}
      {label}
    </span>
  );
}
