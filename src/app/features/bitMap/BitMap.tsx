/**
 * Layers × filters heat map of bit-widths, drawn on a canvas (models have thousands of
 * filters). Presentational: it draws the layers handed to it and reports clicks.
 * See index.ts for the props contract.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import { BIT_LEGEND, EMPTY_COLOR } from './bitColors';
import { cellTooltip } from './cellInfo';
import { layerCodes, rasterize } from './rasterize';
import {
  RULER_H, ROW_H, cellWidthLimits, clamp, contentHeight, hitTest, initialCellWidth,
  moveCursor, rangeBetween, revealScroll, rulerStep, zoomAround, ZOOM_STEP,
} from './viewport';
import type { Cell, CellRange } from './viewport';
import './bitMap.css';

export interface BitMapLayer {
  name: string;
  /** Bit-width per filter: 2..8, ≥ 32 (or Infinity) = float; NaN/< 2 = nothing drawn. */
  bits: ArrayLike<number>;
  /** Per-filter importance score (e.g. CQ class count), shown in the tooltip. */
  importance?: ArrayLike<number>;
  /** Per-filter SQNR in dB (Infinity = lossless, null = n/a), shown in the tooltip. */
  sqnrDb?: ArrayLike<number | null>;
}

export interface BitMapSelection {
  layer: number;
  filter?: number;
}

export interface BitMapProps {
  layers: readonly BitMapLayer[];
  selected?: BitMapSelection;
  /** A cell click (filter given) or a layer-name click (filter undefined). */
  onSelect?: (layer: number, filter?: number) => void;
  /** A drag (or Shift+arrows then Enter) over more than one cell; inclusive indices. */
  onSelectRange?: (range: CellRange) => void;
  /** Maximum height of the scrolling map in CSS px (default 360). */
  maxHeight?: number;
}

const LABEL_W = 140;
const DRAG_THRESHOLD = 4;
/** Approximate tooltip width, to keep it inside the map. */
const TIP_W = 200;

interface Hover { cell: Cell; x: number; y: number }
interface Brush { anchor: Cell; end: Cell }

export function BitMap({ layers, selected, onSelect, onSelectRange, maxHeight = 360 }: BitMapProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [view, setView] = useState({ w: 0, h: 0 });
  const [zoom, setZoom] = useState<number | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const [cursor, setCursor] = useState<Cell | null>(null);
  const [brush, setBrush] = useState<Brush | null>(null);
  const [focused, setFocused] = useState(false);
  const [scroll, setScroll] = useState({ x: 0, y: 0 });
  const raster = useRef<{ key: unknown[]; image: ImageData } | null>(null);
  const drag = useRef<{ start: Cell; x: number; y: number; moved: boolean } | null>(null);
  const pendingScrollX = useRef<number | null>(null);
  const frame = useRef(0);

  const codes = useMemo(() => layers.map((l) => layerCodes(l.bits)), [layers]);
  const filtersPerLayer = useMemo(() => layers.map((l) => l.bits.length), [layers]);
  const columns = useMemo(() => filtersPerLayer.reduce((m, n) => Math.max(m, n), 0), [filtersPerLayer]);
  const limits = cellWidthLimits(view.w, columns);
  const cellW = clamp(zoom ?? initialCellWidth(view.w, columns), limits.min, limits.max);
  const contentW = columns * cellW;
  const contentH = contentHeight(layers.length);
  const canvasW = Math.max(0, Math.min(view.w, contentW));
  const canvasH = Math.max(0, Math.min(view.h, contentH));
  const hasData = layers.length > 0 && columns > 0;

  const draw = useCallback(() => {
    frame.current = 0;
    const canvas = canvasRef.current;
    const scroller = scrollRef.current;
    if (!canvas || !scroller || canvasW <= 0 || canvasH <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    const width = Math.round(canvasW * dpr);
    const height = Math.round(canvasH * dpr);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const scrollX = scroller.scrollLeft;
    const scrollY = scroller.scrollTop;
    // Hover and selection changes only redraw the overlays; the cells are re-rasterised
    // when data, zoom, scroll or size change.
    const key = [codes, width, height, dpr, cellW, scrollX, scrollY];
    let image = raster.current && sameKey(raster.current.key, key) ? raster.current.image : null;
    if (!image) {
      image = ctx.createImageData(width, height);
      rasterize({ codes, width, height, dpr, cellW, scrollX, scrollY }, new Uint32Array(image.data.buffer));
      raster.current = { key, image };
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.putImageData(image, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawRuler(ctx, canvasW, cellW, scrollX, columns);
    const rect = (layer: number, f0: number, f1: number) => [
      f0 * cellW - scrollX, RULER_H + layer * ROW_H - scrollY, (f1 - f0 + 1) * cellW, ROW_H - 1,
    ] as const;
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, RULER_H, canvasW, canvasH - RULER_H);
    ctx.clip();
    if (selected && selected.layer >= 0 && selected.layer < layers.length) {
      const n = filtersPerLayer[selected.layer];
      const [x, y, w, h] = selected.filter === undefined
        ? rect(selected.layer, 0, Math.max(0, n - 1))
        : rect(selected.layer, selected.filter, selected.filter);
      strokeBox(ctx, x, y, Math.max(w, 2), h, '#000', 2);
    }
    if (brush) {
      const r = rangeBetween(brush.anchor, brush.end);
      const x = r.filterStart * cellW - scrollX;
      const y = RULER_H + r.layerStart * ROW_H - scrollY;
      const w = Math.max(2, (r.filterEnd - r.filterStart + 1) * cellW);
      const h = (r.layerEnd - r.layerStart + 1) * ROW_H - 1;
      ctx.fillStyle = 'rgba(255,255,255,0.35)';
      ctx.fillRect(x, y, w, h);
      strokeBox(ctx, x, y, w, h, '#d55e00', 2);
    }
    const mark = focused && cursor ? cursor : hover?.cell;
    if (mark) {
      const [x, y, w, h] = rect(mark.layer, mark.filter, mark.filter);
      strokeBox(ctx, x, y, Math.max(w, 2), h, '#fff', 3);
      strokeBox(ctx, x, y, Math.max(w, 2), h, '#000', 1);
    }
    ctx.restore();
  }, [codes, canvasW, canvasH, cellW, columns, selected, brush, hover, cursor, focused, layers.length, filtersPerLayer]);

  // The frame callback always runs the latest draw, however many renders happened since
  // it was scheduled.
  const drawRef = useRef(draw);
  useLayoutEffect(() => {
    drawRef.current = draw;
  }, [draw]);
  const scheduleDraw = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(() => drawRef.current());
  }, []);

  // Redraw whenever anything drawn changes (data streaming in, scrolling), once per frame.
  useEffect(() => {
    scheduleDraw();
  }, [draw, scroll, scheduleDraw]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Track the visible size of the map (the canvas area excludes the layer-name column).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setView({ w: Math.max(0, el.clientWidth - LABEL_W), h: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [hasData]);

  // Apply a scroll position requested by a zoom once the content has its new width.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && pendingScrollX.current !== null) {
      el.scrollLeft = pendingScrollX.current;
      pendingScrollX.current = null;
      scheduleDraw();
    }
  }, [cellW, scheduleDraw]);

  const zoomBy = useCallback((factor: number, anchorX?: number) => {
    const el = scrollRef.current;
    if (!el) return;
    const anchor = anchorX ?? view.w / 2;
    const next = zoomAround({ cellW, scrollX: el.scrollLeft }, factor, anchor, view.w, columns);
    pendingScrollX.current = next.scrollX;
    setZoom(next.cellW);
  }, [cellW, view.w, columns]);

  const fitAll = useCallback(() => {
    pendingScrollX.current = 0;
    setZoom(limits.min);
  }, [limits.min]);

  // Ctrl/⌘ + wheel zooms around the pointer; a plain wheel scrolls as usual.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      const x = e.clientX - canvas.getBoundingClientRect().left;
      zoomBy(e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, x);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [zoomBy, hasData]);

  const cellAtEvent = (e: { clientX: number; clientY: number }): { cell: Cell | null; x: number; y: number } => {
    const canvas = canvasRef.current;
    const el = scrollRef.current;
    if (!canvas || !el) return { cell: null, x: 0, y: 0 };
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    const cell = hitTest(x, y, { cellW, scrollX: el.scrollLeft, scrollY: el.scrollTop }, filtersPerLayer);
    return { cell, x, y };
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    const { cell, x, y } = cellAtEvent(e);
    if (!cell) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { start: cell, x, y, moved: false };
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const { cell, x, y } = cellAtEvent(e);
    setHover(cell ? { cell, x, y } : null);
    const d = drag.current;
    if (d && onSelectRange) {
      if (!d.moved && Math.hypot(x - d.x, y - d.y) >= DRAG_THRESHOLD) d.moved = true;
      if (d.moved && cell) setBrush({ anchor: d.start, end: cell });
    }
  };

  const onPointerUp = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d) return;
    const { cell } = cellAtEvent(e);
    if (d.moved && onSelectRange) {
      const end = cell ?? brush?.end ?? d.start;
      const range = rangeBetween(d.start, end);
      setBrush({ anchor: d.start, end });
      onSelectRange(range);
    } else if (cell) {
      setBrush(null);
      setCursor(cell);
      onSelect?.(cell.layer, cell.filter);
    }
  };

  const reveal = (c: Cell) => {
    const el = scrollRef.current;
    if (!el) return;
    el.scrollLeft = revealScroll(c.filter, cellW, el.scrollLeft, view.w);
    // Vertical: rows live below the sticky ruler, so reveal within the rows band.
    const rowsView = Math.max(ROW_H, view.h - RULER_H);
    el.scrollTop = revealScroll(c.layer, ROW_H, el.scrollTop, rowsView);
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLCanvasElement>) => {
    const pageCols = Math.max(1, Math.floor(view.w / cellW));
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1],
      PageUp: [0, -pageCols], PageDown: [0, pageCols], Home: [0, -Infinity], End: [0, Infinity],
    };
    if (e.key in moves) {
      e.preventDefault();
      const [dl, df] = moves[e.key];
      const next = moveCursor(cursor, dl, Number.isFinite(df) ? df : df > 0 ? 1e9 : -1e9, filtersPerLayer);
      if (!next) return;
      if (e.shiftKey && onSelectRange) setBrush({ anchor: brush?.anchor ?? cursor ?? next, end: next });
      else if (!e.shiftKey) setBrush(null);
      setCursor(next);
      reveal(next);
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (brush && onSelectRange) {
        const r = rangeBetween(brush.anchor, brush.end);
        if (r.layerStart !== r.layerEnd || r.filterStart !== r.filterEnd) {
          onSelectRange(r);
          return;
        }
      }
      const c = cursor ?? moveCursor(null, 0, 0, filtersPerLayer);
      if (c) onSelect?.(c.layer, c.filter);
    } else if (e.key === 'Escape') {
      setBrush(null);
    } else if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      zoomBy(ZOOM_STEP, cursor ? (cursor.filter + 0.5) * cellW - scroll.x : undefined);
    } else if (e.key === '-' || e.key === '_') {
      e.preventDefault();
      zoomBy(1 / ZOOM_STEP);
    } else if (e.key === '0') {
      e.preventDefault();
      fitAll();
    }
  };

  if (!hasData) {
    return (
      <section className="bitmap" aria-label="Bit-width map">
        <p className="bitmap-empty" data-testid="bitmap.empty">
          No layers to show yet. Load a model to see one row per layer and one cell per filter.
        </p>
      </section>
    );
  }

  const tipCell = focused && cursor ? cursor : hover?.cell ?? null;
  const tip = tipCell ? cellTooltip(layers, tipCell) : null;
  const tipPos = tipCell
    ? focused && cursor
      ? { x: (cursor.filter + 1) * cellW - scroll.x, y: RULER_H + (cursor.layer + 1) * ROW_H - scroll.y }
      : { x: hover?.x ?? 0, y: hover?.y ?? 0 }
    : null;

  return (
    <section className="bitmap" aria-label="Bit-width map">
      <div className="bitmap-toolbar">
        <span className="bitmap-title">Bits per filter</span>
        <span className="bitmap-dims">{layers.length} layers × up to {columns} filters</span>
        <span className="bitmap-zoom" role="group" aria-label="Zoom">
          <button type="button" data-testid="bitmap.zoomOut" onClick={() => zoomBy(1 / ZOOM_STEP)} disabled={cellW <= limits.min + 1e-9} aria-label="Zoom out">−</button>
          <button type="button" data-testid="bitmap.zoomIn" onClick={() => zoomBy(ZOOM_STEP)} disabled={cellW >= limits.max - 1e-9} aria-label="Zoom in">+</button>
          <button type="button" data-testid="bitmap.fit" onClick={fitAll}>Fit all</button>
          <span className="bitmap-scale">{cellW >= 1 ? `${cellW.toFixed(cellW < 10 ? 1 : 0)} px/filter` : `${(1 / cellW).toFixed(1)} filters/px`}</span>
        </span>
      </div>
      <div className="bitmap-frame">
        <div
          className="bitmap-scroll"
          ref={scrollRef}
          style={{ maxHeight }}
          onScroll={(e) => setScroll({ x: e.currentTarget.scrollLeft, y: e.currentTarget.scrollTop })}
        >
          <div className="bitmap-inner" style={{ width: LABEL_W + contentW, height: contentH }}>
            <div className="bitmap-labels" style={{ width: LABEL_W, height: contentH }}>
              <div className="bitmap-corner" style={{ height: RULER_H }}>layer \ filter</div>
              {layers.map((l, i) => (
                <button
                  type="button"
                  key={i}
                  className={selected?.layer === i ? 'bitmap-label is-selected' : 'bitmap-label'}
                  style={{ height: ROW_H }}
                  title={`${l.name} (${l.bits.length} filters) — select the whole layer`}
                  aria-pressed={selected?.layer === i && selected.filter === undefined}
                  onClick={() => onSelect?.(i)}
                  data-testid="bitmap.row"
                >
                  {l.name}
                </button>
              ))}
            </div>
            <div className="bitmap-content" style={{ width: contentW, height: contentH }}>
              <canvas
                ref={canvasRef}
                data-testid="bitmap.canvas"
                className="bitmap-canvas"
                style={{ width: canvasW, height: canvasH, left: LABEL_W, top: 0, background: EMPTY_COLOR }}
                tabIndex={0}
                role="img"
                aria-label={`Bit-width map, ${layers.length} layers by up to ${columns} filters. Arrow keys move, Enter selects, Shift+arrows extend a range, plus and minus zoom, 0 fits all.`}
                aria-describedby={tip ? 'bitmap-tooltip' : undefined}
                onPointerDown={onPointerDown}
                onPointerMove={onPointerMove}
                onPointerUp={onPointerUp}
                onPointerLeave={() => setHover(null)}
                onKeyDown={onKeyDown}
                onFocus={() => {
                  setFocused(true);
                  if (!cursor) setCursor(selected ? { layer: selected.layer, filter: selected.filter ?? 0 } : moveCursor(null, 0, 0, filtersPerLayer));
                }}
                onBlur={() => setFocused(false)}
              />
            </div>
          </div>
        </div>
        {tip && tipPos && (
          <div
            id="bitmap-tooltip"
            role="tooltip"
            className="bitmap-tooltip"
            data-testid="bitmap.tooltip"
            style={{ left: LABEL_W + clamp(tipPos.x + 12, 0, Math.max(0, view.w - TIP_W)), top: clamp(tipPos.y + 12, RULER_H, Math.max(RULER_H, canvasH - 24)) }}
          >
            {tip.map(([k, v]) => (
              <div key={k}><span className="bitmap-tip-key">{k}</span> {v}</div>
            ))}
          </div>
        )}
      </div>
      <div className="bitmap-legend" aria-label="Legend: colour = bits per weight">
        {BIT_LEGEND.map((e) => (
          <span key={e.label} className="bitmap-legend-item">
            <span className="bitmap-swatch" style={{ background: e.color }} aria-hidden="true" />
            {e.label}
          </span>
        ))}
        <span className="bitmap-hint">Ctrl + wheel or +/− to zoom · drag to select a range · zoomed out, a pixel shows its fewest bits</span>
      </div>
    </section>
  );
}

function sameKey(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function strokeBox(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, colour: string, lw: number) {
  ctx.strokeStyle = colour;
  ctx.lineWidth = lw;
  ctx.strokeRect(x + lw / 2, y + lw / 2, Math.max(0, w - lw), Math.max(0, h - lw));
}

function drawRuler(ctx: CanvasRenderingContext2D, width: number, cellW: number, scrollX: number, columns: number) {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, RULER_H);
  ctx.fillStyle = '#555';
  ctx.strokeStyle = '#999';
  ctx.lineWidth = 1;
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const step = rulerStep(cellW);
  const first = Math.floor(scrollX / cellW / step) * step;
  for (let f = first; f < columns && f * cellW - scrollX < width; f += step) {
    const x = Math.round(f * cellW - scrollX) + 0.5;
    if (x < 0) continue;
    ctx.beginPath();
    ctx.moveTo(x, RULER_H - 5);
    ctx.lineTo(x, RULER_H);
    ctx.stroke();
    ctx.fillText(String(f), x + 2, RULER_H / 2 - 1);
  }
}
