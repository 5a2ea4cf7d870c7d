import { describe, expect, it } from 'vitest';
import type { LayerConfig, StudioConfig } from '../../../quant/types';
import { initialState, type StudioState } from '../state';
import { configReady, editLayer, pointsAdded, redo, undo } from './config';

function layer(name: string, params: number): LayerConfig {
  return {
    name, kind: 'dense', weightShape: [params, 1], filters: 1, params, macs: params,
    weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor' },
    activations: { scheme: 'float', bits: null },
    sweep: { weights: { fixed: { '4': 20.5, '8': 44.1 }, log2: { '4': 13.9, '8': 'Infinity' } }, weightsPerFilter: {} },
  };
}

function config(): StudioConfig {
  const layers = [layer('a', 100), layer('b', 100)];
  return {
    format: 'quantization-studio/config', version: 1,
    model: { name: 'm', hash: 'h'.repeat(64), format: 'layers-model', parameters: 200 },
    method: { name: 'analysis' }, layers,
    summary: { averageWeightBits: 8, sizeBytes: 200, bitops: 0 },
  };
}

const apply = (s: StudioState, patch: Partial<StudioState>): StudioState => ({ ...s, ...patch });

describe('config actions', () => {
  const ready = apply({ ...initialState, model: { hash: 'h'.repeat(64) } as StudioState['model'] }, configReady(initialState, config()));

  it('configReady makes the config current and adds one Pareto point', () => {
    expect(ready.config?.layers).toHaveLength(2);
    expect(ready.points).toHaveLength(1);
    expect(ready.currentPoint).toBe(ready.points[0].id);
  });

  it('editLayer changes bits, looks the SQNR up in the sweep and recomputes the summary', () => {
    const s = apply(ready, editLayer(ready, { name: 'a', bits: 4 }));
    expect(s.config?.layers[0].weights.bits).toBe(4);
    expect(s.config?.layers[0].sqnr?.weightsDb).toBe(20.5);
    expect(s.config?.summary.averageWeightBits).toBe(6); // (100·4 + 100·8) / 200
    expect(s.config?.summary.sizeBytes).toBe(150);
    expect(s.config?.method.name).toBe('manual');
    expect(s.history.past).toHaveLength(1);
  });

  it('clamps bits to 2..8 and ignores no-op edits', () => {
    const s = apply(ready, editLayer(ready, { name: 'a', bits: 42 }));
    expect(s.history.past).toHaveLength(0);
    const t = apply(ready, editLayer(ready, { name: 'a', bits: 1 }));
    expect(t.config?.layers[0].weights.bits).toBe(2);
  });

  it('undo and redo walk the edit history', () => {
    let s = apply(ready, editLayer(ready, { name: 'a', bits: 4 }));
    s = apply(s, editLayer(s, { name: 'b', scheme: 'log2' }));
    expect(s.config?.layers[1].sqnr?.weightsDb).toBe('Infinity');
    s = apply(s, undo(s, undefined));
    expect(s.config?.layers[1].weights.scheme).toBe('fixed');
    s = apply(s, undo(s, undefined));
    expect(s.config?.layers[0].weights.bits).toBe(8);
    expect(undo(s, undefined)).toEqual({});
    s = apply(s, redo(s, undefined));
    s = apply(s, redo(s, undefined));
    expect(s.config?.layers.map((l) => [l.weights.bits, l.weights.scheme])).toEqual([[4, 'fixed'], [8, 'log2']]);
    expect(redo(s, undefined)).toEqual({});
  });

  it('a new edit after undo drops the redo branch', () => {
    let s = apply(ready, editLayer(ready, { name: 'a', bits: 4 }));
    s = apply(s, undo(s, undefined));
    s = apply(s, editLayer(s, { name: 'a', bits: 5 }));
    expect(s.history.future).toHaveLength(0);
  });

  it('pointsAdded keeps the current config and replaces points with the same choices', () => {
    const other = { ...config(), method: { name: 'uniform', budget: 4 } };
    let s = apply(ready, pointsAdded(ready, [other, other]));
    expect(s.points).toHaveLength(2);
    expect(s.config).toBe(ready.config);
    s = apply(s, pointsAdded(s, [{ ...other, model: { ...other.model, hash: 'x'.repeat(64) } }]));
    expect(s.points).toHaveLength(2);
  });
});
