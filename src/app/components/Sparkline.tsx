/** A tiny inline SVG: weight SQNR (dB) against bits 2…8, one line per scheme. */
import { memo } from 'react';
import type { LayerSweep, WeightScheme } from '../../quant/types';
import { SWEEP_BITS, WEIGHT_SCHEMES } from '../../quant/types';
import { readSqnr } from '../../quant/sqnr';
import { dbValue } from './format';

export const SCHEME_COLORS: Record<WeightScheme, string> = {
  fixed: '#1a73e8',
  'fixed-clip': '#12a4b4',
  dfp: '#7b61c9',
  log2: '#e8710a',
  'log2-sqrt2': '#d93025',
  nlq: '#188038',
};

interface Props {
  sweep: LayerSweep | undefined;
  width?: number;
  height?: number;
  highlight?: WeightScheme;
}

/** Memoised: a sweep is never changed in place, so an unchanged sweep object draws the same lines. */
export const Sparkline = memo(function Sparkline({ sweep, width = 96, height = 26, highlight }: Props) {
  if (!sweep) return <span className="sparkline-empty" aria-hidden="true">·</span>;
  const cap = 60;
  const x = (i: number) => 2 + (i * (width - 4)) / (SWEEP_BITS.length - 1);
  const y = (v: number) => height - 2 - (Math.max(0, v) * (height - 4)) / cap;
  const lines = WEIGHT_SCHEMES.filter((s) => sweep.weights[s]).map((scheme) => {
    const pts = SWEEP_BITS.map((b, i) => {
      const v = dbValue(sweep.weights[scheme]?.[String(b)], cap);
      return v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    }).filter(Boolean);
    return { scheme, pts: pts.join(' ') };
  });
  const title = WEIGHT_SCHEMES.filter((s) => sweep.weights[s])
    .map((s) => `${s}: ${SWEEP_BITS.map((b) => {
      const v = readSqnr(sweep.weights[s]?.[String(b)]);
      return v === Infinity ? '∞' : v === null ? '–' : Math.round(v);
    }).join(' ')}`)
    .join('\n');
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`Weight SQNR (dB) at 2…8 bits per scheme`}>
      <title>{`Weight SQNR (dB) at 2…8 bits\n${title}`}</title>
      {lines.map(({ scheme, pts }) => (
        <polyline key={scheme} points={pts} fill="none" stroke={SCHEME_COLORS[scheme]}
          strokeWidth={highlight === scheme ? 2 : 1} strokeOpacity={highlight && highlight !== scheme ? 0.45 : 1} />
      ))}
    </svg>
  );
});
