export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/** 2 s, 4 s, 8 s … capped at 5 minutes: a ComfyUI restart takes ~4 s, a PC reboot ~1–2 minutes. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };

/**
 * Delay before retry number `attempt` (1 = first retry): min(cap, base·2^(attempt-1)) scaled by
 * "equal jitter" — uniformly in [½, 1] of that — so retries of a whole batch do not arrive in step
 * and no retry comes sooner than half the nominal delay. `random` is injected (tests pass constants).
 */
export function backoffDelayMs(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const nominal = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jitter = 0.5 + 0.5 * Math.min(1, Math.max(0, random()));
  return Math.round(nominal * jitter);
}
