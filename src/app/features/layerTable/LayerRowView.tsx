/**
 * One quantizable layer: facts, SQNR sparkline, and its editable bits and scheme. The row is
 * the table's one Tab stop when it is the active row; its two controls are reached with
 * → / Enter and left with Esc or ← (src/app/features/layerTable/tableKeys.ts), never by Tab.
 */
import { memo } from 'react';
import type { WeightScheme } from '../../../quant/types';
import { MAX_BITS, MIN_BITS, WEIGHT_SCHEMES } from '../../../quant/types';
import { compact, db, shape } from '../../components/format';
import { NumberField } from '../../components/NumberField';
import { Sparkline } from '../../components/Sparkline';
import { dispatch, editLayer, selectLayer } from '../../store';
import type { LayerRow } from './rows';
import { controlKeys } from './tableKeys';

interface Props {
  row: LayerRow;
  /** The short display name (src/app/components/displayName.ts); the full name is the hover title. */
  label: string;
  selected: boolean;
  focusable: boolean;
  /** Where the row is in the sorted table (0 = first body row). */
  place: number;
}

export const BITS_RULE = { min: MIN_BITS, max: MAX_BITS, step: 1, unit: 'bits' };

function stop(e: React.SyntheticEvent) {
  e.stopPropagation();
}

/** Rows are rebuilt on every config change; a row whose layer, config and place are the same objects is not re-rendered. */
function sameRow(a: Props, b: Props): boolean {
  return a.label === b.label && a.selected === b.selected && a.focusable === b.focusable &&
    a.place === b.place && a.row.index === b.row.index && a.row.layer === b.row.layer && a.row.config === b.row.config;
}

export const LayerRowView = memo(function LayerRowView({ row, label, selected, focusable, place }: Props) {
  const { layer, config } = row;
  const bits = config?.weights.bits;
  const perFilter = Array.isArray(bits);
  return (
    <tr data-testid="layers.row" data-layer={layer.name} aria-selected={selected} tabIndex={focusable ? 0 : -1}
      aria-label={`${label}, ${layer.kind}`} aria-rowindex={place + 2}
      className={selected ? 'layer-row selected' : 'layer-row'} onClick={() => dispatch(selectLayer, layer.name)}>
      <td className="num muted c-index">{row.index + 1}</td>
      <td className="name c-name" title={layer.name} data-testid="layers.name">{label}</td>
      <td className="c-kind">{layer.kind}</td>
      <td className="mono c-shape">{shape(layer.weightShape)}</td>
      <td className="num c-params">{compact(layer.params)}</td>
      <td className="num c-macs">{compact(layer.macs)}</td>
      <td className="c-spark"><Sparkline sweep={config?.sweep} highlight={config?.weights.scheme} /></td>
      <td className="num c-bits">
        {config && (perFilter ? (
          <span title="per-filter bit-widths">{`${Math.min(...(bits as number[]))}–${Math.max(...(bits as number[]))}`}</span>
        ) : (
          <NumberField className="bits-input" testId="layers.bits" value={bits as number} rule={BITS_RULE} showUnit={false}
            ariaLabel={`${layer.name} weight bits (2–8)`} tabIndex={-1} onKeyDown={controlKeys}
            onValid={(v) => dispatch(editLayer, { name: layer.name, bits: v })} />
        ))}
      </td>
      <td className="c-scheme">
        {config && (
          <select data-testid="layers.scheme" value={config.weights.scheme} aria-label={`${layer.name} weight scheme`}
            tabIndex={-1} onClick={stop} onKeyDown={controlKeys}
            onChange={(e) => dispatch(editLayer, { name: layer.name, scheme: e.target.value as WeightScheme })}>
            {WEIGHT_SCHEMES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        )}
      </td>
      <td className="num c-sqnr" data-testid="layers.sqnr">{db(config?.sqnr?.weightsDb)}</td>
    </tr>
  );
}, sameRow);
