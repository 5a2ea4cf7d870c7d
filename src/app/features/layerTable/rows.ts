/** Table rows: the model's layers joined with the current config, sorted by a column. */
import type { LayerSummary } from '../../bridge';
import type { LayerConfig } from '../../../quant/types';
import { averageBits } from '../../../quant/cost';
import { readSqnr } from '../../../quant/sqnr';
import type { SortKey } from '../../store';

export interface LayerRow {
  index: number;
  layer: LayerSummary;
  config: LayerConfig | undefined;
}

export function joinRows(layers: LayerSummary[], configLayers: LayerConfig[] | undefined): LayerRow[] {
  const byName = new Map((configLayers ?? []).map((l) => [l.name, l]));
  return layers.map((layer, index) => ({ index, layer, config: byName.get(layer.name) }));
}

const VALUE: Record<SortKey, (r: LayerRow) => number | string> = {
  index: (r) => r.index,
  name: (r) => r.layer.name,
  kind: (r) => r.layer.kind,
  params: (r) => r.layer.params,
  macs: (r) => r.layer.macs,
  bits: (r) => (r.config ? averageBits(r.config.weights.bits) : -1),
  scheme: (r) => r.config?.weights.scheme ?? '',
  // n/a sorts below every value.
  sqnr: (r) => readSqnr(r.config?.sqnr?.weightsDb) ?? -Infinity,
};

/** Stable sort by one column; ties keep model order. */
export function sortRows(rows: LayerRow[], key: SortKey, dir: 1 | -1): LayerRow[] {
  const value = VALUE[key];
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c = typeof va === 'string' ? va.localeCompare(String(vb)) : (va as number) - (vb as number);
    return c !== 0 && !Number.isNaN(c) ? c * dir : a.index - b.index;
  });
}
