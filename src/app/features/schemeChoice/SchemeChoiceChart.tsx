/**
 * Per layer, SQNR of fixed-point against log2 and log √2 at the layer's bit-width, as
 * grouped bars (SchemeBars); the configured scheme is outlined and MXQN's pick is named under each
 * layer. Selecting a layer shows its SQNR-vs-bits curves (SchemeCurves) below.
 */
import { useId, useMemo, useState } from 'react';
import type { LayerConfig } from '../../../quant/types';
import { SchemeBars } from './SchemeBars';
import { SchemeCurves } from './SchemeCurves';
import { COMPARED_SCHEMES, SCHEME_COLORS, SCHEME_LABELS, allRowValues, barData, schemeRows } from './schemeData';
import type { SchemeTarget } from './schemeData';
import { formatSqnr, sqnrAxis, sqnrCap } from './sqnr';
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
  const select = (i: number) => {
    if (selectedLayer === undefined) setOwnSelected(i);
    onSelectLayer?.(i);
  };
  const setTarget = (t: SchemeTarget) => {
    setOwnTarget(t);
    onTargetChange?.(t);
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
          <SchemeBars data={data} domain={yAxis.domain} ticks={yAxis.ticks} height={height} target={ownTarget} selected={selected} onSelect={select} />
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
