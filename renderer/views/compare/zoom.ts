// Zoom and pan of a photo in a frame, as one pure value: the photo drawn at `scale` times the
// fitted size, shifted by (x, y) px (transform-origin at the top left). The photo always covers
// the frame: scale ≥ 1 and no empty edge can be dragged into view. Both compare modes share one
// value, so before and after stay in sync.

export interface ZoomView {
  scale: number;
  x: number;
  y: number;
}

export interface Box {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export const FIT: ZoomView = { scale: 1, x: 0, y: 0 };
/** Beyond 1:1 pixels, how far one can still zoom in (to look at grain and colour bleed). */
export const MAX_OVER_ACTUAL = 4;
/** The most zoom for photos smaller than their frame. */
export const MIN_MAX_SCALE = 8;
/** One wheel notch (deltaY 100) or one +/− press zooms by this factor. */
export const ZOOM_STEP = 1.25;

export function maxScale(actual: number): number {
  return Math.max(MIN_MAX_SCALE, actual * MAX_OVER_ACTUAL);
}

export function clampView(view: ZoomView, box: Box, max: number): ZoomView {
  const scale = Math.min(max, Math.max(1, view.scale));
  const minX = box.width - box.width * scale;
  const minY = box.height - box.height * scale;
  return { scale, x: Math.min(0, Math.max(minX, view.x)), y: Math.min(0, Math.max(minY, view.y)) };
}

/** Zooms by `factor` keeping the photo point under `at` (frame px) where it is. */
export function zoomAt(view: ZoomView, factor: number, at: Point, box: Box, max: number): ZoomView {
  const scale = Math.min(max, Math.max(1, view.scale * factor));
  const ratio = scale / view.scale;
  return clampView({ scale, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio }, box, max);
}

export function panBy(view: ZoomView, dx: number, dy: number, box: Box, max: number): ZoomView {
  return clampView({ scale: view.scale, x: view.x + dx, y: view.y + dy }, box, max);
}

/**
 * The scale at which one photo pixel is one screen pixel: natural width over the fitted width in
 * device pixels. Photos smaller than the frame are shown fitted (never below scale 1).
 */
export function actualScale(naturalWidth: number, box: Box, devicePixelRatio: number): number {
  if (box.width <= 0 || naturalWidth <= 0) return 1;
  return Math.max(1, naturalWidth / (box.width * devicePixelRatio));
}

/** Wheel deltas to a zoom factor: ZOOM_STEP per 100 px of deltaY, smooth for trackpads. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  // deltaMode 1 = lines (Firefox): about 33 px per line.
  const px = deltaMode === 1 ? deltaY * 33 : deltaY;
  return ZOOM_STEP ** (-px / 100);
}

/** Where the slider's divider (at `percent` of the frame) cuts the transformed photo, in % of the photo. */
export function clipPercent(percent: number, view: ZoomView, box: Box): number {
  if (box.width <= 0) return percent;
  const local = ((percent / 100) * box.width - view.x) / (box.width * view.scale);
  return Math.min(100, Math.max(0, local * 100));
}

export function transformOf(view: ZoomView): string {
  return `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
}
