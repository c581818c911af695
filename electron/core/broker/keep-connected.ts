// Our own reconnect loop rather than amqplib's recovery: channels, consumers and declarations do
// not survive a reconnect anyway, so each connection runs one `session` that sets all of them up
// again, and everything durable (the outbox, the worker's task records) lives outside it.
import { connect, type ChannelModel } from 'amqplib';

export interface Session {
  model: ChannelModel;
  /** Aborted when this connection is gone (broker restart, network, heartbeat timeout). */
  lost: AbortSignal;
}

export type LinkState = { connected: true } | { connected: false; error: string; retryInMs: number };

export interface KeepConnectedOptions {
  url: string;
  /** Stops for good. The session sees it too and should wind down (finish or give back its work) and return. */
  signal: AbortSignal;
  /** Runs once per connection until it returns, throws, or the connection is lost. */
  session: (session: Session) => Promise<void>;
  /** Delay before reconnect attempt `n` (1-based). Default 250 ms doubling to 15 s, jittered. */
  delayMs?: (attempt: number) => number;
  onState?: (state: LinkState) => void;
  /** Bound for one connection attempt. Default 10 s. */
  connectTimeoutMs?: number;
}

export function defaultReconnectDelay(random: () => number = Math.random): (attempt: number) => number {
  return (attempt) => Math.round(Math.min(15_000, 250 * 2 ** Math.min(attempt - 1, 10)) * (0.5 + 0.5 * random()));
}

/** Resolves when `signal` aborts and the last session has returned and its connection is closed. */
export async function keepConnected(options: KeepConnectedOptions): Promise<void> {
  const { signal } = options;
  const delayMs = options.delayMs ?? defaultReconnectDelay();
  let failures = 0;
  while (!signal.aborted) {
    let model: ChannelModel;
    try {
      model = await connect(options.url, { timeout: options.connectTimeoutMs ?? 10_000 });
    } catch (error) {
      failures++;
      const retryInMs = delayMs(failures);
      options.onState?.({ connected: false, error: describeError(error), retryInMs });
      await sleep(retryInMs, signal);
      continue;
    }
    const lost = new AbortController();
    let lostBecause: unknown = new Error('the connection closed');
    model.on('error', (error: unknown) => {
      lostBecause = error;
    });
    model.on('close', (error?: unknown) => lost.abort(error ?? lostBecause));
    failures = 0;
    options.onState?.({ connected: true });
    let sessionError: unknown;
    try {
      await options.session({ model, lost: lost.signal });
    } catch (error) {
      sessionError = error;
    }
    if (!lost.signal.aborted) await model.close().catch(() => undefined);
    if (signal.aborted) break;
    // A session that ended on its own while the connection was up failed (e.g. a channel error):
    // back off like a failed connect so a persistent fault does not spin.
    failures++;
    const retryInMs = delayMs(failures);
    options.onState?.({ connected: false, error: describeError(lost.signal.aborted ? lost.signal.reason : (sessionError ?? new Error('the session ended'))), retryInMs });
    await sleep(retryInMs, signal);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && error.code !== undefined ? ` (${String(error.code)})` : '';
    return `${error.message}${code}`;
  }
  return String(error);
}

/** Resolves after `ms` or when `signal` aborts, whichever comes first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Resolves when the signal aborts (a session parks here until its connection is lost or it is told to stop). */
export function aborted(...signals: AbortSignal[]): Promise<void> {
  const any = AbortSignal.any(signals);
  return new Promise((resolve) => {
    if (any.aborted) return resolve();
    any.addEventListener('abort', () => resolve(), { once: true });
  });
}
