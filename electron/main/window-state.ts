// Window bounds and maximized flag, kept in userData/window-state.json across runs.
// A missing, corrupt or off-screen state falls back to defaults; it never stops the app.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const WINDOW_STATE_FILE = 'window-state.json';
/** Below this the grid and the compare view stop being usable. */
export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;
/** How much of the title bar must lie on a display for a saved position to be reused. */
const MIN_VISIBLE_PX = 64;

const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(MIN_WIDTH).max(32_768),
  height: z.number().int().min(MIN_HEIGHT).max(32_768),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 840, maximized: false };

function overlap(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.min(a.x + a.width, b.x + b.width) - x, height: Math.min(a.y + a.height, b.y + b.height) - y };
}

/** Drops a saved position whose title bar is not reachable on any current display (monitor unplugged). */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (state.x === undefined || state.y === undefined) return { width: state.width, height: state.height, maximized: state.maximized };
  const titleBar = { x: state.x, y: state.y, width: state.width, height: 32 };
  const visible = workAreas.some((area) => {
    const o = overlap(titleBar, area);
    return o.width >= MIN_VISIBLE_PX && o.height > 0;
  });
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized };
}

export type LoadedWindowState = { state: WindowState; problem: string | undefined };

export function loadWindowState(file: string, workAreas: readonly Rect[]): LoadedWindowState {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { state: DEFAULT_WINDOW_STATE, problem: missing ? undefined : `cannot read ${file}: ${(error as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { state: DEFAULT_WINDOW_STATE, problem: `${file} is not JSON; using the default window size` };
  }
  const parsed = WindowStateSchema.safeParse(json);
  if (!parsed.success) return { state: DEFAULT_WINDOW_STATE, problem: `${file} is invalid (${parsed.error.issues[0]?.message ?? 'bad shape'}); using the default window size` };
  return { state: fitToDisplays(parsed.data, workAreas), problem: undefined };
}

/** Atomic (temp file + rename), so a crash mid-write leaves the previous state. */
export function saveWindowState(file: string, bounds: Rect, maximized: boolean): void {
  const state: WindowState = {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.max(MIN_WIDTH, Math.round(bounds.width)),
    height: Math.max(MIN_HEIGHT, Math.round(bounds.height)),
    maximized,
  };
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}
