/**
 * Where the charts' presentational components mount; this file only hands them
 * data from the store and turns their callbacks into actions.
 *
 * Every chart reads a deferred snapshot of the store and is a memoised element: when a new
 * config arrives the table updates at once, and the charts re-render afterwards, one at a
 * time (chartTurns.ts) in background passes React can interrupt, so no single main-thread
 * task grows long.
 */
import { startTransition, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { MAX_BITS, MIN_BITS } from '../../../quant/bits';
import { averageBits } from '../../../quant/cost';
import { readSqnr } from '../../../quant/sqnr';
import type { LayerConfig } from '../../../quant/types';
import { dispatch, editFilters, pointApplied, selectLayer, useStudio, useStudioShallow } from '../../store';
import { BitMap, type BitMapLayer, type CellRange } from '../bitMap';
import { ParetoChart, type ParetoPoint } from '../pareto';
import { SchemeChoiceChart, type SchemeTarget } from '../schemeChoice';
import { TeachingPanel } from '../teaching';
import { useDisplayNamesOf } from '../useDisplayNames';
import { requestTurn, turnDone } from './chartTurns';
import { useLayerWeights } from './useLayerWeights';

/** A config layer as a bit-map row: per-filter bits, importance and SQNR at its settings. */
function bitMapRow(l: LayerConfig): BitMapLayer {
  const bits = typeof l.weights.bits === 'number' ? new Array<number>(l.filters).fill(l.weights.bits) : l.weights.bits;
  const uniform = typeof l.weights.bits === 'number' ? l.weights.bits : null;
  const perFilter = uniform !== null ? l.sweep?.weightsPerFilter?.[l.weights.scheme]?.[String(uniform)] : undefined;
  return { name: l.name, bits, importance: l.importance, sqnrDb: perFilter?.map((v) => readSqnr(v)) };
}

/**
 * A value that follows `value` as a transition (time-sliced, interruptible), in the chart's
 * turn (chartTurns.ts): one chart commits at a time, a frame apart, so their commits (recharts
 * also measures its axes and tooltip synchronously in them) never add up to one long task.
 * `ordered` false: the value itself, at once.
 */
function useLagged<T>(value: T, ordered: boolean): T {
  const [lagged, setLagged] = useState(value);
  const [id] = useState(() => Symbol('chart'));
  useEffect(() => {
    if (!ordered || lagged === value) return;
    return requestTurn(id, () => startTransition(() => setLagged(value)));
  }, [value, lagged, ordered, id]);
  useEffect(() => turnDone(id), [lagged, id]);
  return ordered ? lagged : value;
}

/** The store fields the charts draw, deferred together, and lagged per chart. */
function useChartState(ordered = false) {
  return useLagged(useDeferredValue(useStudioShallow((s) => ({
    config: s.config,
    // The layers whose display names the chart shows: from the same snapshot, so a new model
    // does not re-render the charts (with the old config) in the commit that shows the table.
    modelLayers: s.model?.layers,
    points: s.points,
    current: s.currentPoint,
    selected: s.selectedLayer,
    labeled: s.data?.labeled ?? true,
    // The demo's float accuracy was measured on the same test digits the studio evaluates on.
    floatAccuracy: s.data?.source === 'demo' ? s.model?.metadata?.floatTestAccuracy ?? null : null,
  }))), ordered);
}

const selectByIndex = (layers: readonly LayerConfig[]) => (i: number) => dispatch(selectLayer, layers[i]?.name ?? null);

/** "conv2 filters 3–7" / "conv1…dense1, filters 0–5": the brushed group in words. */
function groupLabel(layers: readonly LayerConfig[], r: CellRange): string {
  const a = layers[r.layerStart]?.name ?? '?';
  const b = layers[r.layerEnd]?.name ?? '?';
  const f = r.filterStart === r.filterEnd ? `filter ${r.filterStart}` : `filters ${r.filterStart}–${r.filterEnd}`;
  return r.layerStart === r.layerEnd ? `${a} ${f}` : `${a}…${b}, ${f}`;
}

/** After a range is brushed on the map: set the bits of those filters (an undoable edit). */
function GroupBits({ layers, range, onDone }: { layers: readonly LayerConfig[]; range: CellRange; onDone: () => void }) {
  const first = layers[range.layerStart];
  const start = first ? (typeof first.weights.bits === 'number' ? first.weights.bits : first.weights.bits[range.filterStart] ?? 4) : 4;
  const [bits, setBits] = useState(start);
  const apply = () => {
    dispatch(editFilters, { ...range, bits });
    onDone();
  };
  return (
    <form className="bitmap-group" data-testid="bitmap.group" aria-label="Set the bits of the selected filters"
      onSubmit={(e) => { e.preventDefault(); apply(); }} onKeyDown={(e) => { if (e.key === 'Escape') onDone(); }}>
      <span className="bitmap-group-label">{groupLabel(layers, range)}</span>
      <label>bits per weight <input type="number" min={MIN_BITS} max={MAX_BITS} step={1} value={bits} data-testid="bitmap.groupBits"
        autoFocus onChange={(e) => setBits(Number(e.target.value))} /></label>
      <button type="submit" data-testid="bitmap.groupApply" disabled={!(bits >= 2 && bits <= 8)}>Apply</button>
      <button type="button" onClick={onDone}>Cancel</button>
    </form>
  );
}

export function BitMapPanel() {
  const { config, selected, modelLayers } = useChartState();
  const [range, setRange] = useState<CellRange | null>(null);
  const layers = config?.layers;
  const labelOf = useDisplayNamesOf(modelLayers);
  const rows = useMemo(() => (layers ?? []).map((l) => ({ ...bitMapRow(l), label: labelOf(l.name) })), [layers, labelOf]);
  const index = layers ? layers.findIndex((l) => l.name === selected) : -1;
  const chart = useMemo(() => layers && (
    <BitMap layers={rows} selected={index >= 0 ? { layer: index } : undefined} maxHeight={280}
      onSelect={selectByIndex(layers)} onSelectRange={setRange} />
  ), [layers, rows, index]);
  if (!layers) return null;
  return (
    <div className="panel chart">
      {chart}
      {range ? <GroupBits key={JSON.stringify(range)} layers={layers} range={range} onDone={() => setRange(null)} /> : null}
    </div>
  );
}

export function ParetoPanel() {
  const { config, points, current, labeled, floatAccuracy } = useChartState(true);
  const methods = useStudio((s) => s.methods);
  const titles = useMemo(() => Object.fromEntries(methods.map((m) => [m.name, m.title])), [methods]);
  // The chart gets only what it draws, each kept identical while its values are: a new config
  // with the same points (a re-run analysis, a re-measured figure) does not redraw it.
  const chartPoints = useMemo(() => points.map((p): ParetoPoint => ({
    id: p.id, method: p.method, sizeBytes: p.sizeBytes, bitops: p.bitops, accuracy: p.accuracy,
    agreement: p.agreement, averageWeightBits: p.averageWeightBits,
  })), [points]);
  const floatSize = config ? config.summary.floatSizeBytes ?? config.layers.reduce((a, l) => a + l.params * 4, 0) : 0;
  const floatBitops = config ? config.summary.floatBitops ?? config.layers.reduce((a, l) => a + l.macs * 32 * 32, 0) : 0;
  const float = useMemo(() => ({ sizeBytes: floatSize, bitops: floatBitops, accuracy: floatAccuracy }), [floatSize, floatBitops, floatAccuracy]);
  const metric = labeled && config?.data?.source !== 'synthetic' ? 'accuracy' : 'agreement';
  const apply = useCallback((p: ParetoPoint) => {
    const hit = points.find((q) => q.id === p.id);
    if (hit) dispatch(pointApplied, hit.config);
  }, [points]);
  const model = config?.model.hash ?? null;
  const chart = useMemo(() => (
    <ParetoChart points={chartPoints} float={float} currentId={current ?? undefined} height={260} titles={titles}
      metric={metric} onApply={apply} resetKey={model} />
  ), [chartPoints, float, current, metric, apply, titles, model]);
  // Mounted even while no config is shown (a model being loaded and analysed): its plot then
  // stays mounted, and the first evaluated point of a new model updates it instead of
  // mounting recharts again (≈ 45 ms of main thread in one task on a 74-layer model).
  return <div className="panel chart">{chart}</div>;
}

export function SchemePanel() {
  const { config, selected, modelLayers } = useChartState(true);
  const [target, setTarget] = useState<SchemeTarget>('weights');
  const layers = config?.layers;
  const labelOf = useDisplayNamesOf(modelLayers);
  const index = layers ? layers.findIndex((l) => l.name === selected) : -1;
  const chart = useMemo(() => layers && (
    <SchemeChoiceChart layers={layers} target={target} onTargetChange={setTarget} height={220} labelOf={labelOf}
      selectedLayer={index >= 0 ? index : null} onSelectLayer={selectByIndex(layers)} />
  ), [layers, target, index, labelOf]);
  if (!layers) return null;
  return <div className="panel chart">{chart}</div>;
}

export function TeachingSlot() {
  const modelHash = useStudio((s) => s.model?.hash);
  const { config, selected, modelLayers } = useChartState(true);
  const layer = config?.layers.find((l) => l.name === selected);
  const values = useLayerWeights(modelHash, layer ? selected : null);
  const bits = layer ? Math.round(averageBits(layer.weights.bits)) : 4;
  const scheme = layer?.weights.scheme;
  const shown = layer ? values : null;
  const labelOf = useDisplayNamesOf(modelLayers);
  const [open, setOpen] = useState(() => typeof window === 'undefined' || !window.matchMedia?.('(max-width: 600px)').matches);
  const panel = useMemo(() => (
    <TeachingPanel values={shown} kind="weights" layerName={selected ? labelOf(selected) : undefined} bits={bits} chosenScheme={scheme} />
  ), [shown, selected, bits, scheme, labelOf]);
  // Collapsible: on a phone the teaching panel folds away to one line.
  return (
    <section className={`panel chart teaching-slot${open ? '' : ' is-collapsed'}`} aria-labelledby="teaching-heading">
      <div className="slot-head">
        <h2 id="teaching-heading" className="panel-title">How the schemes work</h2>
        <button type="button" data-testid="teach.toggle" aria-expanded={open} aria-controls="teaching-body"
          onClick={() => setOpen((o) => !o)}>{open ? 'Hide' : 'Show'}</button>
      </div>
      <div id="teaching-body" hidden={!open}>{panel}</div>
    </section>
  );
}
