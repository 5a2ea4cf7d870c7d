/**
 * Size (or BitOPs) against accuracy (or agreement) for every configuration tried, one
 * series per method, the float32 model as a reference and the non-dominated front dashed.
 * Presentational: it draws the points handed to it; clicking one asks to apply it.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import {
  CartesianGrid, ReferenceArea, ReferenceDot, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Symbols,
  XAxis, YAxis,
} from 'recharts';
import type { ScatterShapeProps } from 'recharts';
import {
  buildSeries, formatPercent, formatX, interestingDomain, logAxis, metricLabel, metricOf,
  paretoFront, percentDomain, percentTicks, separateOverlaps, xOf,
} from './paretoData';
import type { FloatReference, MethodStyle, ParetoMetric, ParetoPoint, ParetoXAxis, PlotPoint } from './paretoData';
import { covers, fitWindow, formatZoomedPercent, hiddenNote, linearTicks, logTicks, splitByWindow, zoomAround } from './paretoZoom';
import type { ZoomWindow } from './paretoZoom';
import { createTipStore, PointTip } from './pointTip';
import type { TipStore } from './pointTip';
import { PlotAreaProbe, useDragZoom } from './useDragZoom';
import { ZoomControls } from './ZoomControls';
import './pareto.css';

export interface ParetoChartProps {
  points: readonly ParetoPoint[];
  float: FloatReference;
  /** The id of the configuration now applied: drawn with a ring. */
  currentId?: string;
  metric: ParetoMetric;
  /** Click / Enter on a point. */
  onApply?: (point: ParetoPoint) => void;
  /** Controlled x axis; omit to let the chart's own selector decide (default 'size'). */
  xAxis?: ParetoXAxis;
  onXAxisChange?: (axis: ParetoXAxis) => void;
  /** Chart height in px (default 320). */
  height?: number;
  /** Readable titles of methods by name (from the methods registry); others get a readable form of their name. */
  titles?: Readonly<Record<string, string>>;
  /** When this changes (another model), the zoom and the chosen y floor go back to their defaults. */
  resetKey?: string | null;
}

const X_LABEL: Record<ParetoXAxis, string> = { size: 'Model size (KB, log scale)', bitops: 'BitOPs (log scale)' };
const MARGIN = { top: 16, right: 24, bottom: 28, left: 8 };
const FRONT_LINE = { stroke: '#888', strokeDasharray: '4 3' };
const NO_SHAPE = () => <g />;

/**
 * The array of numbers `v`, kept identical while its values are: recharts stores every prop
 * of an axis in its own store and updates it (and every chart part reading it) whenever the
 * prop's identity changes, so equal domains and ticks must not be new arrays on each render.
 */
function useNumbers<T extends readonly number[]>(v: T): T {
  const key = v.join(',');
  return useMemo(() => v, [key]); // eslint-disable-line react-hooks/exhaustive-deps
}

export function ParetoChart({ points, float, currentId, metric, onApply, xAxis, onXAxisChange, height = 320, titles, resetKey = null }: ParetoChartProps) {
  const [ownAxis, setOwnAxis] = useState<ParetoXAxis>('size');
  /** The y axis' lower bound chosen by the user (null: the interesting range). */
  const [yFloor, setYFloor] = useState<number | null>(null);
  /** The zoomed window (null: the default view), for the axis and metric it was drawn on. */
  const [zoomed, setZoomed] = useState<{ key: string; window: ZoomWindow } | null>(null);
  const [lastResetKey, setLastResetKey] = useState(resetKey);
  if (resetKey !== lastResetKey) {
    // Another model: its own default view (React's "adjust state on prop change" pattern).
    setLastResetKey(resetKey);
    setYFloor(null);
    setZoomed(null);
  }
  const axis = xAxis ?? ownAxis;
  const zoomKey = `${axis}|${metric}`;
  const zoom = zoomed?.key === zoomKey ? zoomed.window : null;
  const selectId = useId();
  /**
   * Once points were drawn the plot stays mounted, empty, while none can be (a re-run analysis
   * waiting for its figures): mounting recharts again costs a long main-thread task.
   */
  const [keepPlot, setKeepPlot] = useState(false);

  const built = useMemo(() => buildSeries(points, axis, metric, titles), [points, axis, metric, titles]);
  const { skipped } = built;
  const front = useMemo(
    () => paretoFront(points, { x: axis, metric }).map((p) => ({ x: xOf(p, axis)!, y: metricOf(p, metric)! * 100, point: p })),
    [points, axis, metric],
  );
  // Agreement of the float model with itself is 100 % by definition.
  const floatY = metric === 'agreement' ? 100 : float.accuracy !== null && Number.isFinite(float.accuracy) ? float.accuracy * 100 : null;
  const floatX = xOf(float, axis);
  const ys = built.series.flatMap((s) => s.data.map((d) => d.y)).concat(floatY !== null ? [floatY] : []);
  const fit = interestingDomain(ys);
  const full = percentDomain(ys);
  const baseY: [number, number] = yFloor === null ? fit : [Math.min(yFloor, fit[1] - 5), fit[1]];
  const yDomain: [number, number] = zoom ? zoom.y : baseY;
  const separated = useMemo(() => separateOverlaps(built.series, yDomain), [built.series, yDomain[0], yDomain[1]]); // eslint-disable-line react-hooks/exhaustive-deps
  const all = separated.flatMap((s) => s.data);
  if (all.length > 0 && !keepPlot) setKeepPlot(true);
  const xs = all.map((d) => d.x).concat(floatX !== null ? [floatX] : []);
  const x = logAxis(Math.min(...xs), Math.max(...xs));
  // The default view, and the widest a zoom may go: every point and the float model.
  const home: ZoomWindow = { x: x.domain, y: baseY };
  const outer: ZoomWindow = { x: x.domain, y: [Math.min(full[0], baseY[0]), Math.max(full[1], baseY[1])] };
  const view = zoom ?? home;
  // Only the points inside the view are drawn (and focusable); the others are counted in a note.
  const split = splitByWindow(all, view);
  const inside = new Set(split.inside);
  const series = separated.map((s) => ({ ...s, data: s.data.filter((d) => inside.has(d)) }));
  const plotted = split.inside;
  const current = plotted.find((d) => d.point.id === currentId);
  // The chart is one Tab stop: the current point (else the first); arrow keys move between points.
  const tabStop = current?.point.id ?? plotted[0]?.point.id;
  const fmtX = useCallback((v: number) => formatX(v, axis), [axis]);
  const xDomain = useNumbers(view.x);
  const yView = useNumbers(view.y);
  const yDom = useNumbers(yDomain);
  const zoomed_ = zoom !== null;
  const fmtY = useCallback((v: number) => (zoomed_ ? formatZoomedPercent(v, yView) : String(v)), [zoomed_, yView]);
  const xTicks = useNumbers(zoom ? logTicks(view.x) : x.ticks);
  const yTicks = useNumbers(zoom ? linearTicks(yDomain) : percentTicks(yDomain));
  const xTickFormat = useCallback((v: number) => fmtX(v), [fmtX]);
  const yTickFormat = useCallback((v: number) => `${fmtY(v)}%`, [fmtY]);
  const xLabel = useMemo(() => axisLabel(X_LABEL[axis], 'x'), [axis]);
  const yLabel = useMemo(() => axisLabel(metricLabel(metric), 'y'), [metric]);
  const xTick = useMemo(() => plainTick('x', xTickFormat), [xTickFormat]);
  const yTick = useMemo(() => plainTick('y', yTickFormat), [yTickFormat]);
  const initialDimension = useMemo(() => ({ width: 600, height }), [height]);
  const [tips] = useState(createTipStore);

  const zoomTo = (w: ZoomWindow) => {
    const fitted = fitWindow(w, outer);
    // Zoomed back out to exactly the default view: that is no zoom.
    setZoomed(covers(fitted, home) && covers(home, fitted) ? null : { key: zoomKey, window: fitted });
  };
  const resetZoom = () => setZoomed(null);
  /** A point to keep focused after a keyboard zoom (its element is redrawn). */
  const refocus = useRef<string | null>(null);
  const zoomBy = (factor: number, centreId?: string | null) => {
    const c = centreId ? all.find((d) => d.point.id === centreId) : undefined;
    refocus.current = centreId ?? null;
    zoomTo(zoomAround(view, outer, c ? { x: c.x, y: c.y } : null, factor));
  };
  const drag = useDragZoom(view, zoomTo, resetZoom);
  const plotEl = drag.plotProps.ref;
  useEffect(() => {
    const id = refocus.current;
    refocus.current = null;
    if (id) return keepFocus(plotEl.current, id);
  });
  /** +/− zoom around the focused point, 0 resets (the buttons below do the same). */
  const onPlotKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const id = (e.target as Element).closest?.('[data-testid="pareto.point"]')?.getAttribute('data-id');
    if (e.key === '+' || e.key === '=') zoomBy(0.5, id);
    else if (e.key === '-' || e.key === '_') zoomBy(2, id);
    else if (e.key === '0') {
      refocus.current = id ?? null;
      resetZoom();
    } else return;
    e.preventDefault();
  };
  const sel = drag.selection;

  const setAxis = (a: ParetoXAxis) => {
    if (xAxis === undefined) setOwnAxis(a);
    onXAxisChange?.(a);
  };

  return (
    <section className="pareto" data-testid="pareto.chart" aria-labelledby="pareto-heading">
      <div className="pareto-toolbar">
        <h2 className="pareto-title" id="pareto-heading">{metric === 'accuracy' ? 'Accuracy' : 'Agreement'} vs {axis === 'size' ? 'size' : 'BitOPs'}</h2>
        <label htmlFor={selectId} className="pareto-axis-label">x axis</label>
        <select id={selectId} data-testid="pareto.axis" value={axis} onChange={(e) => setAxis(e.target.value as ParetoXAxis)}>
          <option value="size">Model size (KB)</option>
          <option value="bitops">BitOPs</option>
        </select>
        <span className="pareto-count" aria-live="polite">
          {all.length} configuration{all.length === 1 ? '' : 's'}
          {skipped > 0 ? ` · ${skipped} not evaluated yet` : ''}
        </span>
      </div>
      {all.length === 0 && (
        <p className="pareto-empty" data-testid="pareto.empty">
          No configurations evaluated yet. Each result of a search (uniform, MXQN, CQ, EBS …) appears here as a point;
          the float32 model is {floatX !== null ? `${fmtX(floatX)}` : 'not measured yet'}
          {floatY !== null ? ` at ${floatY.toFixed(1)} %` : ''}.
        </p>
      )}
      {(all.length > 0 || keepPlot) && (
        <div className={`pareto-plot${sel ? ' is-selecting' : ''}`} style={{ height }} data-testid="pareto.plot" {...drag.plotProps} onKeyDown={onPlotKey}
          data-zoomed={zoom ? 'true' : 'false'} data-x-domain={view.x.join(',')} data-y-domain={view.y.join(',')}>
          <ResponsiveContainer width="100%" height="100%" initialDimension={initialDimension}>
            <ScatterChart margin={MARGIN} accessibilityLayer={false}>
              <CartesianGrid stroke="#eee" />
              <XAxis
                type="number" dataKey="x" scale="log" domain={xDomain} ticks={xTicks} interval={0} allowDataOverflow
                tick={xTick} name={X_LABEL[axis]} label={xLabel}
              />
              <YAxis
                type="number" dataKey="y" domain={yDom} ticks={yTicks} interval={0} allowDataOverflow
                tick={yTick} name={metricLabel(metric)} label={yLabel} width={64}
              />
              {floatY !== null && (
                <ReferenceLine
                  y={floatY} stroke="#444" strokeDasharray="6 4" ifOverflow={zoom ? 'hidden' : 'extendDomain'}
                  label={lineLabel(`float32 ${floatY.toFixed(1)} %`, 'y')}
                />
              )}
              {floatX !== null && floatY !== null && (
                <ReferenceDot x={floatX} y={floatY} r={6} fill="#fff" stroke="#000" strokeWidth={2} ifOverflow={zoom ? 'discard' : 'extendDomain'}
                  label={dotLabel} />
              )}
              {floatX !== null && floatY === null && (
                <ReferenceLine x={floatX} stroke="#444" strokeDasharray="6 4" ifOverflow="hidden"
                  label={lineLabel('float32', 'x')} />
              )}
              {front.length > 1 && (
                <Scatter name="Pareto front" data={front} line={FRONT_LINE} lineType="joint"
                  shape={NO_SHAPE} legendType="none" isAnimationActive={false} tooltipType="none" />
              )}
              {series.map((s) => (
                <Scatter
                  key={s.method} name={s.style.label} data={s.data} fill={s.style.color} isAnimationActive={false}
                  shape={(props: ScatterShapeProps) => (
                    <PointShape {...props} style={s.style} currentId={currentId} metric={metric} onApply={onApply} fmtX={fmtX}
                      tabStop={tabStop} tips={tips} />
                  )}
                />
              ))}
              {current && (
                <Scatter name="current" data={[current]} isAnimationActive={false} legendType="none" tooltipType="none"
                  shape={(p: ScatterShapeProps) => <CurrentRing cx={p.cx} cy={p.cy} />} />
              )}
              {sel && (
                <ReferenceArea x1={sel.window.x[0]} x2={sel.window.x[1]} y1={sel.window.y[0]} y2={sel.window.y[1]} ifOverflow="hidden"
                  fill="#1a73e8" fillOpacity={0.12} stroke="#1a73e8" strokeDasharray="3 3" className="pareto-selection" />
              )}
              <PlotAreaProbe onArea={drag.onArea} />
            </ScatterChart>
          </ResponsiveContainer>
          <PointTip store={tips} metric={metric} titles={titles} />
        </div>
      )}
      {all.length > 0 && (
        <ZoomControls metric={metric} fit={fit} full={full} yFloor={yFloor} yMin={yDomain[0]} zoomed={zoom !== null}
          onYFloor={(v) => { setYFloor(v); resetZoom(); }}
          onZoomIn={() => zoomBy(0.5)} onZoomOut={() => zoomBy(2)} onReset={resetZoom}
          note={zoom ? hiddenNote(split, view, fmtX, fmtY) : split.below > 0 ? `${split.below} point${split.below === 1 ? '' : 's'} below ${yDomain[0]} % (Show all)` : null} />
      )}
      <ul className="pareto-legend" aria-label="Legend" data-testid="pareto.legend">
        {separated.map((s) => (
          <li key={s.method} data-method={s.method} data-marker={`${s.style.shape}${s.style.hollow ? '-hollow' : ''}`}><LegendGlyph style={s.style} /> {s.style.label} <span className="pareto-n">({s.data.length})</span></li>
        ))}
        <li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" fill="#fff" stroke="#000" strokeWidth="2" /></svg> float32</li>
        {front.length > 1 && <li><svg width="18" height="14" aria-hidden="true"><line x1="0" y1="7" x2="18" y2="7" stroke="#888" strokeDasharray="4 3" /></svg> Pareto front</li>}
        {current && <li><svg width="16" height="16" aria-hidden="true"><circle cx="8" cy="8" r="6" fill="none" stroke="#000" strokeWidth="2" /></svg> current config</li>}
      </ul>
      {all.length > 0 && (
        <p className="pareto-hint">
          {onApply ? 'Click a point (or Tab to the chart, move with the arrow keys, press Enter) to apply it; Undo brings back what it replaced. ' : ''}
          Drag over the plot to zoom to a box (or along one axis to a band); + and − zoom around the focused point, 0 or a double-click resets.
        </p>
      )}
    </section>
  );
}

/**
 * Axis ticks and labels as plain <text>. Recharts' own <Text> measures the width of every
 * new string in a hidden element (getBoundingClientRect: a forced layout of the whole page,
 * 10–15 ms on a 74-layer model) whenever the axis is given a width, as the y axis is; the
 * chart's labels never wrap, so nothing needs measuring.
 */
interface TickProps { x?: number | string; y?: number | string; payload?: { value?: unknown } }
function plainTick(side: 'x' | 'y', format: (v: number) => string) {
  return function PlainTick({ x, y, payload }: TickProps) {
    const v = Number(payload?.value);
    return side === 'x'
      ? <text className="pareto-tick" data-axis="x" x={Number(x)} y={Number(y)} dy={12} textAnchor="middle" fontSize={11} fill="#666">{format(v)}</text>
      : <text className="pareto-tick" data-axis="y" x={Number(x)} y={Number(y)} dy={4} textAnchor="end" fontSize={11} fill="#666">{format(v)}</text>;
  };
}

interface LabelBox { viewBox?: { x?: number; y?: number; width?: number; height?: number } }
const box = (p: LabelBox) => ({ x: p.viewBox?.x ?? 0, y: p.viewBox?.y ?? 0, width: p.viewBox?.width ?? 0, height: p.viewBox?.height ?? 0 });

/** An axis title: centred under the x axis, or turned along the y axis near its top. */
function axisLabel(text: string, side: 'x' | 'y') {
  return function AxisLabel(p: LabelBox) {
    const b = box(p);
    return side === 'x'
      ? <text x={b.x + b.width / 2} y={b.y + b.height + 14} textAnchor="middle" fontSize={12} fill="#555">{text}</text>
      : <text transform={`translate(${b.x + 14},${b.y + b.height / 2}) rotate(-90)`} textAnchor="middle" fontSize={12} fill="#555">{text}</text>;
  };
}

/** A reference line's label: above the start of a horizontal line, or beside the top of a vertical one. */
function lineLabel(text: string, line: 'x' | 'y') {
  return function LineLabel(p: LabelBox) {
    const b = box(p);
    return line === 'y'
      ? <text x={b.x + 5} y={b.y - 5} fontSize={11} fill="#444">{text}</text>
      : <text x={b.x + 5} y={b.y + 14} fontSize={11} fill="#444">{text}</text>;
  };
}

/** The float32 dot's label, above it. */
function dotLabel(p: LabelBox) {
  const b = box(p);
  return <text x={b.x + b.width / 2} y={b.y - 5} textAnchor="middle" fontSize={11} fill="#222">float32</text>;
}

/**
 * Focuses the point `id` and keeps it focused while recharts redraws: its points are keyed
 * by position, so a new domain replaces the focused element a commit or two later. A
 * MutationObserver puts the focus back before the next key press can land on the body; it
 * stops after a second, or as soon as the focus moves off the plot.
 */
function keepFocus(plot: HTMLElement | null, id: string): () => void {
  if (!plot) return () => {};
  const sel = `[data-testid="pareto.point"][data-id="${CSS.escape(id)}"]`;
  const restore = () => {
    const active = document.activeElement;
    if (active && active !== document.body && !plot.contains(active)) return stop();
    const el = plot.querySelector<SVGGElement>(sel);
    if (el && active !== el) el.focus();
  };
  const observer = new MutationObserver(restore);
  const timer = setTimeout(() => stop(), 1000);
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
  }
  observer.observe(plot, { childList: true, subtree: true });
  restore();
  return stop;
}

function describePoint(p: ParetoPoint, style: MethodStyle, metric: ParetoMetric, fmtX: (v: number) => string, x: number): string {
  const bits = p.averageWeightBits !== undefined && Number.isFinite(p.averageWeightBits) ? `, ${p.averageWeightBits.toFixed(2)} bits avg` : '';
  return `${style.label}${p.label ? ` ${p.label}` : ''}: ${fmtX(x)}, ${metric} ${formatPercent(metricOf(p, metric))}${bits}`;
}

interface PointShapeProps extends ScatterShapeProps {
  style: MethodStyle;
  currentId?: string;
  metric: ParetoMetric;
  onApply?: (p: ParetoPoint) => void;
  fmtX: (v: number) => string;
  /** Id of the point that is the chart's Tab stop. */
  tabStop?: string;
  tips: TipStore;
}

/** ←/→ (and ↑/↓) move focus to the neighbouring point by position on screen; Home/End to the ends. */
function movePointFocus(e: KeyboardEvent<SVGGElement>): boolean {
  const all = [...(e.currentTarget.ownerSVGElement?.querySelectorAll<SVGGElement>('[data-testid="pareto.point"]') ?? [])];
  const sorted = all.map((g) => ({ g, r: g.getBoundingClientRect() })).sort((a, b) => a.r.left - b.r.left || a.r.top - b.r.top);
  const at = sorted.findIndex((s) => s.g === e.currentTarget);
  const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: sorted.length - 1 }[e.key];
  if (to === undefined || !sorted[to]) return false;
  e.currentTarget.setAttribute('tabindex', '-1');
  sorted[to].g.setAttribute('tabindex', '0');
  sorted[to].g.focus();
  return true;
}

function PointShape({ cx, cy, payload, style, currentId, metric, onApply, fmtX, tabStop, tips }: PointShapeProps) {
  if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) return <g />;
  const d = payload as PlotPoint;
  const isCurrent = d.point.id === currentId;
  const apply = () => onApply?.(d.point);
  const showTip = (e: { currentTarget: SVGGElement }) => {
    const width = e.currentTarget.ownerSVGElement?.clientWidth ?? 0;
    tips.set({ entry: d, x: cx, y: cy, flip: cx > width / 2 });
  };
  const hideTip = () => {
    if (tips.get()?.entry === d) tips.set(null);
  };
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      apply();
    } else if (movePointFocus(e)) e.preventDefault();
  };
  return (
    <g
      className={onApply ? 'pareto-point is-clickable' : 'pareto-point'}
      data-testid="pareto.point"
      data-id={d.point.id}
      data-current={isCurrent || undefined}
      role={onApply ? 'button' : undefined}
      tabIndex={onApply ? (d.point.id === tabStop ? 0 : -1) : undefined}
      data-method={d.point.method}
      aria-label={`${describePoint(d.point, style, metric, fmtX, d.x)}${isCurrent ? ' (current)' : ''}${onApply ? '. Apply' : ''}`}
      onClick={onApply ? apply : undefined}
      onKeyDown={onApply ? onKeyDown : undefined}
      onPointerEnter={showTip} onPointerLeave={hideTip} onFocus={showTip} onBlur={hideTip}
    >
      <circle className="pareto-focus-ring" cx={cx} cy={cy} r={11} fill="none" />
      <Symbols cx={cx} cy={cy} type={style.shape} size={isCurrent ? 110 : 64} sizeType="area"
        fill={style.hollow ? '#fff' : style.color} fillOpacity={style.hollow ? 1 : 0.85}
        stroke={style.hollow ? style.color : '#fff'} strokeWidth={style.hollow ? 1.5 : 1} />
    </g>
  );
}

function CurrentRing({ cx, cy }: { cx?: number; cy?: number }) {
  if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) return <g />;
  return <circle cx={cx} cy={cy} r={11} fill="none" stroke="#000" strokeWidth={2} pointerEvents="none" />;
}

function LegendGlyph({ style }: { style: MethodStyle }) {
  return (
    <svg width="14" height="14" aria-hidden="true">
      <Symbols cx={7} cy={7} type={style.shape} size={60} sizeType="area" fill={style.hollow ? '#fff' : style.color}
        stroke={style.hollow ? style.color : 'none'} strokeWidth={1.5} />
    </svg>
  );
}
