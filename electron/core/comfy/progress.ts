// A prompt's events → one progress fraction (0..1) and stage. Nodes served from cache or
// finished count whole; the running one counts by its progress/progress_state value/max. Without
// a node count, the fraction stays 0 until the end (ComfyUI does not say how many nodes will run).
import type { JobStage } from '../../shared/contract';
import type { NodeProgress } from './messages';

export type WaitStage = Extract<JobStage, 'waiting' | 'colorizing'>;

export interface ProgressTracker {
  queued(): void;
  started(): void;
  cached(nodes: readonly string[]): void;
  executing(node: string): void;
  nodeProgress(node: string | null, value: number, max: number): void;
  state(nodes: Readonly<Record<string, NodeProgress>>): void;
  finished(): void;
}

export function createProgressTracker(totalNodes: number | undefined, emit: (fraction: number, stage: WaitStage) => void): ProgressTracker {
  let stage: WaitStage = 'waiting';
  let fraction = 0;
  let emitted: { fraction: number; stage: WaitStage } | undefined;
  let current: string | null = null;
  const done = new Set<string>();
  const partial = new Map<string, number>();

  function report(): void {
    if (stage === 'colorizing' && totalNodes !== undefined && totalNodes > 0) {
      let sum = done.size;
      for (const [node, f] of partial) if (!done.has(node)) sum += f;
      // Never back, and 1 only once the outcome is in.
      fraction = Math.max(fraction, Math.min(0.99, sum / totalNodes));
    }
    if (emitted?.fraction === fraction && emitted.stage === stage) return;
    emitted = { fraction, stage };
    emit(fraction, stage);
  }

  const start = () => {
    stage = 'colorizing';
  };

  return {
    queued: report,
    started() {
      start();
      report();
    },
    cached(nodes) {
      start();
      for (const node of nodes) done.add(node);
      report();
    },
    executing(node) {
      start();
      if (current !== null && current !== node) done.add(current);
      current = node;
      if (!partial.has(node)) partial.set(node, 0);
      report();
    },
    nodeProgress(node, value, max) {
      start();
      if (node !== null && max > 0) partial.set(node, Math.min(1, Math.max(0, value / max)));
      report();
    },
    state(nodes) {
      start();
      for (const [node, p] of Object.entries(nodes)) {
        if (p.state === 'finished' || p.state === 'error') done.add(node);
        else if (p.max > 0) partial.set(node, Math.min(1, Math.max(0, p.value / p.max)));
      }
      report();
    },
    finished() {
      start();
      fraction = 1;
      report();
    },
  };
}
