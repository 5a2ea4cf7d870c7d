/**
 * Drag-to-zoom on the Pareto plot: a mouse (or pen) drag over the plot area selects a box,
 * or a band when it runs along one axis only; release zooms to it, Escape cancels, a
 * double-click off the points resets. The plot area comes from recharts (PlotAreaProbe,
 * rendered inside the chart); the arithmetic is paretoZoom's.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MouseEvent as ReactMouseEvent, PointerEvent as ReactPointerEvent } from 'react';
import { usePlotArea } from 'recharts';
import { onPlot, selectionWindow } from './paretoZoom';
import type { Pixel, PlotArea, SelectionKind, ZoomWindow } from './paretoZoom';

interface Drag {
  a: Pixel;
  b: Pixel;
  /** The plot area when the drag began. */
  area: PlotArea;
}

/** Reports recharts' plot area (px, relative to the chart's SVG) to its owner; draws nothing. */
export function PlotAreaProbe({ onArea }: { onArea: (area: PlotArea | null) => void }) {
  const a = usePlotArea();
  useLayoutEffect(() => {
    onArea(a && a.width > 0 && a.height > 0 ? { x: a.x, y: a.y, width: a.width, height: a.height } : null);
  }, [onArea, a?.x, a?.y, a?.width, a?.height]); // eslint-disable-line react-hooks/exhaustive-deps
  return null;
}

export interface DragZoom {
  /** Put on the element around the chart. */
  plotProps: {
    ref: React.RefObject<HTMLDivElement | null>;
    onPointerDown: (e: ReactPointerEvent<HTMLDivElement>) => void;
    onDoubleClick: (e: ReactMouseEvent<HTMLDivElement>) => void;
  };
  /** Give to a PlotAreaProbe inside the chart. */
  onArea: (area: PlotArea | null) => void;
  /** The window being selected, as drawn (null when not dragging or the drag is still a click). */
  selection: { window: ZoomWindow; kind: SelectionKind } | null;
}

/** `view`: the window shown now; `onZoom` gets the selected window (unfitted); `onReset` on a double-click. */
export function useDragZoom(view: ZoomWindow, onZoom: (w: ZoomWindow) => void, onReset: () => void): DragZoom {
  const ref = useRef<HTMLDivElement | null>(null);
  const area = useRef<PlotArea | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const dragRef = useRef<Drag | null>(null);
  const latest = useRef({ view, onZoom });
  useLayoutEffect(() => {
    latest.current = { view, onZoom };
  });

  const toPixel = (e: { clientX: number; clientY: number }): Pixel | null => {
    const svg = ref.current?.querySelector('svg.recharts-surface');
    if (!svg) return null;
    const r = svg.getBoundingClientRect();
    return { px: e.clientX - r.left, py: e.clientY - r.top };
  };

  /** Ends the drag in progress (removes its window listeners); set while one runs. */
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  // Nothing re-renders until the pointer has moved far enough to select: recharts redraws its
  // points on every render, and a redraw between pointerdown and click would eat the click.
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || e.pointerType === 'touch') return;
    const p = toPixel(e);
    const plot = area.current;
    if (!p || !plot || !onPlot(p, plot)) return;
    stop.current?.();
    dragRef.current = { a: p, b: p, area: plot };
    const move = (ev: PointerEvent) => {
      const d = dragRef.current;
      const q = toPixel(ev);
      if (!d || !q) return;
      dragRef.current = { ...d, b: q };
      if (drawn || selectionWindow(d.a, q, d.area, latest.current.view)) {
        drawn = true;
        setDrag(dragRef.current);
      }
    };
    const end = (commit: boolean, ev?: PointerEvent) => {
      const d = dragRef.current;
      const q = (ev && toPixel(ev)) ?? d?.b;
      finish();
      if (!commit || !d || !q) return;
      const sel = selectionWindow(d.a, q, d.area, latest.current.view);
      if (sel) latest.current.onZoom(sel.window);
    };
    const up = (ev: PointerEvent) => end(true, ev);
    const cancel = () => end(false);
    const key = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') end(false);
    };
    let drawn = false;
    const finish = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', cancel);
      window.removeEventListener('keydown', key);
      dragRef.current = null;
      stop.current = null;
      setDrag(null);
    };
    stop.current = finish;
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', cancel);
    window.addEventListener('keydown', key);
  };
  const onDoubleClick = (e: ReactMouseEvent<HTMLDivElement>) => {
    if ((e.target as Element).closest?.('[data-testid="pareto.point"]')) return;
    onReset();
  };
  const onArea = useCallback((a: PlotArea | null) => {
    area.current = a;
  }, []);

  const selection = drag ? selectionWindow(drag.a, drag.b, drag.area, view) : null;
  return { plotProps: { ref, onPointerDown, onDoubleClick }, onArea, selection };
}
