// Following one queued prompt to its outcome. The outcome comes from the WebSocket
// (execution_success | execution_error | execution_interrupted); results are read from history
// once `executing {node: null}` says history is written. HTTP polling covers what the socket
// misses: it is down, it was not yet connected when a fast prompt ran, or it went silent while
// open (ComfyUI issues #9393, #15240).
import { ComfyError } from './errors';
import type { ImageRef } from './images';
import type { PromptEvent } from './messages';
import { createProgressTracker, type WaitStage } from './progress';
import type { EventSocket } from './socket';
import type { PromptOutcome, PromptStatus } from './status';
import type { Timers } from './timers';
import { assertNever } from '../workflows/never';

export interface WaitOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage: WaitStage) => void;
  /** How often to check whether the socket is down or silent. Default 1000. */
  pollIntervalMs?: number;
  /** Nodes in the prompt, for a progress fraction; without it progress jumps from 0 to 1. */
  totalNodes?: number;
}

export interface WaitDeps {
  baseUrl: string;
  socket: EventSocket;
  status(promptId: string, signal: AbortSignal): Promise<PromptStatus>;
  timers: Timers;
  /** Poll ticks without a single frame on an open socket before asking over HTTP anyway. */
  silentTicks: number;
  /** Consecutive failed status checks before giving up with the last error. */
  maxPollFailures: number;
  /** Aborted when the client closes. */
  closed: AbortSignal;
}

export function waitForPrompt(deps: WaitDeps, promptId: string, options: WaitOptions = {}): Promise<PromptOutcome> {
  const { socket, timers } = deps;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const signals = [deps.closed, ...(options.signal ? [options.signal] : [])];
  const requestSignal = AbortSignal.any(signals);

  return new Promise<PromptOutcome>((resolve, reject) => {
    let settled = false;
    // Filled in once subscribed; replayed events may settle the wait during the subscribe call.
    const subscription = { unsubscribe: (): void => undefined };
    let timer: unknown;
    let polling = false;
    /** A status check was asked for while one was in flight: run another after it. */
    let pollAgain = false;
    let failures = 0;
    let quietTicks = 0;
    let lastFrames = socket.frames();
    /** execution_success seen; outputs still to be read from history. */
    let succeeded = false;
    const executedImages: ImageRef[] = [];
    const progress = createProgressTracker(options.totalNodes, (fraction, stage) => options.onProgress?.(fraction, stage));

    function finish(settle: () => void): void {
      if (settled) return;
      settled = true;
      subscription.unsubscribe();
      timers.clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', onAbort);
      settle();
    }
    const succeed = (outcome: PromptOutcome) =>
      finish(() => {
        if (outcome.status === 'success') progress.finished();
        resolve(outcome);
      });
    const fail = (err: unknown) => finish(() => reject(err));

    function onAbort(): void {
      if (options.signal?.aborted) fail(options.signal.reason);
      else fail(new ComfyError({ kind: 'unreachable', code: 'CLIENT_CLOSED' }, `the ComfyUI client for ${deps.baseUrl} was closed while waiting for prompt ${promptId}`));
    }

    async function poll(): Promise<void> {
      if (settled) return;
      if (polling) {
        pollAgain = true;
        return;
      }
      polling = true;
      try {
        const status = await deps.status(promptId, requestSignal);
        failures = 0;
        if (settled) return;
        if (status === 'queued') progress.queued();
        else if (status === 'running') progress.started();
        else if (status === 'unknown') {
          // History cleared (or ComfyUI restarted) after the socket told us it succeeded: the
          // `executed` events carried the same image refs history would have.
          if (succeeded) succeed({ status: 'success', outputs: executedImages });
          else fail(new ComfyError({ kind: 'lost' }, `ComfyUI at ${deps.baseUrl} no longer knows prompt ${promptId} (restarted, or its history was cleared)`));
        } else if (status.done.status === 'success' && status.done.outputs.length === 0 && executedImages.length > 0) {
          succeed({ status: 'success', outputs: executedImages });
        } else succeed(status.done);
      } catch (err) {
        if (settled || requestSignal.aborted) return;
        failures++;
        if (failures >= deps.maxPollFailures) fail(err);
      } finally {
        polling = false;
        if (pollAgain && !settled) {
          pollAgain = false;
          void poll();
        }
      }
    }

    function onEvent(event: PromptEvent): void {
      switch (event.type) {
        case 'execution_start':
          progress.started();
          break;
        case 'execution_cached':
          progress.cached(event.nodes);
          break;
        case 'executing':
          // node null is the last message of a prompt, sent after history is written.
          if (event.node === null) void poll();
          else progress.executing(event.node);
          break;
        case 'progress':
          progress.nodeProgress(event.node, event.value, event.max);
          break;
        case 'progress_state':
          progress.state(event.nodes);
          break;
        case 'executed':
          executedImages.push(...event.images);
          break;
        case 'execution_success':
          succeeded = true;
          break;
        case 'execution_error':
          succeed({ status: 'error', message: event.message, nodeId: event.nodeId, nodeType: event.nodeType });
          break;
        case 'execution_interrupted':
          succeed({ status: 'interrupted' });
          break;
        case 'preview':
          break;
        default:
          assertNever(event);
      }
    }

    function tick(): void {
      if (settled) return;
      const frames = socket.frames();
      const heard = frames !== lastFrames;
      lastFrames = frames;
      if (socket.state() !== 'open') {
        quietTicks = 0;
        void poll();
      } else if (heard) {
        quietTicks = 0;
      } else if (++quietTicks >= deps.silentTicks) {
        quietTicks = 0;
        void poll();
      }
      timer = timers.setTimeout(tick, pollIntervalMs);
    }

    for (const s of signals) {
      if (s.aborted) {
        onAbort();
        return;
      }
      s.addEventListener('abort', onAbort, { once: true });
    }
    progress.queued();
    const unsubscribe = socket.onPromptEvent(promptId, onEvent);
    if (settled) {
      unsubscribe();
      return;
    }
    subscription.unsubscribe = unsubscribe;
    // One check now: the prompt may have run before the socket was connected.
    void poll();
    timer = timers.setTimeout(tick, pollIntervalMs);
  });
}
