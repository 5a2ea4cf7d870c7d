/**
 * Per layer, SQNR of fixed-point against log2 and log √2 at the layer's bit-width, as
 * grouped bars; the configured scheme is outlined and MXQN's pick is named under each
 * layer. Selecting a layer shows its SQNR-vs-bits curves (SchemeCurves) below.
 */
import { useId, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { BarShapeProps, MouseHandlerDataParam, TooltipContentProps, XAxisTickContentProps } from 'recharts';
import type { LayerConfig } from '../../../quant/types';
import { middleEllipsis } from '../../components/displayName';
import { SchemeCurves } from './SchemeCurves';
import {
  COMPARED_SCHEMES, SCHEME_COLORS, SCHEME_LABELS, allRowValues, barData, schemeFamily, schemeRows,
} from './schemeData';
import type { BarDatum, ComparedScheme, SchemeTarget } from './schemeData';
import { formatSqnr, sqnrAxis, sqnrCap } from './sqnr';
import { useVisibleSlice } from './visibleSlice';
import './schemeChoice.css';

export interface SchemeChoiceChartProps {
  layers: readonly LayerConfig[];
  /** Weights or activations; the chart's toggle changes it (reported via onTargetChange). */
  target: SchemeTarget;
  onTargetChange?: (target: SchemeTarget) => void;
  /** Layer index whose SQNR-vs-bits curves are shown; controlled when given. */
  selectedLayer?: number | null;
  onSelectLayer?: (index: number) => void;
  /** Compare every layer at this bit-width instead of its current one. */
  bits?: number;
  /** Bar chart height in px (default 280). */
  height?: number;
  /** Short display name of a layer (default: its name); the full name shows on hover. */
  labelOf?: (name: string) => string;
}

const PX_PER_LAYER = 88;

/**
 * The grid has no vertical lines; without this recharts still works out where they would go,
 * measuring every layer label in the DOM (a forced layout of the whole page per render).
 */
const noVerticalLines = () => [];

/** Width of a bar chart of `layers` layers: PX_PER_LAYER each plus the axis and margins. */
function chartWidth(layers: number): number {
  return Math.max(480, layers * PX_PER_LAYER + 80);
}

export function SchemeChoiceChart({ layers, target, onTargetChange, selectedLayer, onSelectLayer, bits, height = 280, labelOf }: SchemeChoiceChartProps) {
  const [ownTarget, setOwnTarget] = useState(target);
  const [lastTargetProp, setLastTargetProp] = useState(target);
  if (target !== lastTargetProp) {
    // The parent changed the target: follow it (React's "adjust state on prop change" pattern).
    setLastTargetProp(target);
    setOwnTarget(target);
  }
  const [ownSelected, setOwnSelected] = useState<number | null>(null);
  const selected = selectedLayer !== undefined ? selectedLayer : ownSelected;
  const pickerId = useId();

  const rows = useMemo(() => schemeRows(layers, ownTarget, bits, labelOf), [layers, ownTarget, bits, labelOf]);
  const cap = sqnrCap(allRowValues(rows));
  const data = useMemo(() => barData(rows, cap), [rows, cap]);
  const yAxis = sqnrAxis(data.flatMap((d) => COMPARED_SCHEMES.map((s) => d[s])), cap);
  const hasData = rows.some((r) => r.pick !== null);
  // Only the layers in view are drawn (visibleSlice.ts), at their place over a full-width spacer.
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const { first, end } = useVisibleSlice(scroller, data.length, PX_PER_LAYER);
  const shown = useMemo(() => data.slice(first, end), [data, first, end]);
  // The tooltip mounts on the first pointer or focus over the chart: mounted with the chart, it
  // measured itself (getBoundingClientRect, a forced layout) inside the chart's first commit.
  const [tipOn, setTipOn] = useState(false);
  const wantTip = () => setTipOn(true);

  const select = (i: number) => {
    if (selectedLayer === undefined) setOwnSelected(i);
    onSelectLayer?.(i);
  };
  const setTarget = (t: SchemeTarget) => {
    setOwnTarget(t);
    onTargetChange?.(t);
  };
  const onChartClick = (e: MouseHandlerDataParam) => {
    const i = first + (typeof e.activeTooltipIndex === 'number' ? e.activeTooltipIndex : Number(e.activeTooltipIndex));
    if (Number.isInteger(i) && i >= 0 && i < rows.length) select(i);
  };

  const selectedLayerConfig = selected !== null && selected >= 0 && selected < layers.length ? layers[selected] : null;

  return (
    <section className="scheme" data-testid="scheme.chart" aria-labelledby="scheme-heading">
      <div className="scheme-toolbar">
        <h2 className="scheme-title" id="scheme-heading">SQNR per layer: fixed-point vs log</h2>
        <span className="scheme-toggle" role="radiogroup" aria-label="Quantized tensor">
          {(['weights', 'activations'] as const).map((t) => (
            <button key={t} type="button" role="radio" aria-checked={ownTarget === t} data-testid={`scheme.target.${t}`}
              className={ownTarget === t ? 'is-on' : undefined} onClick={() => setTarget(t)}>
              {t}
            </button>
          ))}
        </span>
        {layers.length > 0 && (
          <label className="scheme-picker" htmlFor={pickerId}>
            Layer curves{' '}
            <select id={pickerId} data-testid="scheme.layer" value={selected ?? ''} onChange={(e) => e.target.value !== '' && select(Number(e.target.value))}>
              <option value="">— choose —</option>
              {layers.map((l, i) => <option key={i} value={i}>{labelOf ? labelOf(l.name) : l.name}</option>)}
            </select>
          </label>
        )}
      </div>
      {!hasData ? (
        <p className="scheme-empty" data-testid="scheme.empty">
          {layers.length === 0
            ? 'No layers yet. Load a model and run the analysis to compare fixed-point and log quantization per layer.'
            : ownTarget === 'activations'
              ? 'No activation SQNR yet: it is measured on calibration data (run the analysis with data).'
              : 'No weight SQNR sweep yet: run the analysis.'}
        </p>
      ) : (
        <>
          <div className="scheme-scroll" ref={setScroller} onPointerEnter={wantTip} onFocus={wantTip}>
            <div className="scheme-spacer" style={{ width: chartWidth(rows.length), height }}>
            <div className="scheme-slice" style={{ left: first * PX_PER_LAYER }}>
            <BarChart
              width={chartWidth(shown.length)} height={height} data={shown}
              margin={{ top: 18, right: 16, bottom: 8, left: 4 }} barCategoryGap="18%" onClick={onChartClick}
            >
              <CartesianGrid stroke="#eee" vertical={false} verticalCoordinatesGenerator={noVerticalLines} />
              <XAxis dataKey="name" interval={0} height={58} tick={(p: XAxisTickContentProps) => <LayerTick {...p} data={shown} selected={selected} />} />
              <YAxis domain={yAxis.domain} ticks={yAxis.ticks} interval={0} allowDataOverflow fontSize={11} width={56}
                label={{ value: 'SQNR (dB)', angle: -90, position: 'insideLeft', offset: 12, fill: '#555', fontSize: 12 }} />
              <ReferenceLine y={0} stroke="#999" />
              {tipOn && <Tooltip content={(p: TooltipContentProps) => <BarTooltip {...p} target={ownTarget} />} isAnimationActive={false} cursor={{ fill: 'rgba(0,0,0,0.05)' }} />}
              {COMPARED_SCHEMES.map((s) => (
                <Bar key={s} dataKey={s} name={SCHEME_LABELS[s]} fill={SCHEME_COLORS[s]} isAnimationActive={false} cursor="pointer"
                  shape={(p: BarShapeProps) => <BarRect {...p} scheme={s} />}>
                  <LabelList dataKey={s} content={(p: BarLabelProps) => <BarValueLabel {...p} data={shown} scheme={s} />} />
                </Bar>
              ))}
            </BarChart>
            </div>
            </div>
          </div>
          <ul className="scheme-legend" aria-label="Legend">
            {COMPARED_SCHEMES.map((s) => (
              <li key={s}><span className="scheme-swatch" style={{ background: SCHEME_COLORS[s] }} aria-hidden="true" />{SCHEME_LABELS[s]}</li>
            ))}
            <li><span className="scheme-swatch is-chosen" aria-hidden="true" />outlined = configured scheme</li>
            <li>∞ = lossless · n/a = all-zero signal</li>
          </ul>
          <p className="scheme-caption">
            Bars compare schemes at each layer’s current bit-width{bits !== undefined ? ` (here all at ${bits} bits)` : ''}.
            MXQN quantizes {ownTarget === 'activations' ? 'each layer’s activations with whichever scheme has the higher SQNR' : 'weights in fixed point; the label names the scheme with the higher SQNR'}.
            Click a layer (or use the picker) to see its SQNR against bits.
          </p>
          <div className="scheme-sr-wrap">
          <table className="scheme-sr-only" aria-label="SQNR per layer and scheme">
            <thead><tr><th>layer</th><th>bits</th>{COMPARED_SCHEMES.map((s) => <th key={s}>{SCHEME_LABELS[s]}</th>)}<th>configured</th><th>MXQN rule</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.index}>
                  <th>{r.name}</th><td>{r.bits}</td>
                  {COMPARED_SCHEMES.map((s) => <td key={s}>{s in r.sqnr ? formatSqnr(r.sqnr[s]) : 'not swept'}</td>)}
                  <td>{r.chosen}</td><td>{r.pickLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      )}
      {selectedLayerConfig && <SchemeCurves layer={selectedLayerConfig} />}
    </section>
  );
}

function LayerTick({ x, y, payload, index, data, selected }: XAxisTickContentProps & { data: BarDatum[]; selected: number | null }) {
  const i = payload?.index ?? index ?? -1;
  const row = data[i]?.row;
  if (!row) return <g />;
  // What fits under a group of bars (≈ 6.5 px a character), cut in the middle; the full name is the hover title.
  const name = middleEllipsis(row.label, Math.floor(PX_PER_LAYER / 6.5));
  const family = row.pick ? schemeFamily(row.pick) : null;
  return (
    <g transform={`translate(${Number(x) || 0},${Number(y) || 0})`}>
      <title>{`${row.name} at ${row.bits} bits${row.bitsNote ? ` (${row.bitsNote})` : ''}: ${row.pick ? `${row.pickLabel} (${SCHEME_LABELS[row.pick]} has the higher SQNR)` : 'no SQNR sweep'}`}</title>
      <text dy={12} textAnchor="middle" fontSize={11} fontWeight={selected === row.index ? 700 : 400} fill="#222">{name}</text>
      <text dy={25} textAnchor="middle" fontSize={10} fill="#666">{row.bits} b{row.bitsNote ? '*' : ''}</text>
      {family ? (
        <>
          <text dy={38} textAnchor="middle" fontSize={10} fill="#666">{row.pickLabel.replace(/ (log|fixed)$/, '')}</text>
          <text dy={50} textAnchor="middle" fontSize={10} fontWeight={700} fill={family === 'log' ? '#a34400' : SCHEME_COLORS.fixed}>{family}</text>
        </>
      ) : (
        <text dy={38} textAnchor="middle" fontSize={10} fill="#999">{row.pickLabel}</text>
      )}
    </g>
  );
}

/**
 * One bar as a plain <rect>, the configured scheme outlined. Recharts' own Rectangle measures
 * its path length in an effect and sets state, per bar, on every mount: a second render of
 * every bar inside the chart's commit.
 */
function BarRect({ x, y, width, height, fill, payload, scheme }: BarShapeProps & { scheme: ComparedScheme }) {
  const row = (payload as BarDatum | undefined)?.row;
  const chosen = row?.chosen === scheme;
  const w = Number(width) || 0;
  const h = Number(height) || 0;
  return (
    <rect className="scheme-bar" x={(Number(x) || 0) + Math.min(0, w)} y={(Number(y) || 0) + Math.min(0, h)} width={Math.abs(w)} height={Math.abs(h)}
      fill={fill} fillOpacity={chosen || row?.chosen === 'float' ? 1 : 0.75}
      stroke={chosen ? '#000' : 'none'} strokeWidth={chosen ? 2.5 : 0} />
  );
}

interface BarLabelProps {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  height?: number | string;
  index?: number;
}

/** "∞" above lossless bars and "n/a" where a value is undefined; other values are in the tooltip. */
function BarValueLabel({ x, y, width, index, data, scheme }: BarLabelProps & { data: BarDatum[]; scheme: ComparedScheme }) {
  const row = index !== undefined ? data[index]?.row : undefined;
  if (!row || !(scheme in row.sqnr)) return null;
  const v = row.sqnr[scheme];
  const text = v === null ? 'n/a' : v === Infinity ? '∞' : null;
  if (!text) return null;
  const cx = Number(x ?? 0) + Number(width ?? 0) / 2;
  const cy = Number.isFinite(Number(y)) ? Number(y) - 4 : 0;
  return <text x={cx} y={cy} textAnchor="middle" fontSize={10} fill="#333">{text}</text>;
}

function BarTooltip({ active, payload, target }: TooltipContentProps & { target: SchemeTarget }) {
  const d = payload?.[0]?.payload as BarDatum | undefined;
  if (!active || !d) return null;
  const r = d.row;
  return (
    <div className="scheme-tooltip">
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
