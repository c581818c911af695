// Which backend gets the next job: a pure policy, table-tested (scheduler.test.ts).
//
// ComfyUI runs one prompt at a time, so each backend holds at most PIPELINE_DEPTH Heirloom prompts:
// the one running and the next, already uploaded and queued, so the GPU starts it the moment the
// current one ends while Heirloom downloads the finished result. Deeper queues would make cancel and
// failover costlier without making the GPU any busier (bench/dispatch: depth 2 reaches ≥ 0.97).
export const PIPELINE_DEPTH = 2;

export interface BackendLoad {
  readonly id: string;
  /** Enabled, and its last check found it reachable. */
  readonly available: boolean;
  /** Heirloom prompts on it now. */
  readonly inFlight: number;
  /** Increases each time a backend is given a job: the lower, the longer it has waited. */
  readonly lastAssigned: number;
}

/**
 * The least-loaded available backend with a free slot; among equals the one that has waited
 * longest for work, then list order. undefined when every backend is full or unavailable.
 */
export function pickBackend(loads: readonly BackendLoad[], depth = PIPELINE_DEPTH): string | undefined {
  let best: BackendLoad | undefined;
  for (const load of loads) {
    if (!load.available || load.inFlight >= depth) continue;
    if (!best || load.inFlight < best.inFlight || (load.inFlight === best.inFlight && load.lastAssigned < best.lastAssigned)) best = load;
  }
  return best?.id;
}

/** `/free` after this many prompts on one backend, and when a batch of at least FREE_AFTER_BATCH ends there. */
export const FREE_EVERY_PROMPTS = 100;
export const FREE_AFTER_BATCH = 20;

/**
 * Whether to ask a backend to free memory now (ComfyUI applies it after the running prompt).
 * Long batches grow ComfyUI's RAM (issues #6494, #11301); freeing also drops DDColor's cached
 * model, which costs one model load (seconds), so single photos do not trigger it.
 */
export function shouldFree(state: { promptsSinceFree: number; idle: boolean }): boolean {
  return state.promptsSinceFree >= FREE_EVERY_PROMPTS || (state.idle && state.promptsSinceFree >= FREE_AFTER_BATCH);
}
