/**
 * Layers × filters heat map of bit-widths, drawn on a canvas (models have thousands of
 * filters). Presentational: it draws the layers handed to it and reports clicks.
 * See index.ts for the props contract.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import { BIT_LEGEND, EMPTY_COLOR } from './bitColors';
import { cellTooltip } from './cellInfo';
import { keyCommand } from './keyboard';
import { drawOverlays } from './overlay';
import { layerCodes, rasterize } from './rasterize';
import {
  RULER_H, ROW_H, ZOOM_STEP, cellWidthLimits, clamp, contentHeight, hitTest, initialCellWidth, moveCursor,
  rangeBetween, revealScroll, rowCellWidths, zoomAround,
} from './viewport';
import type { Cell, CellRange, RowLayout } from './viewport';
import './bitMap.css';

export interface BitMapLayer {
  name: string;
  /** Short display name shown in the label column (default: name); the full name is the hover title. */
  label?: string;
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
  /** Initial row layout (default 'index'); the toolbar toggles it. */
  layout?: RowLayout;
  /** Maximum height of the scrolling map in CSS px (default 360). */
  maxHeight?: number;
}

const LABEL_W = 140;
const DRAG_THRESHOLD = 4;
/** Approximate tooltip width, to keep it inside the map. */
const TIP_W = 200;

interface Hover { cell: Cell; x: number; y: number }
interface Brush { anchor: Cell; end: Cell }

export function BitMap({ layers, selected, onSelect, onSelectRange, layout: initialLayout = 'index', maxHeight = 360 }: BitMapProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [view, setView] = useState({ w: 0, h: 0 });
  const [zoom, setZoom] = useState<number | null>(null);
  const [layout, setLayout] = useState<RowLayout>(initialLayout);
  const [hover, setHover] = useState<Hover | null>(null);
  const [cursor, setCursor] = useState<Cell | null>(null);
  const [brush, setBrush] = useState<Brush | null>(null);
  const [focused, setFocused] = useState(false);
  const [scroll, setScroll] = useState({ x: 0, y: 0 });
  const drag = useRef<{ start: Cell; x: number; y: number; moved: boolean } | null>(null);
  const raster = useRef<{ key: unknown[]; image: ImageData } | null>(null);
  const pendingScrollX = useRef<number | null>(null);
  const frame = useRef(0);

  const codes = useMemo(() => layers.map((l) => layerCodes(l.bits)), [layers]);
  const filtersPerLayer = useMemo(() => layers.map((l) => l.bits.length), [layers]);
  const columns = useMemo(() => filtersPerLayer.reduce((m, n) => Math.max(m, n), 0), [filtersPerLayer]);
  const limits = cellWidthLimits(view.w, columns);
  const cellW = clamp(zoom ?? initialCellWidth(view.w, columns), limits.min, limits.max);
  const cellWs = useMemo(() => rowCellWidths(filtersPerLayer, cellW, layout), [filtersPerLayer, cellW, layout]);
  const contentW = columns * cellW;
  const contentH = contentHeight(layers.length);
  const canvasW = Math.max(0, Math.min(view.w, contentW));
  const canvasH = Math.max(0, Math.min(view.h, contentH));
  const hasData = layers.length > 0 && columns > 0;
  const brushRange = useMemo(() => (brush ? rangeBetween(brush.anchor, brush.end) : null), [brush]);
  const mark = focused && cursor ? cursor : hover?.cell ?? null;

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
    // when data, zoom, layout, scroll or size change.
    const key = [codes, width, height, dpr, cellWs, scrollX, scrollY];
    let image = raster.current && sameKey(raster.current.key, key) ? raster.current.image : null;
    if (!image) {
      image = ctx.createImageData(width, height);
      rasterize({ codes, width, height, dpr, cellW: cellWs, scrollX, scrollY }, new Uint32Array(image.data.buffer));
      raster.current = { key, image };
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.putImageData(image, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawOverlays(
      ctx,
      { width: canvasW, height: canvasH, cellWs, cellW, columns, filtersPerLayer, scrollX, scrollY, layout },
      { selected, brush: brushRange, mark },
    );
  }, [codes, canvasW, canvasH, cellWs, cellW, columns, filtersPerLayer, layout, selected, brushRange, mark]);

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
  useEffect(() => () => {
    cancelAnimationFrame(frame.current);
    // Reset so that a remount (StrictMode runs effects twice) can schedule again.
    frame.current = 0;
  }, []);

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
    const next = zoomAround({ cellW, scrollX: el.scrollLeft }, factor, anchorX ?? view.w / 2, view.w, columns);
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
      zoomBy(e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, e.clientX - canvas.getBoundingClientRect().left);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [zoomBy, hasData]);

  const cellAtEvent = (e: { clientX: number; clientY: number }) => {
    const canvas = canvasRef.current;
    const el = scrollRef.current;
    if (!canvas || !el) return { cell: null, x: 0, y: 0 };
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    return { cell: hitTest(x, y, { cellW: cellWs, scrollX: el.scrollLeft, scrollY: el.scrollTop }, filtersPerLayer), x, y };
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
      setBrush({ anchor: d.start, end });
      onSelectRange(rangeBetween(d.start, end));
    } else if (cell) {
      setBrush(null);
      setCursor(cell);
      onSelect?.(cell.layer, cell.filter);
    }
  };

  const reveal = (c: Cell) => {
    const el = scrollRef.current;
    if (!el) return;
    el.scrollLeft = revealScroll(c.filter, cellWs[c.layer], el.scrollLeft, view.w);
    // Rows live below the sticky ruler, so reveal within the rows band.
    el.scrollTop = revealScroll(c.layer, ROW_H, el.scrollTop, Math.max(ROW_H, view.h - RULER_H));
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLCanvasElement>) => {
    const cmd = keyCommand(e.key, e.shiftKey, view.w / (cursor ? cellWs[cursor.layer] : cellW));
    if (!cmd) return;
    e.preventDefault();
    if (cmd.type === 'move') {
      const next = moveCursor(cursor, cmd.dl, cmd.df, filtersPerLayer);
      if (!next) return;
      if (cmd.extend && onSelectRange) setBrush({ anchor: brush?.anchor ?? cursor ?? next, end: next });
      else if (!cmd.extend) setBrush(null);
      setCursor(next);
      reveal(next);
    } else if (cmd.type === 'select') {
      if (brushRange && onSelectRange && (brushRange.layerStart !== brushRange.layerEnd || brushRange.filterStart !== brushRange.filterEnd)) {
        onSelectRange(brushRange);
        return;
      }
      const c = cursor ?? moveCursor(null, 0, 0, filtersPerLayer);
      if (c) onSelect?.(c.layer, c.filter);
    } else if (cmd.type === 'clear') {
      setBrush(null);
    } else if (cmd.type === 'zoom') {
      const anchor = cursor ? (cursor.filter + 0.5) * cellWs[cursor.layer] - scroll.x : undefined;
      zoomBy(cmd.dir > 0 ? ZOOM_STEP : 1 / ZOOM_STEP, anchor);
    } else {
      fitAll();
    }
  };

  if (!hasData) {
    return (
      <section className="bitmap" aria-labelledby="bitmap-heading">
        <p className="bitmap-empty" data-testid="bitmap.empty">
          No layers to show yet. Load a model to see one row per layer and one cell per filter.
        </p>
      </section>
    );
  }

  const tip = mark ? cellTooltip(layers, mark) : null;
  const tipPos = !mark ? null : focused && cursor
    ? { x: (cursor.filter + 1) * cellWs[cursor.layer] - scroll.x, y: RULER_H + (cursor.layer + 1) * ROW_H - scroll.y }
    : { x: hover?.x ?? 0, y: hover?.y ?? 0 };

  return (
    <section className="bitmap" aria-labelledby="bitmap-heading">
      <div className="bitmap-toolbar">
        <h2 className="bitmap-title" id="bitmap-heading">Bits per filter</h2>
        <span className="bitmap-dims">{layers.length} layers × up to {columns} filters</span>
        <span className="bitmap-zoom" role="group" aria-label="View">
          <button type="button" data-testid="bitmap.layout" aria-pressed={layout === 'stretch'}
            title="Stretch every layer over the full width, whatever its filter count"
            onClick={() => setLayout(layout === 'stretch' ? 'index' : 'stretch')}>Stretch rows</button>
          <button type="button" data-testid="bitmap.zoomOut" onClick={() => zoomBy(1 / ZOOM_STEP)} disabled={cellW <= limits.min + 1e-9} aria-label="Zoom out">−</button>
          <button type="button" data-testid="bitmap.zoomIn" onClick={() => zoomBy(ZOOM_STEP)} disabled={cellW >= limits.max - 1e-9} aria-label="Zoom in">+</button>
          <button type="button" data-testid="bitmap.fit" onClick={fitAll}>Fit all</button>
          <span className="bitmap-scale">{cellW >= 1 ? `${cellW.toFixed(cellW < 10 ? 1 : 0)} px/filter` : `${(1 / cellW).toFixed(1)} filters/px`}</span>
        </span>
      </div>
      <div className="bitmap-frame">
        <div className="bitmap-scroll" ref={scrollRef} style={{ maxHeight }}
          onScroll={(e) => setScroll({ x: e.currentTarget.scrollLeft, y: e.currentTarget.scrollTop })}>
          <div className="bitmap-inner" style={{ width: LABEL_W + contentW, height: contentH }}>
            <div className="bitmap-labels" style={{ width: LABEL_W, height: contentH }}>
              <div className="bitmap-corner" style={{ height: RULER_H }}>{layout === 'stretch' ? 'layer \\ position' : 'layer \\ filter'}</div>
              {layers.map((l, i) => (
                <button type="button" key={i} data-testid="bitmap.row" style={{ height: ROW_H }}
                  className={selected?.layer === i ? 'bitmap-label is-selected' : 'bitmap-label'}
                  title={`${l.name} (${l.bits.length} filters) — select the whole layer`}
                  aria-pressed={selected?.layer === i && selected.filter === undefined}
                  onClick={() => onSelect?.(i)}>
                  {l.label ?? l.name}
                </button>
              ))}
            </div>
            <div className="bitmap-content" style={{ width: contentW, height: contentH }}>
              <canvas
                ref={canvasRef} data-testid="bitmap.canvas" className="bitmap-canvas" tabIndex={0} role="img"
                style={{ width: canvasW, height: canvasH, left: LABEL_W, top: 0, background: EMPTY_COLOR }}
                aria-label={`Bit-width map, ${layers.length} layers by up to ${columns} filters. Arrow keys move, Enter selects, Shift+arrows extend a range, plus and minus zoom, 0 fits all.`}
                aria-describedby={tip ? 'bitmap-tooltip' : undefined}
                onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp}
                onPointerLeave={() => setHover(null)} onKeyDown={onKeyDown}
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
          <div id="bitmap-tooltip" role="tooltip" className="bitmap-tooltip" data-testid="bitmap.tooltip"
            style={{ left: LABEL_W + clamp(tipPos.x + 12, 0, Math.max(0, view.w - TIP_W)), top: clamp(tipPos.y + 12, RULER_H, Math.max(RULER_H, canvasH - 24)) }}>
            {tip.map(([k, v]) => <div key={k}><span className="bitmap-tip-key">{k}</span> {v}</div>)}
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
