import { describe, expect, it } from 'vitest';
import { costConfig } from '../../../quant/config/summary';
import type { LayerConfig, StudioConfig } from '../../../quant/types';
import { initialState, type StudioState } from '../state';
import { configReady, editFilters, editLayer, liveEvaluated, liveEvaluationFailed, redo, undo } from './config';

function layer(name: string, filters: number): LayerConfig {
  return {
    name, kind: 'conv2d', weightShape: [1, 1, 1, filters], filters, params: filters * 10, macs: filters * 100,
    weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor', scales: [0.01] },
    activations: { scheme: 'float', bits: null },
    sweep: { weights: { fixed: { '2': 3.1, '8': 44.1 } }, weightsPerFilter: {} },
  };
}

function config(): StudioConfig {
  return costConfig({
    format: 'quantization-studio/config', version: 1,
    model: { name: 'm', hash: 'h'.repeat(64), format: 'layers-model', parameters: 80 },
    method: { name: 'analysis' }, layers: [layer('a', 4), layer('b', 4)],
    summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0, accuracy: 0.9 },
  });
}

const apply = (s: StudioState, patch: Partial<StudioState>): StudioState => ({ ...s, ...patch });
const ready = apply({ ...initialState, model: { hash: 'h'.repeat(64) } as StudioState['model'] }, configReady(initialState, config()));

describe('editFilters', () => {
  it('sets the bits of a filter group, makes the layers per-filter and recomputes the summary', () => {
    const s = apply(ready, editFilters(ready, { layerStart: 0, layerEnd: 0, filterStart: 1, filterEnd: 2, bits: 2 }));
    const a = s.config!.layers[0];
    expect(a.weights.bits).toEqual([8, 2, 2, 8]);
    expect(a.weights.granularity).toBe('per-filter');
    expect(a.weights.scales).toBeUndefined();
    expect(a.sqnr?.weightsDb).toBeUndefined(); // mixed bits: unknown until evaluated
    expect(s.config!.layers[1]).toBe(ready.config!.layers[1]);
    expect(s.config!.summary.averageWeightBits).toBe(6.5); // (40·5 + 40·8) / 80
    expect(s.config!.method.name).toBe('manual');
    expect(s.currentPoint).toBeNull();
  });

  it('spans layers, clamps filters to each layer, and is undoable', () => {
    let s = apply(ready, editFilters(ready, { layerStart: 1, layerEnd: 0, filterStart: 9, filterEnd: 0, bits: 2 }));
    expect(s.config!.layers.map((l) => l.weights.bits)).toEqual([[2, 2, 2, 2], [2, 2, 2, 2]]);
    expect(s.config!.layers[0].sqnr?.weightsDb).toBe(3.1); // all filters alike: from the sweep
    s = apply(s, undo(s, undefined));
    expect(s.config!.layers.map((l) => l.weights.bits)).toEqual([8, 8]);
    s = apply(s, redo(s, undefined));
    expect(s.config!.layers[1].weights.bits).toEqual([2, 2, 2, 2]);
  });

  it('clamps bits to 2..8 and ignores no-op edits', () => {
    const s = apply(ready, editFilters(ready, { layerStart: 0, layerEnd: 0, filterStart: 0, filterEnd: 0, bits: 1 }));
    expect((s.config!.layers[0].weights.bits as number[])[0]).toBe(2);
    expect(editFilters(ready, { layerStart: 0, layerEnd: 0, filterStart: 0, filterEnd: 3, bits: 8 })).toEqual({});
  });
});

describe('live evaluation results', () => {
  it('marks figures stale after an edit and merges a result for the current layers', () => {
    expect(ready.measuredLayers).toBe(ready.config!.layers);
    const s = apply(ready, editLayer(ready, { name: 'a', bits: 2 }));
    expect(s.measuredLayers).not.toBe(s.config!.layers);
    const measured = { ...s.config!, summary: { ...s.config!.summary, accuracy: 0.5, agreement: 0.6 },
      layers: s.config!.layers.map((l) => ({ ...l, weights: { ...l.weights, scales: [0.3] } })) };
    const t = apply(s, liveEvaluated(s, { layers: s.config!.layers, measured }));
    expect(t.config!.summary.accuracy).toBe(0.5);
    expect(t.config!.layers[0].weights.scales).toEqual([0.3]);
    expect(t.measuredLayers).toBe(t.config!.layers);
    expect(t.history).toBe(s.history);
    // The measured manual config joins the Pareto points as its own point, and is the current one.
    expect(t.points.map((p) => p.method)).toEqual([...s.points.map((p) => p.method), 'manual']);
    expect(t.currentPoint).toBe(t.points[t.points.length - 1].id);
    expect(t.points[t.points.length - 1].accuracy).toBe(0.5);
  });

  it('drops a result for layers that are no longer current', () => {
    const s1 = apply(ready, editLayer(ready, { name: 'a', bits: 2 }));
    const s2 = apply(s1, editLayer(s1, { name: 'a', bits: 3 }));
    expect(liveEvaluated(s2, { layers: s1.config!.layers, measured: s1.config! })).toEqual({});
    expect(liveEvaluationFailed(s2, { layers: s1.config!.layers, reason: 'x' })).toEqual({});
    const f = apply(s2, liveEvaluationFailed(s2, { layers: s2.config!.layers, reason: 'x' }));
    expect(f.config!.summary.accuracy).toBeNull();
    expect(f.measuredLayers).toBe(f.config!.layers);
  });
});
