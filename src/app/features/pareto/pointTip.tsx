/**
 * The Pareto chart's point tooltip, drawn outside recharts. Recharts' own <Tooltip> measured
 * itself (getBoundingClientRect, a forced layout of the page) in every commit that redrew the
 * chart, such as the one adding an evaluated point; mounting it on demand instead made
 * recharts rebuild its layers, replacing the point under a click. Here a point reports the
 * pointer or the focus to a tiny store and only the tooltip re-renders.
 */
import { useSyncExternalStore } from 'react';
import { formatBitops, formatKB, formatPercent, methodLabel, metricOf } from './paretoData';
import type { ParetoMetric, PlotPoint } from './paretoData';

export interface Tip {
  entry: PlotPoint;
  /** The point's centre in the plot's SVG, px. */
  x: number;
  y: number;
  /** Draw the tooltip left of the point (it sits in the right half of the plot). */
  flip: boolean;
}

export interface TipStore {
  get: () => Tip | null;
  set: (tip: Tip | null) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createTipStore(): TipStore {
  let tip: Tip | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => tip,
    set: (t) => {
      if (t === tip || (t && tip && t.entry === tip.entry && t.x === tip.x && t.y === tip.y)) return;
      tip = t;
      for (const l of listeners) l();
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export function PointTip({ store, metric, titles }: { store: TipStore; metric: ParetoMetric; titles?: Readonly<Record<string, string>> }) {
  const tip = useSyncExternalStore(store.subscribe, store.get);
  if (!tip) return null;
  const p = tip.entry.point;
  const stack = tip.entry.stack ?? [];
  const style = tip.flip
    ? { right: `calc(100% - ${tip.x - 14}px)`, top: Math.max(0, tip.y - 12) }
    : { left: tip.x + 14, top: Math.max(0, tip.y - 12) };
  return (
    <div className="pareto-tooltip" role="status" style={style} data-testid="pareto.tooltip">
      <strong>{p.label ?? methodLabel(p.method, titles)}</strong>
      {stack.length > 1 && (
        <div data-testid="pareto.stack">{stack.length} configurations at this spot: {stack.map((q) =>
          `${methodLabel(q.method, titles)} ${q.averageWeightBits !== undefined ? `${q.averageWeightBits.toFixed(2)} bits` : ''}`.trim()).join('; ')}</div>
      )}
      <div>Size: {formatKB(p.sizeBytes)}</div>
      <div>BitOPs: {formatBitops(p.bitops)}</div>
      <div>{metric === 'accuracy' ? 'Accuracy' : 'Agreement'}: {formatPercent(metricOf(p, metric))}</div>
      {metric === 'accuracy' && p.agreement !== undefined && <div>Agreement: {formatPercent(p.agreement)}</div>}
      {p.averageWeightBits !== undefined && Number.isFinite(p.averageWeightBits) && <div>Average weight bits: {p.averageWeightBits.toFixed(2)}</div>}
    </div>
  );
}
