// Reconnect delay for the event channel: 250 ms doubling per failed attempt up to a 10 s cap,
// scaled by a jitter factor in [0.5, 1) so that several windows do not reconnect in lockstep
// after a host restart. 10 s keeps a restarted host from looking dead for long.
export const RECONNECT_BASE_MS = 250;
export const RECONNECT_CAP_MS = 10_000;

export function reconnectDelayMs(attempt: number, random: () => number): number {
  const exponential = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(exponential * (0.5 + random() / 2));
}
