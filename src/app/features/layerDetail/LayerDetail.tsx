/** The selected layer: facts, its SQNR table (scheme × bits), and its settings. */
import type { WeightScheme } from '../../../quant/types';
import { MAX_BITS, MIN_BITS, SWEEP_BITS, WEIGHT_SCHEMES } from '../../../quant/types';
import { compact, db, shape } from '../../components/format';
import { SCHEME_COLORS } from '../../components/Sparkline';
import { averageBits } from '../../../quant/cost';
import { dispatch, editLayer, selectLayer, useStudio } from '../../store';

export function LayerDetail() {
  const name = useStudio((s) => s.selectedLayer);
  const layer = useStudio((s) => s.model?.layers.find((l) => l.name === s.selectedLayer));
  const config = useStudio((s) => s.config?.layers.find((l) => l.name === s.selectedLayer));
  if (!name || !layer) {
    return <div className="panel detail empty" data-testid="layer.detail">Select a layer to see its SQNR per scheme and bit-width.</div>;
  }
  const bits = config?.weights.bits;
  const uniformBits = typeof bits === 'number' ? bits : null;
  return (
    <section className="panel detail" data-testid="layer.detail" aria-label={`Layer ${name}`}>
      <div className="detail-head">
        <h2>{name}</h2>
        <button type="button" className="link" onClick={() => dispatch(selectLayer, null)} aria-label="Close layer detail">×</button>
      </div>
      <dl className="facts">
        <dt>Kind</dt><dd>{layer.kind}</dd>
        <dt>Weights</dt><dd className="mono">{shape(layer.weightShape)}</dd>
        <dt>Filters</dt><dd>{layer.filters}</dd>
        <dt>Params</dt><dd>{compact(layer.params)}</dd>
        <dt>MACs</dt><dd>{compact(layer.macs)}</dd>
        {config && <><dt>Activations</dt><dd>{config.activations.scheme}{config.activations.bits ? ` ${config.activations.bits}-bit` : ''}</dd></>}
      </dl>
      {config && (
        <div className="detail-edit">
          <label>Bits{' '}
            <input type="number" min={MIN_BITS} max={MAX_BITS} data-testid="layer.bits" value={uniformBits ?? Math.round(averageBits(bits ?? 8))}
              onChange={(e) => { const v = Number(e.target.value); if (v >= MIN_BITS && v <= MAX_BITS) dispatch(editLayer, { name, bits: v }); }} />
          </label>
          {uniformBits === null && <span className="muted"> (per filter; setting a value makes it uniform)</span>}
          <label>Scheme{' '}
            <select data-testid="layer.scheme" value={config.weights.scheme}
              onChange={(e) => dispatch(editLayer, { name, scheme: e.target.value as WeightScheme })}>
              {WEIGHT_SCHEMES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <span>SQNR <strong>{db(config.sqnr?.weightsDb)}</strong></span>
        </div>
      )}
      {config?.sweep && (
        <table className="sweep" aria-label="Weight SQNR by scheme and bits">
          <thead><tr><th>scheme</th>{SWEEP_BITS.map((b) => <th key={b} className="num">{b}b</th>)}</tr></thead>
          <tbody>
            {WEIGHT_SCHEMES.filter((s) => config.sweep?.weights[s]).map((s) => (
              <tr key={s} className={s === config.weights.scheme ? 'current' : undefined}>
                <th><span className="swatch" style={{ background: SCHEME_COLORS[s] }} />{s}</th>
                {SWEEP_BITS.map((b) => (
                  <td key={b} className={`num${s === config.weights.scheme && b === uniformBits ? ' chosen' : ''}`}>
                    <button type="button" className="cell" title={`use ${s} at ${b} bits`}
                      onClick={() => dispatch(editLayer, { name, scheme: s, bits: b })}>
                      {db(config.sweep?.weights[s]?.[String(b)]).replace(' dB', '')}
                    </button>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
