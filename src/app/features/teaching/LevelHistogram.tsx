/**
 * SVG histogram of a layer's values with each enabled scheme's quantization levels as
 * vertical ticks: thin lines over the bars plus one strip per scheme underneath.
 * Linear view: x = value. Log view: x = log2|value| (log levels are evenly spaced there).
 */
import { useMemo } from 'react';
import { SCHEME_COLORS } from '../schemeChoice/schemeData';
import { finiteExtent, histogram, log2Magnitudes, niceTicks } from './histogram';
import { logLevelPositions } from './levels';
import type { SchemeLevels } from './levels';

export type HistogramView = 'linear' | 'log2';

export interface LevelHistogramProps {
  values: Float32Array;
  levels: readonly SchemeLevels[];
  view: HistogramView;
  kind: string;
  bins?: number;
}

const W = 640;
const H = 170;
const PAD = { left: 72, right: 12, top: 8, bottom: 30 };
const STRIP = 12;
/** In the log view, show at most this many octaves below the smallest data magnitude. */
const LOG_MARGIN = 2;

export function LevelHistogram({ values, levels, view, kind, bins = 64 }: LevelHistogramProps) {
  const model = useMemo(() => {
    const positions = levels.map((l) => ({ scheme: l.scheme, xs: view === 'log2' ? logLevelPositions(l.levels) : l.levels }));
    let data: ArrayLike<number> = values;
    let zeros = 0;
    if (view === 'log2') {
      const m = log2Magnitudes(values);
      data = m.logs;
      zeros = m.zeros;
    }
    const ext = finiteExtent(data);
    let lo = ext ? ext[0] : -1;
    let hi = ext ? ext[1] : 1;
    const allLevels = positions.flatMap((p) => p.xs);
    if (allLevels.length) {
      const lext = finiteExtent(allLevels)!;
      // Linear: show every level. Log: tiny log levels would squash the data, so cap below.
      lo = view === 'log2' ? Math.max(Math.min(lo, lext[0]), lo - LOG_MARGIN) : Math.min(lo, lext[0]);
      hi = Math.max(hi, lext[1]);
    }
    const h = histogram(data, bins, [lo, hi]);
    const hidden = positions.map((p) => p.xs.filter((x) => x < h.edges[0] || x > h.edges[h.edges.length - 1]).length);
    return { positions, h, zeros, hidden };
  }, [values, levels, view, bins]);

  const { h, positions, zeros, hidden } = model;
  const x0 = h.edges[0];
  const x1 = h.edges[h.edges.length - 1];
  const plotW = W - PAD.left - PAD.right;
  const sx = (v: number) => PAD.left + ((v - x0) / (x1 - x0)) * plotW;
  const sy = (c: number) => PAD.top + H - (h.maxCount > 0 ? (c / h.maxCount) * H : 0);
  const stripTop = PAD.top + H + PAD.bottom;
  const totalH = stripTop + positions.length * STRIP + 4;
  // Log view: whole powers of two only.
  const xTicks = view === 'log2' ? niceTicks(x0, x1, 6).filter(Number.isInteger) : niceTicks(x0, x1, 6);
  const yTicks = h.maxCount > 0 ? niceTicks(0, h.maxCount, 3) : [];

  return (
    <figure className="teach-hist">
      <svg
        viewBox={`0 0 ${W} ${totalH}`} width="100%" role="img" data-testid="teach.histogram"
        aria-label={`Histogram of ${h.total} ${kind} values${view === 'log2' ? ' (log2 of magnitude)' : ''} with quantization levels of ${positions.map((p) => p.scheme).join(', ') || 'no scheme'}`}
      >
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} stroke="#eee" />
            <text x={PAD.left - 4} y={sy(t) + 3} textAnchor="end" fontSize={10} fill="#666">{t}</text>
          </g>
        ))}
        {h.counts.map((c, i) => c > 0 && (
          <rect key={i} x={sx(h.edges[i]) + 0.5} width={Math.max(0.5, sx(h.edges[i + 1]) - sx(h.edges[i]) - 1)} y={sy(c)} height={PAD.top + H - sy(c)} fill="#9aa5b1" />
        ))}
        {positions.map((p) => <TickLines key={`o-${p.scheme}`} xs={p.xs} sx={sx} lo={x0} hi={x1} y1={PAD.top} y2={PAD.top + H} color={SCHEME_COLORS[p.scheme]} opacity={0.45} />)}
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + H} y2={PAD.top + H} stroke="#888" />
        {xTicks.map((t) => (
          <g key={`x${t}`}>
            <line x1={sx(t)} x2={sx(t)} y1={PAD.top + H} y2={PAD.top + H + 4} stroke="#888" />
            <text x={sx(t)} y={PAD.top + H + 15} textAnchor="middle" fontSize={10} fill="#555">{view === 'log2' ? `2^${t}` : t}</text>
          </g>
        ))}
        <text x={PAD.left + plotW / 2} y={PAD.top + H + 27} textAnchor="middle" fontSize={10} fill="#555">
          {view === 'log2' ? `|${kind}| (log scale)` : `${kind} value`}
        </text>
        <text x={10} y={PAD.top + H / 2} fontSize={10} fill="#555" transform={`rotate(-90 10 ${PAD.top + H / 2})`} textAnchor="middle">count</text>
        {positions.map((p, i) => (
          <g key={`s-${p.scheme}`}>
            <text x={PAD.left - 4} y={stripTop + i * STRIP + 9} textAnchor="end" fontSize={9} fill={SCHEME_COLORS[p.scheme]}>{p.scheme}</text>
            <TickLines xs={p.xs} sx={sx} lo={x0} hi={x1} y1={stripTop + i * STRIP + 1} y2={stripTop + (i + 1) * STRIP - 1} color={SCHEME_COLORS[p.scheme]} opacity={1} />
          </g>
        ))}
      </svg>
      <figcaption className="teach-note">
        {h.total === 0 ? 'No finite values to show.' : `${h.total.toLocaleString()} values`}
        {h.excluded > 0 && view === 'linear' ? ` · ${h.excluded} non-finite ignored` : ''}
        {view === 'log2' && zeros > 0 ? ` · ${zeros.toLocaleString()} exact zeros not shown` : ''}
        {view === 'log2' && hidden.some((n) => n > 0) ? ` · ${hidden.reduce((a, b) => a + b, 0)} tiny levels off the left edge` : ''}
      </figcaption>
    </figure>
  );
}

/** One vertical line per level, merged when two levels fall on the same pixel. */
function TickLines({ xs, sx, lo, hi, y1, y2, color, opacity }: {
  xs: readonly number[]; sx: (v: number) => number; lo: number; hi: number; y1: number; y2: number; color: string; opacity: number;
}) {
  const px = new Set<number>();
  for (const v of xs) if (v >= lo && v <= hi) px.add(Math.round(sx(v) * 2) / 2);
  const d = [...px].map((x) => `M${x} ${y1}V${y2}`).join('');
  return <path d={d} stroke={color} strokeWidth={1} strokeOpacity={opacity} fill="none" />;
}
