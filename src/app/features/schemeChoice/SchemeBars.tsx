/**
 * The scheme chart's grouped bars as plain SVG: per layer, SQNR of fixed, log2 and log √2 at
 * the layer's bit-width, the configured scheme outlined, the layer's name, bits and MXQN's
 * pick under its group. A fixed y axis (SQNR in dB) sits left of a horizontal scroller that
 * draws only the layers in view (visibleSlice.ts) over a spacer as wide as the whole chart.
 *
 * Plain SVG rather than recharts: its first mount on a 74-layer model took ≈ 110 ms of main
 * thread (every bar, label and tick a component with its own store subscriptions), here a
 * few ms; the geometry is a band per layer and a linear SQNR scale, nothing recharts adds.
 *
 * Keyboard: the plot is one Tab stop; ←/→ (Home/End) move between layers, showing the
 * layer's values as the pointer does, and Enter or Space selects the layer (its curves).
 */
import { useEffect, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { middleEllipsis } from '../../components/displayName';
import { COMPARED_SCHEMES, SCHEME_COLORS, SCHEME_LABELS, schemeFamily } from './schemeData';
import type { BarDatum, ComparedScheme, SchemeTarget } from './schemeData';
import { formatSqnr } from './sqnr';
import { useVisibleSlice } from './visibleSlice';

/** Width of one layer's band, px. */
export const PX_PER_LAYER = 88;
const TOP = 18;
/** Height of the layer labels under the bars. */
const TICKS_HEIGHT = 58;
const BOTTOM_MARGIN = 8;
const RIGHT_MARGIN = 16;
const AXIS_WIDTH = 56;
/** Share of a band the bars of a group fill (an 18 % gap on each side), and the gap between bars. */
const GROUP_SHARE = 0.64;
const BAR_GAP = 2;
const BAR_WIDTH = (PX_PER_LAYER * GROUP_SHARE - (COMPARED_SCHEMES.length - 1) * BAR_GAP) / COMPARED_SCHEMES.length;
const TOOLTIP_WIDTH = 230;

export interface SchemeBarsProps {
  data: readonly BarDatum[];
  /** SQNR axis [min, max] (dB) and its tick values. */
  domain: readonly [number, number];
  ticks: readonly number[];
  height: number;
  target: SchemeTarget;
  selected: number | null;
  onSelect: (index: number) => void;
}

export function SchemeBars({ data, domain, ticks, height, target, selected, onSelect }: SchemeBarsProps) {
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const { first, end } = useVisibleSlice(scroller, data.length, PX_PER_LAYER);
  // The layer whose values are shown: under the pointer, or moved to with the arrow keys.
  const [active, setActive] = useState<number | null>(null);
  const bottom = height - BOTTOM_MARGIN - TICKS_HEIGHT;
  const [lo, hi] = domain;
  const y = (v: number) => TOP + ((hi - v) / (hi - lo || 1)) * (bottom - TOP);
  const y0 = y(Math.max(lo, Math.min(hi, 0)));
  const width = data.length * PX_PER_LAYER + RIGHT_MARGIN;
  const shown = data.slice(first, end);
  const activeDatum = active !== null && active < data.length ? data[active] : null;

  // A layer moved to from the keyboard scrolls into view.
  useEffect(() => {
    if (!scroller || active === null) return;
    const left = active * PX_PER_LAYER;
    if (left < scroller.scrollLeft) scroller.scrollTo({ left });
    else if (left + PX_PER_LAYER > scroller.scrollLeft + scroller.clientWidth) scroller.scrollTo({ left: left + PX_PER_LAYER - scroller.clientWidth });
  }, [scroller, active]);

  const onKeyDown = (e: KeyboardEvent) => {
    const last = data.length - 1;
    const at = active ?? selected ?? -1;
    const to = e.key === 'ArrowRight' ? Math.min(last, at + 1) : e.key === 'ArrowLeft' ? Math.max(0, at - 1)
      : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (to !== null) {
      e.preventDefault();
      setActive(to);
    } else if ((e.key === 'Enter' || e.key === ' ') && active !== null) {
      e.preventDefault();
      onSelect(data[active].row.index);
    } else if (e.key === 'Escape') setActive(null);
  };

  return (
    <div className="scheme-plot">
      <svg className="scheme-axis" width={AXIS_WIDTH} height={height} aria-hidden="true">
        {ticks.map((t) => (
          <g key={t} transform={`translate(0,${y(t)})`}>
            <line x1={AXIS_WIDTH - 5} x2={AXIS_WIDTH} stroke="#666" />
            <text x={AXIS_WIDTH - 8} dy={4} textAnchor="end" fontSize={11} fill="#666">{t}</text>
          </g>
        ))}
        <line x1={AXIS_WIDTH - 0.5} x2={AXIS_WIDTH - 0.5} y1={TOP} y2={bottom} stroke="#666" />
        <text transform={`translate(14,${(TOP + bottom) / 2}) rotate(-90)`} textAnchor="middle" fontSize={12} fill="#555">SQNR (dB)</text>
      </svg>
      <div
        className="scheme-scroll" ref={setScroller} tabIndex={0} role="group" data-testid="scheme.plot"
        aria-label={`SQNR bars of ${data.length} layers: arrow keys move between layers, Enter shows a layer's curves`}
        onKeyDown={onKeyDown} onBlur={() => setActive(null)}
      >
        <div className="scheme-spacer" style={{ width, height }}>
          <svg width={width} height={height} className="scheme-svg">
            {ticks.map((t) => <line key={t} x1={0} x2={width - RIGHT_MARGIN} y1={y(t)} y2={y(t)} stroke="#eee" />)}
            <line x1={0} x2={width - RIGHT_MARGIN} y1={y0} y2={y0} stroke="#999" />
            {shown.map((d, k) => (
              <LayerGroup key={d.row.index} datum={d} at={first + k} y={y} y0={y0} bottom={bottom}
                active={active === first + k} selected={selected === d.row.index}
                onPointerEnter={() => setActive(first + k)} onPointerLeave={() => setActive(null)} onClick={() => onSelect(d.row.index)} />
            ))}
          </svg>
          {activeDatum && active !== null && (
            <BarTooltip datum={activeDatum} target={target}
              left={(active + 1) * PX_PER_LAYER + TOOLTIP_WIDTH + 4 > width ? Math.max(0, active * PX_PER_LAYER - TOOLTIP_WIDTH - 4) : (active + 1) * PX_PER_LAYER + 4} />
          )}
        </div>
      </div>
    </div>
  );
}

interface LayerGroupProps {
  datum: BarDatum;
  /** Position of the layer in the chart (its band). */
  at: number;
  y: (v: number) => number;
  y0: number;
  bottom: number;
  active: boolean;
  selected: boolean;
  onPointerEnter: () => void;
  onPointerLeave: () => void;
  onClick: () => void;
}

function LayerGroup({ datum, at, y, y0, bottom, active, selected, onPointerEnter, onPointerLeave, onClick }: LayerGroupProps) {
  const { row } = datum;
  const left = at * PX_PER_LAYER;
  const barsLeft = left + (PX_PER_LAYER * (1 - GROUP_SHARE)) / 2;
  const cx = left + PX_PER_LAYER / 2;
  // What fits under a group of bars (≈ 6.5 px a character), cut in the middle; the full name is the hover title.
  const name = middleEllipsis(row.label, Math.floor(PX_PER_LAYER / 6.5));
  const family = row.pick ? schemeFamily(row.pick) : null;
  return (
    <g className="scheme-group" onPointerEnter={onPointerEnter} onPointerLeave={onPointerLeave} onClick={onClick}>
      <rect x={left} y={TOP} width={PX_PER_LAYER} height={bottom - TOP + TICKS_HEIGHT} fill={active ? 'rgba(0,0,0,0.05)' : 'transparent'} />
      {COMPARED_SCHEMES.map((s, k) => {
        const v = datum[s];
        const x = barsLeft + k * (BAR_WIDTH + BAR_GAP);
        return (
          <g key={s}>
            {typeof v === 'number' && <BarRect x={x} y={Math.min(y(v), y0)} height={Math.abs(y(v) - y0)} scheme={s} chosen={row.chosen} />}
            <BarValueLabel x={x + BAR_WIDTH / 2} y={typeof v === 'number' ? Math.min(y(v), y0) - 4 : y0 - 4} value={s in row.sqnr ? row.sqnr[s] : undefined} />
          </g>
        );
      })}
      <g transform={`translate(${cx},${bottom})`}>
        <title>{`${row.name} at ${row.bits} bits${row.bitsNote ? ` (${row.bitsNote})` : ''}: ${row.pick ? `${row.pickLabel} (${SCHEME_LABELS[row.pick]} has the higher SQNR)` : 'no SQNR sweep'}`}</title>
        <text dy={14} textAnchor="middle" fontSize={11} fontWeight={selected ? 700 : 400} fill="#222">{name}</text>
        <text dy={27} textAnchor="middle" fontSize={10} fill="#666">{row.bits} b{row.bitsNote ? '*' : ''}</text>
        {family ? (
          <>
            <text dy={40} textAnchor="middle" fontSize={10} fill="#666">{row.pickLabel.replace(/ (log|fixed)$/, '')}</text>
            <text dy={52} textAnchor="middle" fontSize={10} fontWeight={700} fill={family === 'log' ? '#a34400' : SCHEME_COLORS.fixed}>{family}</text>
          </>
        ) : (
          <text dy={40} textAnchor="middle" fontSize={10} fill="#999">{row.pickLabel}</text>
        )}
      </g>
    </g>
  );
}

/** One bar, the configured scheme outlined (and drawn opaque). */
function BarRect({ x, y, height, scheme, chosen }: { x: number; y: number; height: number; scheme: ComparedScheme; chosen: string }) {
  const isChosen = chosen === scheme;
  return (
    <rect className="scheme-bar" x={x} y={y} width={BAR_WIDTH} height={height} fill={SCHEME_COLORS[scheme]}
      fillOpacity={isChosen || chosen === 'float' ? 1 : 0.75} stroke={isChosen ? '#000' : 'none'} strokeWidth={isChosen ? 2.5 : 0} />
  );
}

/** "∞" above lossless bars and "n/a" where a value is undefined; other values are in the tooltip. */
function BarValueLabel({ x, y, value }: { x: number; y: number; value: number | null | undefined }) {
  const text = value === null ? 'n/a' : value === Infinity ? '∞' : null;
  if (!text) return null;
  return <text x={x} y={y} textAnchor="middle" fontSize={10} fill="#333">{text}</text>;
}

function BarTooltip({ datum, target, left }: { datum: BarDatum; target: SchemeTarget; left: number }) {
  const r = datum.row;
  return (
    <div className="scheme-tooltip" style={{ left, top: TOP, width: TOOLTIP_WIDTH }} role="status">
      <strong title={r.name}>{r.label}</strong> · {target} at {r.bits} bits{r.bitsNote ? ` (${r.bitsNote})` : ''}
      {COMPARED_SCHEMES.map((s) => (
        <div key={s}>
          <span className="scheme-swatch" style={{ background: SCHEME_COLORS[s] }} /> {SCHEME_LABELS[s]}: {s in r.sqnr ? formatSqnr(r.sqnr[s]) : 'not swept'}
          {r.chosen === s ? ' ← configured' : ''}
        </div>
      ))}
      <div className="scheme-pick">{r.pickLabel}{r.pick ? ` (${SCHEME_LABELS[r.pick]})` : ''}</div>
    </div>
  );
}
