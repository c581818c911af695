// The zoom/pan state of the compare view and every way to change it: the +/−, fit and 1:1
// buttons and keys, the wheel (a trackpad pinch arrives as a wheel event with ctrlKey), two-finger
// pinch on touch screens, and dragging. One state for both modes and both frames.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { actualScale, clampView, FIT, maxScale, panBy, wheelFactor, zoomAt, ZOOM_STEP } from './zoom';
import type { Box, Point, ZoomView } from './zoom';

export interface Zoom {
  view: ZoomView;
  box: Box;
  zoomed: boolean;
  /** The scale of 1:1 pixels for the photo shown (1 until the full photo has loaded). */
  actual: number;
  /** Screen pixels per photo pixel, in % (100 = 1:1); null until the full photo has loaded. */
  percent: number | null;
  zoomBy(factor: number, at?: Point): void;
  fit(): void;
  actualPixels(): void;
  pan(dx: number, dy: number): void;
  /** The frame's size and the photo's natural width, as measured once rendered. */
  setBox(box: Box): void;
  setNaturalWidth(width: number): void;
}

export function useZoom(): Zoom {
  const [view, setView] = useState<ZoomView>(FIT);
  const [box, setBoxState] = useState<Box>({ width: 0, height: 0 });
  const [naturalWidth, setNaturalWidth] = useState(0);
  const dpr = window.devicePixelRatio || 1;
  const actual = actualScale(naturalWidth, box, dpr);
  const max = maxScale(actual);
  const percent = naturalWidth > 0 && box.width > 0 ? Math.round(((view.scale * box.width * dpr) / naturalWidth) * 100) : null;

  const center = useCallback((b: Box): Point => ({ x: b.width / 2, y: b.height / 2 }), []);
  return useMemo<Zoom>(
    () => ({
      view,
      box,
      zoomed: view.scale > 1.0001,
      actual,
      percent,
      zoomBy: (factor, at) => setView((v) => zoomAt(v, factor, at ?? center(box), box, max)),
      fit: () => setView(FIT),
      actualPixels: () => setView((v) => zoomAt(v, actual / v.scale, center(box), box, max)),
      pan: (dx, dy) => setView((v) => panBy(v, dx, dy, box, max)),
      setBox: (next) => {
        setBoxState((b) => (b.width === next.width && b.height === next.height ? b : next));
        // The same part of the photo stays in view when the window is resized.
        setView((v) => (box.width > 0 ? clampView({ scale: v.scale, x: (v.x * next.width) / box.width, y: (v.y * next.height) / box.height }, next, max) : v));
      },
      setNaturalWidth,
    }),
    [view, box, actual, percent, max, center],
  );
}

/** Measures the frame and turns wheel events on it into zoom (non-passive, so the page does not scroll). */
export function useZoomSurface(element: HTMLElement | null, zoom: Zoom): void {
  const latest = useRef(zoom);
  useEffect(() => {
    latest.current = zoom;
  }, [zoom]);
  useEffect(() => {
    if (element === null) return;
    const observer = new ResizeObserver(() => latest.current.setBox({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      latest.current.zoomBy(wheelFactor(event.deltaY, event.deltaMode), { x: event.clientX - rect.left, y: event.clientY - rect.top });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      observer.disconnect();
      element.removeEventListener('wheel', onWheel);
    };
  }, [element]);
}

export type Gesture = 'none' | 'pan' | 'pinch';

/**
 * Pointer gestures on a frame: two pointers pinch-zoom around their midpoint; one pointer pans
 * when `canPan` says so at pointer-down (the slider keeps single drags for its divider at fit).
 */
export function usePointerGestures(zoom: Zoom) {
  const pointers = useRef(new Map<number, Point>());
  const gesture = useRef<Gesture>('none');

  const local = (event: ReactPointerEvent<HTMLElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const pair = (): [Point, Point] | undefined => {
    const [a, b] = [...pointers.current.values()];
    return a !== undefined && b !== undefined ? [a, b] : undefined;
  };

  return {
    /** Returns the gesture this pointer started (or joined). */
    down(event: ReactPointerEvent<HTMLElement>, canPan: boolean): Gesture {
      event.currentTarget.setPointerCapture(event.pointerId);
      pointers.current.set(event.pointerId, local(event));
      gesture.current = pointers.current.size >= 2 ? 'pinch' : canPan ? 'pan' : 'none';
      return gesture.current;
    },
    move(event: ReactPointerEvent<HTMLElement>): Gesture {
      const before = pointers.current.get(event.pointerId);
      if (before === undefined) return 'none';
      const now = local(event);
      if (gesture.current === 'pinch') {
        const previous = pair();
        pointers.current.set(event.pointerId, now);
        const next = pair();
        if (previous !== undefined && next !== undefined) {
          const distance = (p: [Point, Point]) => Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
          const middle = (p: [Point, Point]): Point => ({ x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 });
          if (distance(previous) > 0) zoom.zoomBy(distance(next) / distance(previous), middle(next));
          zoom.pan(middle(next).x - middle(previous).x, middle(next).y - middle(previous).y);
        }
        return 'pinch';
      }
      pointers.current.set(event.pointerId, now);
      if (gesture.current === 'pan') zoom.pan(now.x - before.x, now.y - before.y);
      return gesture.current;
    },
    up(event: ReactPointerEvent<HTMLElement>): void {
      pointers.current.delete(event.pointerId);
      if (pointers.current.size === 0) gesture.current = 'none';
      else if (gesture.current === 'pinch') gesture.current = 'pan';
    },
  };
}

export { ZOOM_STEP };
