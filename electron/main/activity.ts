// What the desktop shows about the queue outside the window: the taskbar/dock progress and
// whether the computer must stay awake. Pure: fed with the core's photos and events, it answers
// with an Activity; `createActivityOutput` applies one to Electron (through injected ports) and
// only when something visible changed (photo progress arrives many times a second).
import type { AnyEvent, BackendDto, JobState, PhotoDto, QueueStatusDto } from '../shared/contract';

export type ProgressMode = 'normal' | 'paused' | 'error';

export interface Activity {
  /** 0..1 over the current run (since the queue was last idle), or null when idle. */
  progress: number | null;
  mode: ProgressMode;
  /** Photos are being colorized, or queued with a backend up: sleep would stop the batch. */
  keepAwake: boolean;
}

const ACTIVE: ReadonlySet<JobState> = new Set(['queued', 'paused', 'running']);

interface Tracked {
  state: JobState | null;
  progress: number;
}

export function createActivityTracker() {
  const photos = new Map<string, Tracked>();
  const backends = new Map<string, boolean>();
  let queuePaused = false;
  // The current run: photos finished since the queue was last idle.
  let finished = 0;
  let failed = 0;

  const counts = () => {
    let queued = 0;
    let paused = 0;
    let running = 0;
    let runningProgress = 0;
    for (const { state, progress } of photos.values()) {
      if (state === 'queued') queued++;
      else if (state === 'paused') paused++;
      else if (state === 'running') {
        running++;
        runningProgress += progress;
      }
    }
    return { queued, paused, running, runningProgress, active: queued + paused + running };
  };

  const track = (photo: PhotoDto): void => {
    const before = photos.get(photo.id)?.state ?? null;
    const after = photo.job?.state ?? null;
    photos.set(photo.id, { state: after, progress: photo.job?.progress ?? 0 });
    const wasActive = before !== null && ACTIVE.has(before);
    const isActive = after !== null && ACTIVE.has(after);
    if (wasActive && !isActive) {
      finished++;
      if (after === 'failed') failed++;
    }
    if (counts().active === 0) {
      finished = 0;
      failed = 0;
    }
  };

  return {
    /** The full list at start-up: the current run starts from here. */
    load(list: readonly PhotoDto[]): void {
      for (const photo of list) photos.set(photo.id, { state: photo.job?.state ?? null, progress: photo.job?.progress ?? 0 });
    },
    apply(event: AnyEvent): void {
      switch (event.name) {
        case 'photo.updated':
          track(event.payload);
          return;
        case 'queue.updated':
          queuePaused = event.payload.paused;
          return;
        case 'backend.updated':
          backends.set(backendKey(event.payload), event.payload.state === 'online');
          return;
        case 'backend.removed':
          backends.delete(event.payload.id);
          return;
        case 'import.progress':
        case 'photo.reviewed':
        case 'broker.updated':
        case 'ui.openSettings':
          return;
        default: {
          const never: never = event;
          throw new Error(`unknown event ${JSON.stringify(never)}`);
        }
      }
    },
    setQueue(status: QueueStatusDto): void {
      queuePaused = status.paused;
    },
    activity(): Activity {
      const { queued, paused, running, runningProgress, active } = counts();
      if (active === 0) return { progress: null, mode: 'normal', keepAwake: false };
      const progress = (finished + runningProgress) / (finished + active);
      const stalled = running === 0 && (queuePaused || queued === 0) && paused > 0;
      const mode: ProgressMode = stalled ? 'paused' : failed > 0 ? 'error' : 'normal';
      const anyOnline = [...backends.values()].some(Boolean);
      return { progress, mode, keepAwake: running > 0 || (queued > 0 && !queuePaused && anyOnline) };
    },
  };
}

export type ActivityTracker = ReturnType<typeof createActivityTracker>;

function backendKey(backend: Pick<BackendDto, 'url'> & { id?: string }): string {
  return backend.id ?? backend.url;
}

export interface ActivityPorts {
  /** BrowserWindow.setProgressBar: -1 removes the bar. */
  setProgressBar(progress: number, mode: ProgressMode): void;
  /** powerSaveBlocker 'prevent-app-suspension' on or off. */
  keepAwake(on: boolean): void;
}

/** Applies activities, skipping ones that look the same as the last (progress in whole percent). */
export function createActivityOutput(ports: ActivityPorts) {
  let shown: { percent: number; mode: ProgressMode } | undefined;
  let awake = false;
  return (activity: Activity): void => {
    const percent = activity.progress === null ? -1 : Math.floor(activity.progress * 100);
    if (shown === undefined || shown.percent !== percent || shown.mode !== activity.mode) {
      shown = { percent, mode: activity.mode };
      ports.setProgressBar(percent < 0 ? -1 : percent / 100, activity.mode);
    }
    if (activity.keepAwake !== awake) {
      awake = activity.keepAwake;
      ports.keepAwake(awake);
    }
  };
}
