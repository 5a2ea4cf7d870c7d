/**
 * Teaching panel: what each quantization scheme does to one layer's values (histogram +
 * levels + SQNR), and a plain-language note on every method the studio implements.
 * Presentational: it quantizes the values handed to it with the pure src/quant quantizers
 * (main thread, memoised on values × bits).
 */
import { useId, useMemo, useState } from 'react';
import type { WeightScheme } from '../../../quant/types';
import { MAX_BITS, MIN_BITS } from '../../../quant/types';
import { SCHEME_COLORS } from '../schemeChoice/schemeData';
import { formatSqnr } from '../schemeChoice/sqnr';
import { LevelHistogram } from './LevelHistogram';
import type { HistogramView } from './LevelHistogram';
import { schemeLevels } from './levels';
import type { SchemeLevels } from './levels';
import { METHOD_NOTES, SCHEME_NOTES } from './methodNotes';
import { claimVerdictLine } from './claimVerdicts';
import './teaching.css';

export interface TeachingPanelProps {
  /** The selected layer's weights or activations (null/empty → empty state). */
  values: Float32Array | null;
  /** What the values are, for labels: e.g. "weights" or "activations". */
  kind: string;
  layerName?: string;
  /** Bit-width the levels are drawn at (the layer's current bits); the panel's own control can change it. */
  bits: number;
  onBitsChange?: (bits: number) => void;
  /** Schemes offered (default: all six); `initialSchemes` are switched on at first (default fixed, log2, log2-sqrt2). */
  schemes?: readonly WeightScheme[];
  initialSchemes?: readonly WeightScheme[];
  /** The layer's configured scheme, marked in the SQNR list. */
  chosenScheme?: string;
  /** Force signed/unsigned codes (default: unsigned when every value ≥ 0, as after ReLU). */
  signed?: boolean;
}

const ALL: readonly WeightScheme[] = ['fixed', 'fixed-clip', 'dfp', 'log2', 'log2-sqrt2', 'nlq'];
const DEFAULT_ON: readonly WeightScheme[] = ['fixed', 'log2', 'log2-sqrt2'];

type Result = SchemeLevels | { scheme: WeightScheme; error: string };

export function TeachingPanel(props: TeachingPanelProps) {
  const { values, kind, layerName, onBitsChange, schemes = ALL, chosenScheme, signed } = props;
  const [bits, setBits] = useState(props.bits);
  const [lastBitsProp, setLastBitsProp] = useState(props.bits);
  if (props.bits !== lastBitsProp) {
    setLastBitsProp(props.bits);
    setBits(props.bits);
  }
  const [on, setOn] = useState<ReadonlySet<WeightScheme>>(() => new Set(props.initialSchemes ?? DEFAULT_ON));
  const [view, setView] = useState<HistogramView>('linear');
  const ids = useId();
  const hasValues = values !== null && values.length > 0;

  const results = useMemo<Result[]>(() => {
    if (!values || values.length === 0) return [];
    return schemes.map((s) => {
      try {
        return schemeLevels(values, s, bits, signed === undefined ? undefined : { signed });
      } catch (e) {
        return { scheme: s, error: e instanceof Error ? e.message : String(e) };
      }
    });
  }, [values, schemes, bits, signed]);
  const shown = results.filter((r): r is SchemeLevels => 'levels' in r && on.has(r.scheme));

  const changeBits = (b: number) => {
    if (!Number.isInteger(b) || b < MIN_BITS || b > MAX_BITS) return;
    setBits(b);
    onBitsChange?.(b);
  };
  const toggle = (s: WeightScheme) => setOn((prev) => {
    const next = new Set(prev);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    return next;
  });

  return (
    <section className="teach" data-testid="teach.panel" aria-label="How the quantization schemes work">
      <h2 className="teach-title">{layerName ? `${layerName}: ` : ''}{kind} and their quantization levels</h2>
      {!hasValues ? (
        <p className="teach-empty" data-testid="teach.empty">Select a layer to see the histogram of its {kind} and where each scheme puts its levels.</p>
      ) : (
        <>
          <div className="teach-controls">
            <label htmlFor={`${ids}-bits`}>Bits <input id={`${ids}-bits`} data-testid="teach.bits" type="range" min={MIN_BITS} max={MAX_BITS} step={1}
              value={bits} onChange={(e) => changeBits(Number(e.target.value))} /> <output htmlFor={`${ids}-bits`}>{bits}</output></label>
            <label htmlFor={`${ids}-view`}>x axis <select id={`${ids}-view`} data-testid="teach.view" value={view} onChange={(e) => setView(e.target.value as HistogramView)}>
              <option value="linear">value</option>
              <option value="log2">log2 |value|</option>
            </select></label>
            <fieldset className="teach-schemes">
              <legend>Levels shown</legend>
              {schemes.map((s) => (
                <label key={s} className="teach-scheme-toggle">
                  <input type="checkbox" data-testid={`teach.scheme.${s}`} checked={on.has(s)} onChange={() => toggle(s)} />
                  <span className="teach-swatch" style={{ background: SCHEME_COLORS[s] }} aria-hidden="true" />{s}
                </label>
              ))}
            </fieldset>
          </div>
          <LevelHistogram values={values} levels={shown} view={view} kind={kind} />
          <table className="teach-sqnr" data-testid="teach.sqnr" aria-label={`SQNR per scheme at ${bits} bits`}>
            <thead><tr><th>scheme at {bits} bits</th><th className="num">levels</th><th className="num">SQNR</th><th>formula</th></tr></thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.scheme} className={on.has(r.scheme) ? undefined : 'is-off'}>
                  <th>
                    <span className="teach-swatch" style={{ background: SCHEME_COLORS[r.scheme] }} aria-hidden="true" />
                    {SCHEME_NOTES[r.scheme].name}{r.scheme === chosenScheme ? ' (configured)' : ''}
                  </th>
                  <td className="num">{'levels' in r ? r.levels.length : '—'}</td>
                  <td className="num">{'levels' in r ? formatSqnr(r.sqnrDb) : 'error'}</td>
                  <td><code className="teach-formula" title={'error' in r ? r.error : SCHEME_NOTES[r.scheme].summary}>{SCHEME_NOTES[r.scheme].formula}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="teach-note">SQNR = 10 · log10(Σx² / Σ(x − q)²): about +6 dB per extra bit for fixed-point. “lossless” = no error; “n/a” = all-zero values.</p>
        </>
      )}
      <div className="teach-methods" data-testid="teach.methods">
        <h3>The methods</h3>
        {METHOD_NOTES.map((m) => (
          <article key={m.key} className="teach-method" data-testid={`teach.method.${m.key}`}>
            <h4>{m.name}{m.reconstruction && <span className="teach-badge" title="The paper's full text is not public: the studio implements its own reconstruction of the abstract.">reconstruction</span>}</h4>
            <code className="teach-formula">{m.formula}</code>
            <p>{m.paragraph} <span className="teach-source">Source: {m.source}.</span></p>
            {claimVerdictLine(m.key) && (
              <p className="teach-verdict" data-testid={`teach.verdict.${m.key}`}>
                The seed&apos;s claim on the demos, re-run against a fair baseline with paired tests: {claimVerdictLine(m.key)} (docs/results.md).
              </p>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}
