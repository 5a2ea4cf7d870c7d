import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { costConfig, summarizeLayers } from '../../../quant/config/summary';
import { configToJson } from '../../../quant/config/json';
import { restoreConfig } from '../../../quant/config/restore';
import type { LayerConfig, StudioConfig } from '../../../quant/types';
import { WEIGHT_SCHEMES } from '../../../quant/types';
import { initialState, type StudioState } from '../state';
import { analysisAbandoned, analysisFinished, analysisPreview, configReady, editFilters, editLayer, pointsAdded, redo, undo } from './config';

function layer(name: string, params: number, producers?: number[]): LayerConfig {
  return {
    name, kind: 'dense', weightShape: [params, 1], filters: 1, params, macs: params, ...(producers ? { producers } : {}),
    weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor' },
    activations: { scheme: 'float', bits: null },
    sweep: { weights: { fixed: { '4': 20.5, '8': 44.1 }, log2: { '4': 13.9, '8': 'Infinity' } }, weightsPerFilter: {} },
  };
}

function config(): StudioConfig {
  const layers = [layer('a', 100), layer('b', 100)];
  return costConfig({
    format: 'quantization-studio/config', version: 1,
    model: { name: 'm', hash: 'h'.repeat(64), format: 'layers-model', parameters: 200 },
    method: { name: 'analysis' }, layers,
    summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0 },
  });
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
    expect(s.config?.summary.sizeBytes).toBe(158); // (100·4 + 32 + 100·8 + 32) / 8: one float scale per layer
    // BitOPs: a (fed by the 8-bit input) 100 MACs · 4 · 8 + b (fed by a's float output) 100 · 8 · 32
    expect(s.config?.summary.bitops).toBe(100 * 4 * 8 + 100 * 8 * 32);
    expect(s.config?.layers.map((l) => l.inputBits)).toEqual([8, 32]);
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

/** A three-layer network with a skip (c is fed by a and b) and 4 filters per layer, as the worker sends it. */
function branchyConfig(): StudioConfig {
  const mk = (name: string, producers: number[], bits: number): LayerConfig => ({
    name, kind: 'conv2d', weightShape: [3, 3, 2, 4], filters: 4, params: 72, macs: 72 * 49, producers,
    weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor', scales: [0.1] },
    activations: { scheme: 'fixed', bits, signed: false, scale: 0.05 },
  });
  return costConfig({
    format: 'quantization-studio/config', version: 1, inputBits: 8,
    model: { name: 'm', hash: 'a'.repeat(64), format: 'layers-model', parameters: 216 },
    method: { name: 'analysis' }, layers: [mk('a', [-1], 6), mk('b', [0], 4), mk('c', [0, 1], 5)],
    summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0, accuracy: 0.9 },
  });
}

const editArb = fc.oneof(
  fc.record({ kind: fc.constant('layer' as const), layer: fc.integer({ min: 0, max: 2 }), bits: fc.integer({ min: 2, max: 8 }),
    scheme: fc.constantFrom(...WEIGHT_SCHEMES) }),
  fc.record({ kind: fc.constant('filters' as const), layer: fc.integer({ min: 0, max: 2 }), f0: fc.integer({ min: 0, max: 3 }),
    f1: fc.integer({ min: 0, max: 3 }), bits: fc.integer({ min: 2, max: 8 }) }),
);

describe('weights-first analysis preview', () => {
  const base = { ...initialState, model: { hash: 'h'.repeat(64) } as StudioState['model'] };
  const preview = config();
  /** The finished analysis: the same weight tables, activations now measured (here: 8-bit fixed). */
  const final = costConfig({ ...preview, layers: preview.layers.map((l) => ({ ...l, activations: { scheme: 'fixed' as const, bits: 8, signed: false, scale: 0.1 } })) });
  const shown = apply(base, analysisPreview(base, preview));

  it('is shown but joins no points and leaves no history', () => {
    expect(shown.config).toBe(preview);
    expect(shown.preview).toBe(preview);
    expect(shown.points).toEqual([]);
    expect(shown.measuredLayers).toBe(preview.layers);
  });

  it('the finished analysis replaces an unedited preview as configReady would', () => {
    const s = apply(shown, analysisFinished(shown, final));
    expect(s.config).toBe(final);
    expect(s.preview).toBeNull();
    expect(s.points).toHaveLength(1);
    expect(s.history.past).toEqual([]);
  });

  it('edits made on the preview carry over onto the finished analysis, as one undoable edit', () => {
    const edited = apply(shown, editLayer(shown, { name: 'b', bits: 4 }));
    const s = apply(edited, analysisFinished(edited, final));
    expect(s.preview).toBeNull();
    expect(s.config?.layers.map((l) => l.weights.bits)).toEqual([8, 4]);
    expect(s.config?.layers[1].sqnr?.weightsDb).toBe(20.5);
    // The activations are the finished analysis's.
    expect(s.config?.layers.map((l) => l.activations.scheme)).toEqual(['fixed', 'fixed']);
    expect(s.config?.method.name).toBe('manual');
    expect(s.config?.summary.averageWeightBits).toBe(6);
    expect(s.measuredLayers).toBeNull();
    // The analysis is a point; Undo goes back to it.
    expect(s.points.map((p) => p.method)).toEqual(['analysis']);
    const back = apply(s, undo(s, undefined));
    expect(back.config?.layers.map((l) => l.weights.bits)).toEqual([8, 8]);
  });

  it('an abandoned analysis takes an unedited preview away but keeps an edited one', () => {
    expect(apply(shown, analysisAbandoned(shown, null)).config).toBeNull();
    const edited = apply(shown, editLayer(shown, { name: 'a', bits: 6 }));
    const kept = apply(edited, analysisAbandoned(edited, null));
    expect(kept.config?.layers[0].weights.bits).toBe(6);
    expect(kept.preview).toBeNull();
    expect(analysisAbandoned(ready(), null)).toEqual({});
  });
});

function ready(): StudioState {
  return apply(initialState, configReady(initialState, config()));
}

describe('one cost model (page = CLI)', () => {
  it('edits then as many undos give back the identical summary and layers', () => {
    fc.assert(fc.property(fc.array(editArb, { minLength: 1, maxLength: 8 }), (edits) => {
      const start = apply({ ...initialState, model: { hash: 'a'.repeat(64) } as StudioState['model'] }, configReady(initialState, branchyConfig()));
      let s = start;
      for (const e of edits) {
        const patch = e.kind === 'layer'
          ? editLayer(s, { name: s.config!.layers[e.layer].name, bits: e.bits, scheme: e.scheme })
          : editFilters(s, { layerStart: e.layer, layerEnd: e.layer, filterStart: e.f0, filterEnd: e.f1, bits: e.bits });
        s = apply(s, patch);
      }
      while (s.history.past.length > 0) s = apply(s, undo(s, undefined));
      expect(s.config!.summary).toEqual(start.config!.summary);
      expect(s.config!.layers.map((l) => [l.weights.bits, l.weights.scheme, l.inputBits]))
        .toEqual(start.config!.layers.map((l) => [l.weights.bits, l.weights.scheme, l.inputBits]));
    }));
  });

  it("the page's summary after any edits equals the CLI's reading of the exported config", () => {
    fc.assert(fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) => {
      let s = apply({ ...initialState, model: { hash: 'a'.repeat(64) } as StudioState['model'] }, configReady(initialState, branchyConfig()));
      for (const e of edits) {
        s = apply(s, e.kind === 'layer'
          ? editLayer(s, { name: s.config!.layers[e.layer].name, bits: e.bits, scheme: e.scheme })
          : editFilters(s, { layerStart: e.layer, layerEnd: e.layer, filterStart: e.f0, filterEnd: e.f1, bits: e.bits }));
      }
      const page = s.config!;
      // The CLI reads every config through restoreConfig (one validator), which costs it again.
      const cli = restoreConfig(JSON.parse(configToJson(page)));
      expect(cli.summary).toEqual(page.summary);
      expect(cli.layers.map((l) => l.inputBits)).toEqual(page.layers.map((l) => l.inputBits));
      expect(page.summary).toMatchObject(summarizeLayers(page.layers, page.inputBits));
    }));
  });
});
