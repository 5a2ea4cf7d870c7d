/** The selected layer: facts, its SQNR table (scheme × bits), and its settings. */
import type { WeightScheme } from '../../../quant/types';
import { MAX_BITS, MIN_BITS, SWEEP_BITS, WEIGHT_SCHEMES } from '../../../quant/types';
import { compact, db, shape } from '../../components/format';
import { NumberField } from '../../components/NumberField';
import { SCHEME_COLORS } from '../../components/Sparkline';
import { averageBits } from '../../../quant/cost';
import { dispatch, editLayer, selectLayer, useStudio } from '../../store';

export function LayerDetail() {
  const name = useStudio((s) => s.selectedLayer);
  const layer = useStudio((s) => s.model?.layers.find((l) => l.name === s.selectedLayer));
  const config = useStudio((s) => s.config?.layers.find((l) => l.name === s.selectedLayer));
  if (!name || !layer) {
    return (
      <section className="panel detail empty" data-testid="layer.detail" aria-labelledby="detail-heading">
        <h2 id="detail-heading" className="panel-title">Layer detail</h2>
        <p>Select a layer to see its SQNR per scheme and bit-width.</p>
      </section>
    );
  }
  const bits = config?.weights.bits;
  const uniformBits = typeof bits === 'number' ? bits : null;
  return (
    <section className="panel detail" data-testid="layer.detail" aria-labelledby="detail-heading">
      <div className="detail-head">
        <h2 id="detail-heading" data-testid="layer.fullName" title={name}>{name}</h2>
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
          <NumberField label="Bits" testId="layer.bits" value={uniformBits ?? Math.round(averageBits(bits ?? 8))}
            rule={{ min: MIN_BITS, max: MAX_BITS, step: 1, unit: 'bits' }} onValid={(v) => dispatch(editLayer, { name, bits: v })} />
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
        <table className="sweep" aria-label="Weight SQNR by scheme and bits (arrow keys move, Enter uses a cell)" onKeyDown={gridKeys}>
          <thead><tr><th>scheme</th>{SWEEP_BITS.map((b) => <th key={b} className="num">{b}b</th>)}</tr></thead>
          <tbody>
            {WEIGHT_SCHEMES.filter((s) => config.sweep?.weights[s]).map((s, row, shown) => (
              <tr key={s} className={s === config.weights.scheme ? 'current' : undefined}>
                <th><span className="swatch" style={{ background: SCHEME_COLORS[s] }} />{s}</th>
                {SWEEP_BITS.map((b, col) => (
                  <td key={b} className={`num${s === config.weights.scheme && b === uniformBits ? ' chosen' : ''}`}>
                    <button type="button" className="cell" title={`use ${s} at ${b} bits`} data-row={row} data-col={col}
                      tabIndex={isTabStop(shown, s, b, config.weights.scheme, uniformBits, row, col) ? 0 : -1}
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

/** The sweep table's one Tab stop: the chosen cell, else the first. */
function isTabStop(shown: WeightScheme[], s: WeightScheme, b: number, scheme: WeightScheme, bits: number | null,
  row: number, col: number): boolean {
  const chosenShown = bits !== null && shown.includes(scheme) && SWEEP_BITS.includes(bits as (typeof SWEEP_BITS)[number]);
  return chosenShown ? s === scheme && b === bits : row === 0 && col === 0;
}

/** Arrow keys, Home and End move between the sweep table's cells (a roving tabindex). */
function gridKeys(e: React.KeyboardEvent<HTMLTableElement>): void {
  const cell = (e.target as HTMLElement).closest<HTMLElement>('button.cell');
  if (!cell) return;
  const row = Number(cell.dataset.row);
  const col = Number(cell.dataset.col);
  const to = {
    ArrowRight: [row, col + 1], ArrowLeft: [row, col - 1], ArrowDown: [row + 1, col], ArrowUp: [row - 1, col],
    Home: [row, 0], End: [row, SWEEP_BITS.length - 1],
  }[e.key];
  if (!to) return;
  const next = e.currentTarget.querySelector<HTMLElement>(`button.cell[data-row="${to[0]}"][data-col="${to[1]}"]`);
  if (!next) return;
  e.preventDefault();
  cell.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}
