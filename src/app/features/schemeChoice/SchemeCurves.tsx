/**
 * Small multiples for one layer: SQNR against bits (2..8) for every swept scheme, one panel
 * for weights and one for activations, on a shared y scale. The configured scheme's line
 * is thick and the current bit-width is marked.
 */
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { TooltipContentProps } from 'recharts';
import type { LayerConfig, WeightScheme } from '../../../quant/types';
import { SCHEME_COLORS, SCHEME_DASH, SCHEME_LABELS, comparisonBits, curvePoints } from './schemeData';
import type { CurvePoint, SchemeTarget } from './schemeData';
import { formatSqnr, sqnrAxis, sqnrCap } from './sqnr';

export interface SchemeCurvesProps {
  layer: LayerConfig;
}

export function SchemeCurves({ layer }: SchemeCurvesProps) {
  const raw = (['weights', 'activations'] as const).map((t) => curvePoints(layer, t, Infinity));
  const cap = sqnrCap(raw.flatMap((c) => c.points.flatMap((p) => Object.values(p.raw))));
  return (
    <div className="scheme-curves" data-testid="scheme.curves" aria-label={`SQNR against bits for ${layer.name}`}>
      <div className="scheme-curves-title">{layer.name}: SQNR against bits</div>
      <div className="scheme-multiples">
        {(['weights', 'activations'] as const).map((t) => <Panel key={t} layer={layer} target={t} cap={cap} />)}
      </div>
    </div>
  );
}

function Panel({ layer, target, cap }: { layer: LayerConfig; target: SchemeTarget; cap: number }) {
  const { schemes, points } = curvePoints(layer, target, cap);
  const yAxis = sqnrAxis(points.flatMap((p) => Object.values(p.values)), cap);
  const chosen = target === 'weights' ? layer.weights.scheme : layer.activations.scheme;
  const current = comparisonBits(layer, target);
  const isFloat = target === 'activations' && (layer.activations.scheme === 'float' || layer.activations.bits === null);
  return (
    <figure className="scheme-panel">
      <figcaption>
        {target} · now {isFloat ? 'float' : `${chosen} at ${current.bits} bits${current.note ? ` (${current.note})` : ''}`}
      </figcaption>
      {schemes.length === 0 ? (
        <p className="scheme-empty small">{target === 'activations' ? 'Not measured (needs calibration data).' : 'Not swept yet.'}</p>
      ) : (
        <>
          <LineChart width={300} height={190} data={points} margin={{ top: 8, right: 12, bottom: 18, left: 0 }}>
            <CartesianGrid stroke="#eee" />
            <XAxis dataKey="bits" type="number" domain={[2, 8]} ticks={[2, 3, 4, 5, 6, 7, 8]} interval={0} fontSize={10}
              label={{ value: 'bits', position: 'insideBottom', offset: -8, fontSize: 11, fill: '#555' }} />
            <YAxis domain={yAxis.domain} ticks={yAxis.ticks} interval={0} allowDataOverflow fontSize={10} width={40}
              label={{ value: 'dB', angle: -90, position: 'insideLeft', offset: 14, fontSize: 11, fill: '#555' }} />
            {!isFloat && <ReferenceLine x={current.bits} stroke="#000" strokeDasharray="3 3" />}
            <Tooltip content={(p: TooltipContentProps) => <CurveTooltip {...p} schemes={schemes} />} isAnimationActive={false} />
            {schemes.map((s) => (
              <Line
                key={s} type="linear" name={SCHEME_LABELS[s as WeightScheme]} dataKey={(p: CurvePoint) => p.values[s]}
                stroke={SCHEME_COLORS[s as WeightScheme]} strokeDasharray={SCHEME_DASH[s as WeightScheme]}
                strokeWidth={s === chosen ? 3 : 1.5} dot={{ r: s === chosen ? 3 : 2 }} connectNulls={false} isAnimationActive={false}
              />
            ))}
          </LineChart>
          <ul className="scheme-legend small">
            {schemes.map((s) => (
              <li key={s} className={s === chosen ? 'is-chosen' : undefined}>
                <svg width="18" height="8" aria-hidden="true">
                  <line x1="0" y1="4" x2="18" y2="4" stroke={SCHEME_COLORS[s as WeightScheme]} strokeWidth={s === chosen ? 3 : 1.5} strokeDasharray={SCHEME_DASH[s as WeightScheme]} />
                </svg>
                {SCHEME_LABELS[s as WeightScheme]}
              </li>
            ))}
          </ul>
        </>
      )}
    </figure>
  );
}

function CurveTooltip({ active, payload, schemes }: TooltipContentProps & { schemes: string[] }) {
  const p = payload?.[0]?.payload as CurvePoint | undefined;
  if (!active || !p) return null;
  return (
    <div className="scheme-tooltip">
      <strong>{p.bits} bits</strong>
      {schemes.map((s) => (
        <div key={s}>
          <span className="scheme-swatch" style={{ background: SCHEME_COLORS[s as WeightScheme] }} /> {SCHEME_LABELS[s as WeightScheme]}: {formatSqnr(p.raw[s])}
        </div>
      ))}
    </div>
  );
}
