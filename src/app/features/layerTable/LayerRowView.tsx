/** One quantizable layer: facts, SQNR sparkline, and its editable bits and scheme. */
import { memo } from 'react';
import type { WeightScheme } from '../../../quant/types';
import { MAX_BITS, MIN_BITS, WEIGHT_SCHEMES } from '../../../quant/types';
import { compact, db, shape } from '../../components/format';
import { Sparkline } from '../../components/Sparkline';
import { dispatch, editLayer, selectLayer } from '../../store';
import type { LayerRow } from './rows';

interface Props {
  row: LayerRow;
  selected: boolean;
  focusable: boolean;
}

function stop(e: React.SyntheticEvent) {
  e.stopPropagation();
}

export const LayerRowView = memo(function LayerRowView({ row, selected, focusable }: Props) {
  const { layer, config } = row;
  const bits = config?.weights.bits;
  const perFilter = Array.isArray(bits);
  return (
    <tr data-testid="layers.row" data-layer={layer.name} aria-selected={selected} tabIndex={focusable ? 0 : -1}
      className={selected ? 'selected' : undefined} onClick={() => dispatch(selectLayer, layer.name)}
      onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); dispatch(selectLayer, layer.name); } }}>
      <td className="num muted">{row.index + 1}</td>
      <td className="name" title={layer.name}>{layer.name}</td>
      <td>{layer.kind}</td>
      <td className="mono">{shape(layer.weightShape)}</td>
      <td className="num">{compact(layer.params)}</td>
      <td className="num">{compact(layer.macs)}</td>
      <td><Sparkline sweep={config?.sweep} highlight={config?.weights.scheme} /></td>
      <td className="num">
        {config && (perFilter ? (
          <span title="per-filter bit-widths">{`${Math.min(...(bits as number[]))}–${Math.max(...(bits as number[]))}`}</span>
        ) : (
          <input type="number" className="bits-input" data-testid="layers.bits" min={MIN_BITS} max={MAX_BITS} step={1}
            value={bits as number} aria-label={`${layer.name} weight bits`} onClick={stop} onKeyDown={stop}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isFinite(v) && v >= MIN_BITS && v <= MAX_BITS) dispatch(editLayer, { name: layer.name, bits: v });
            }} />
        ))}
      </td>
      <td>
        {config && (
          <select data-testid="layers.scheme" value={config.weights.scheme} aria-label={`${layer.name} weight scheme`}
            onClick={stop} onKeyDown={stop}
            onChange={(e) => dispatch(editLayer, { name: layer.name, scheme: e.target.value as WeightScheme })}>
            {WEIGHT_SCHEMES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        )}
      </td>
      <td className="num" data-testid="layers.sqnr">{db(config?.sqnr?.weightsDb)}</td>
    </tr>
  );
});
