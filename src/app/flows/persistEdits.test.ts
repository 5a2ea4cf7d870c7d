import { describe, expect, it } from 'vitest';
import { costConfig } from '../../quant/config/summary';
import type { LayerConfig, StudioConfig } from '../../quant/types';
import { configReady, editLayer, editsRestored, initialState, pointApplied, pointsAdded, toPoint, type StudioState } from '../store';
import { restoreSaved } from './persist';
import { leanEdits, readSavedEdits } from './persistEdits';

const SWEEP = { weights: { fixed: { '4': 20.5, '8': 44.1 } }, weightsPerFilter: {} };

function config(method = 'analysis', bits = 8, hash = 'h'.repeat(64)): StudioConfig {
  const layer = (name: string): LayerConfig => ({
    name, kind: 'dense', weightShape: [100, 1], filters: 1, params: 100, macs: 100,
    weights: { scheme: 'fixed', bits, granularity: 'per-tensor', scales: [0.01] }, activations: { scheme: 'float', bits: null }, sweep: SWEEP,
  });
  return costConfig({
    format: 'quantization-studio/config', version: 1, model: { name: 'm', hash, format: 'layers-model', parameters: 200 },
    method: { name: method }, layers: [layer('a'), layer('b')], summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0 },
  });
}

const apply = (s: StudioState, patch: Partial<StudioState>): StudioState => ({ ...s, ...patch });

describe('saved edits', () => {
  it('are saved without sweep tables, and read back structurally', () => {
    let s = apply(initialState, configReady(initialState, config()));
    s = apply(s, editLayer(s, { name: 'a', bits: 4 }));
    const saved = leanEdits([...s.points, toPoint(config('uniform', 4))], s.history, s.currentPoint);
    expect(saved.points).toHaveLength(2);
    for (const layers of [...saved.points.map((c) => c.layers), ...saved.past]) {
      for (const l of layers) {
        expect(l.sweep).toBeUndefined();
        expect(l.weights.scales).toEqual([0.01]);
      }
    }
    expect(saved.past).toHaveLength(1);
    expect(saved.currentPoint).toBeNull();
    // The store's objects are untouched.
    expect(s.history.past[0][0].sweep).toBe(SWEEP);
    const copy = structuredClone(saved);
    expect(readSavedEdits(copy)).toEqual(copy);
  });

  it('refuse a malformed record, and sessions saved before edits were kept load without them', () => {
    for (const bad of [null, 3, 'x', { points: 'x', past: [], future: [], currentPoint: null }, { points: [], past: [[1]], future: [], currentPoint: null },
      { points: [null], past: [], future: [], currentPoint: null }, { points: [], past: [], future: [], currentPoint: 7 }]) {
      expect(readSavedEdits(bad)).toBeNull();
    }
    const old = restoreSaved({ config: config(), settings: { bits: 4 } });
    expect(old.edits).toBeUndefined();
    expect(old.config?.method.name).toBe('analysis');
    const now = restoreSaved({ config: config(), edits: { points: [], past: [], future: [], currentPoint: null } });
    expect(now.edits).toEqual({ points: [], past: [], future: [], currentPoint: null });
  });
});

describe('editsRestored', () => {
  const restored = apply(initialState, configReady(initialState, config('manual', 6)));
  const uniform = toPoint(config('uniform', 4));

  it('puts the saved points before the current one and takes the history as saved', () => {
    const past = [config().layers];
    const s = apply(restored, editsRestored(restored, { points: [uniform, toPoint(config('manual', 6))], history: { past, future: [] }, currentPoint: null }));
    expect(s.points.map((p) => p.method)).toEqual(['uniform', 'manual']);
    expect(s.points[1]).toBe(restored.points[0]);
    expect(s.history.past).toBe(past);
    expect(s.currentPoint).toBeNull();
  });

  it('ignores points of another model and keeps a current point it cannot find', () => {
    const other = toPoint(config('uniform', 4, 'x'.repeat(64)));
    const s = apply(restored, editsRestored(restored, { points: [other], history: { past: [], future: [] }, currentPoint: 'gone' }));
    expect(s.points).toEqual(restored.points);
    expect(s.currentPoint).toBe(restored.currentPoint);
    expect(editsRestored(initialState, { points: [uniform], history: { past: [], future: [] }, currentPoint: null })).toEqual({});
  });

  it('a restored history undoes like the one it was saved from', () => {
    const start = { ...initialState, model: { hash: 'h'.repeat(64) } as StudioState['model'] };
    let s = apply(start, configReady(start, config()));
    s = apply(s, editLayer(s, { name: 'a', bits: 4 }));
    s = apply(s, pointsAdded(s, [config('uniform', 5)]));
    s = apply(s, pointApplied(s, s.points[1].config));
    const saved = structuredClone(leanEdits(s.points, s.history, s.currentPoint));
    // Reload: the current config comes back first, then its edits.
    let r = apply(initialState, configReady(initialState, s.config!));
    r = apply(r, editsRestored(r, {
      points: saved.points.map(toPoint), history: { past: saved.past, future: saved.future }, currentPoint: saved.currentPoint,
    }));
    expect(r.points.map((p) => p.id).sort()).toEqual(s.points.map((p) => p.id).sort());
    expect(r.currentPoint).toBe(s.currentPoint);
    expect(r.history.past.map((layers) => layers.map((l) => l.weights.bits))).toEqual([[8, 8], [4, 8]]);
  });
});
