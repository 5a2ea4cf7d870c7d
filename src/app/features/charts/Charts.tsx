/**
 * Where the charts engineer's presentational components mount; this file only hands them
 * data from the store and turns their callbacks into actions.
 */
import { useMemo, useState } from 'react';
import type { LayerConfig } from '../../../quant/types';
import { configReady, dispatch, selectLayer, useStudio } from '../../store';
import { BitMap, type BitMapLayer } from '../bitMap';
import { ParetoChart, type ParetoPoint } from '../pareto';
import { SchemeChoiceChart, type SchemeTarget } from '../schemeChoice';
import { TeachingPanel } from '../teaching';
import { useLayerWeights } from './useLayerWeights';

function sqnrNumber(v: unknown): number | null {
  if (v === 'Infinity') return Infinity;
  return typeof v === 'number' ? v : null;
}

/** A config layer as a bit-map row: per-filter bits, importance and SQNR at its settings. */
export function bitMapRow(l: LayerConfig): BitMapLayer {
  const bits = typeof l.weights.bits === 'number' ? new Array<number>(l.filters).fill(l.weights.bits) : l.weights.bits;
  const uniform = typeof l.weights.bits === 'number' ? l.weights.bits : null;
  const perFilter = uniform !== null ? l.sweep?.weightsPerFilter?.[l.weights.scheme]?.[String(uniform)] : undefined;
  return { name: l.name, bits, importance: l.importance, sqnrDb: perFilter?.map(sqnrNumber) };
}

export function BitMapPanel() {
  const layers = useStudio((s) => s.config?.layers);
  const selected = useStudio((s) => s.selectedLayer);
  const rows = useMemo(() => (layers ?? []).map(bitMapRow), [layers]);
  if (!layers) return null;
  const index = layers.findIndex((l) => l.name === selected);
  return (
    <section className="panel chart" aria-label="Bits per filter">
      <BitMap layers={rows} selected={index >= 0 ? { layer: index } : undefined} maxHeight={280}
        onSelect={(i) => dispatch(selectLayer, layers[i]?.name ?? null)} />
    </section>
  );
}

export function ParetoPanel() {
  const points = useStudio((s) => s.points);
  const current = useStudio((s) => s.currentPoint);
  const config = useStudio((s) => s.config);
  const labeled = useStudio((s) => s.data?.labeled ?? true);
  const chartPoints = useMemo<ParetoPoint[]>(() => points.map((p) => ({
    id: p.id, method: p.method, sizeBytes: p.sizeBytes, bitops: p.bitops, accuracy: p.accuracy,
    agreement: p.agreement, averageWeightBits: p.averageWeightBits,
  })), [points]);
  if (!config) return null;
  const s = config.summary;
  const float = {
    sizeBytes: s.floatSizeBytes ?? config.layers.reduce((a, l) => a + l.params * 4, 0),
    bitops: s.floatBitops ?? config.layers.reduce((a, l) => a + l.macs * 32 * 32, 0),
    accuracy: null,
  };
  return (
    <section className="panel chart" aria-label="Accuracy against size">
      <ParetoChart points={chartPoints} float={float} currentId={current ?? undefined} height={260}
        metric={labeled ? 'accuracy' : 'agreement'}
        onApply={(p) => {
          const hit = points.find((q) => q.id === p.id);
          if (hit) dispatch(configReady, hit.config);
        }} />
    </section>
  );
}

export function SchemePanel() {
  const layers = useStudio((s) => s.config?.layers);
  const selected = useStudio((s) => s.selectedLayer);
  const [target, setTarget] = useState<SchemeTarget>('weights');
  if (!layers) return null;
  const index = layers.findIndex((l) => l.name === selected);
  return (
    <section className="panel chart" aria-label="Where log beats fixed-point">
      <SchemeChoiceChart layers={layers} target={target} onTargetChange={setTarget} height={220}
        selectedLayer={index >= 0 ? index : null} onSelectLayer={(i) => dispatch(selectLayer, layers[i]?.name ?? null)} />
    </section>
  );
}

export function TeachingSlot() {
  const modelHash = useStudio((s) => s.model?.hash);
  const name = useStudio((s) => s.selectedLayer);
  const layer = useStudio((s) => s.config?.layers.find((l) => l.name === s.selectedLayer));
  const values = useLayerWeights(modelHash, layer ? name : null);
  const bits = layer ? Math.round(typeof layer.weights.bits === 'number' ? layer.weights.bits
    : layer.weights.bits.reduce((a, b) => a + b, 0) / Math.max(1, layer.weights.bits.length)) : 4;
  return (
    <section className="panel chart" aria-label="What the schemes do">
      <TeachingPanel values={layer ? values : null} kind="weights" layerName={name ?? undefined} bits={bits}
        chosenScheme={layer?.weights.scheme} />
    </section>
  );
}
