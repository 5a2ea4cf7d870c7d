import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fakeQuantize } from '../registry';
import { sqnrDb, sqnrToJson } from '../sqnr';
import type { LayerConfig, StudioConfig, WeightScheme } from '../types';
import { summarizeLayers } from '../config/summary';
import { averageWeightBits, floatConfig, layerMeanBits, type MethodInput } from './common';
import { bitsFromScores, classScores, cqSearch } from './cq';
import { knapsackConfig, multipleChoiceKnapsack } from './knapsack';
import { mxqnConfig } from './mxqn';
import { nlqConfig, perLayerLogConfig } from './nlq';
import { uniformConfig } from './uniform';

/** Deterministic pseudo-random normals (no Math.random in tests). */
function normals(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}

const SHAPES: { name: string; kind: LayerConfig['kind']; shape: number[]; macs: number }[] = [
  { name: 'conv1', kind: 'conv2d', shape: [5, 5, 1, 6], macs: 117600 },
  { name: 'conv2', kind: 'conv2d', shape: [5, 5, 6, 16], macs: 240000 },
  { name: 'fc1', kind: 'dense', shape: [400, 120], macs: 48000 },
  { name: 'fc2', kind: 'dense', shape: [120, 10], macs: 1200 },
];

/** A synthetic analysed model: real weight sweeps, made-up activation sweeps (log wins at ≤ 3 bits). */
function syntheticInput(): MethodInput {
  const weights = SHAPES.map((s, i) => normals(s.shape.reduce((a, b) => a * b, 1), 11 + i, 0.1 * (i + 1)));
  const layers: LayerConfig[] = SHAPES.map((s, i) => {
    const filters = s.shape[s.shape.length - 1];
    const table: Partial<Record<WeightScheme, Record<string, number | null | 'Infinity'>>> = {};
    for (const scheme of ['fixed', 'log2', 'log2-sqrt2', 'nlq'] as WeightScheme[]) {
      table[scheme] = {};
      for (let b = 2; b <= 8; b++) {
        const q = fakeQuantize(weights[i], scheme, b).values;
        table[scheme]![String(b)] = sqnrToJson(sqnrDb(weights[i], q));
      }
    }
    const acts: Record<string, Record<string, number>> = { fixed: {}, log2: {}, 'log2-sqrt2': {} };
    for (let b = 2; b <= 8; b++) {
      acts.fixed[String(b)] = 6.02 * b - 6;
      acts.log2[String(b)] = b <= 3 ? 6.02 * b - 3 : 15;
      acts['log2-sqrt2'][String(b)] = b <= 3 ? 6.02 * b - 2 : 16;
    }
    return {
      name: s.name, kind: s.kind, weightShape: s.shape, filters, params: weights[i].length, macs: s.macs,
      weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor' },
      activations: { scheme: 'fixed', bits: 8 },
      sweep: { weights: table, weightsPerFilter: {}, activations: acts },
    };
  });
  const parameters = layers.reduce((a, l) => a + l.params + l.filters, 0);
  const base: StudioConfig = {
    format: 'quantization-studio/config', version: 1,
    model: { name: 'synthetic', hash: 'x', format: 'layers-model', parameters },
    method: { name: 'analysis' }, layers, summary: { averageWeightBits: 8, sizeBytes: 0, bitops: 0 },
  };
  return { base, weights };
}

function expectComplete(cfg: StudioConfig, input: MethodInput): void {
  expect(cfg.format).toBe('quantization-studio/config');
  expect(cfg.layers.map((l) => l.name)).toEqual(input.base.layers.map((l) => l.name));
  for (const l of cfg.layers) {
    expect(l.weights.scheme).toBeTruthy();
    if (Array.isArray(l.weights.bits)) {
      expect(l.weights.granularity).toBe('per-filter');
      expect(l.weights.bits).toHaveLength(l.filters);
    }
    expect(l.activations.scheme).toBeTruthy();
  }
  const s = cfg.summary;
  expect(s.averageWeightBits).toBeCloseTo(averageWeightBits(cfg.layers), 12);
  const manual = cfg.layers.reduce((a, l) => a + l.params * layerMeanBits(l.weights), 0) / cfg.layers.reduce((a, l) => a + l.params, 0);
  expect(s.averageWeightBits).toBeCloseTo(manual, 12);
  for (const v of [s.averageWeightBits, s.sizeBytes, s.bitops]) expect(Number.isFinite(v)).toBe(true);
}

describe('pure methods', () => {
  const input = syntheticInput();

  it('uniform and uniform-per-filter set every layer to b', () => {
    for (const b of [2, 4, 8]) {
      const u = uniformConfig(input, b);
      const pf = uniformConfig(input, b, { granularity: 'per-filter' });
      expectComplete(u, input);
      expectComplete(pf, input);
      expect(u.method.name).toBe('uniform');
      expect(pf.method.name).toBe('uniform-per-filter');
      expect(u.summary.averageWeightBits).toBe(b);
      expect(pf.summary.sizeBytes).toBeGreaterThan(u.summary.sizeBytes);
    }
    expect(() => uniformConfig(input, 9)).toThrow(/2\.\.8/);
  });

  it('summaries are the studio summary; model-output activations stay float', () => {
    const f = floatConfig(input);
    const macs = SHAPES.reduce((a, s) => a + s.macs, 0);
    expect(f.summary.bitops).toBe(macs * 32 * 32);
    const u4 = uniformConfig(input, 4);
    expect(u4.summary).toEqual(summarizeLayers(u4.layers));
    // The first layer multiplies the 8-bit network input, every other one its producer's 4-bit output.
    expect(u4.layers.map((l) => l.inputBits)).toEqual(SHAPES.map((_, i) => (i === 0 ? 8 : 4)));
    expect(u4.summary.bitops).toBe(SHAPES.reduce((a, s, i) => a + s.macs * 4 * (i === 0 ? 8 : 4), 0));
    const out = uniformConfig({ ...input, outputLayers: [3] }, 4);
    expect(out.layers[3].activations).toEqual({ scheme: 'float', bits: null });
    expect(out.layers[2].activations).toEqual({ scheme: 'fixed', bits: 4 });
  });

  it('mxqn picks the smallest bits meeting the target and the higher-SQNR activation scheme', () => {
    const cfg = mxqnConfig(input, 20);
    expectComplete(cfg, input);
    cfg.layers.forEach((l, i) => {
      const sw = input.base.layers[i].sweep!.weights.fixed!;
      const b = l.weights.bits as number;
      const db = (k: number) => (sw[String(k)] === 'Infinity' ? Infinity : (sw[String(k)] as number));
      expect(db(b)).toBeGreaterThanOrEqual(20);
      if (b > 2) expect(db(b - 1)).toBeLessThan(20);
      // activations: 4 bits fixed = 18.08 < 20; log 16 → 5 bits fixed (24.1)
      expect(l.activations).toEqual({ scheme: 'fixed', bits: 5 });
    });
    const low = mxqnConfig(input, 0, { activationBits: 3 });
    expect(low.layers.every((l) => l.activations.scheme === 'log2-sqrt2' && l.activations.bits === 3)).toBe(true);
    const pure = mxqnConfig(input, 0, { activationBits: 3, activationSchemes: ['fixed'] });
    expect(pure.layers.every((l) => l.activations.scheme === 'fixed')).toBe(true);
  });

  it('mxqn output mode meets the output-SQNR target by the additivity rule', () => {
    const cfg = mxqnConfig(input, 25, { mode: 'output' });
    expectComplete(cfg, input);
    let inv = 0;
    cfg.layers.forEach((l, i) => {
      const w = input.base.layers[i].sweep!.weights.fixed![String(l.weights.bits)];
      const a = input.base.layers[i].sweep!.activations![l.activations.scheme as 'fixed']![String(l.activations.bits)];
      for (const v of [w, a]) if (typeof v === 'number') inv += 10 ** (-v / 10);
    });
    expect(10 * Math.log10(1 / inv)).toBeGreaterThanOrEqual(25);
  });

  it('knapsack respects the budget and is optimal on small cases (vs brute force)', () => {
    for (const avg of [2.5, 4, 6]) {
      const cfg = knapsackConfig(input, avg);
      expectComplete(cfg, input);
      expect(cfg.summary.averageWeightBits).toBeLessThanOrEqual(avg + 1e-9);
    }
    fc.assert(fc.property(
      fc.array(fc.array(fc.record({ cost: fc.integer({ min: 1, max: 20 }), noise: fc.double({ min: 0, max: 10, noNaN: true }) }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 0, max: 60 }),
      (groups, budget) => {
        let best = Infinity;
        const rec = (g: number, cost: number, noise: number) => {
          if (cost > budget) return;
          if (g === groups.length) { best = Math.min(best, noise); return; }
          for (const o of groups[g]) rec(g + 1, cost + o.cost, noise + o.noise);
        };
        rec(0, 0, 0);
        const choice = multipleChoiceKnapsack(groups, budget);
        if (best === Infinity) { expect(choice).toBeNull(); return; }
        expect(choice).not.toBeNull();
        const cost = choice!.reduce((a, o, g) => a + groups[g][o].cost, 0);
        const noise = choice!.reduce((a, o, g) => a + groups[g][o].noise, 0);
        expect(cost).toBeLessThanOrEqual(budget);
        expect(noise).toBeCloseTo(best, 9);
      }), { numRuns: 200 });
  });

  it('nlq shares one unit; the per-layer log baseline is complete', () => {
    const n = nlqConfig(input, 4);
    expectComplete(n, input);
    expect(n.layers.every((l) => l.weights.scheme === 'nlq' && l.weights.bits === 4)).toBe(true);
    expect(n.method.settings!.unitScale).toBeGreaterThan(0);
    const p = perLayerLogConfig(input, 4);
    expectComplete(p, input);
    expect(p.layers.every((l) => l.weights.scheme === 'log2-sqrt2')).toBe(true);
  });

  it('cq scores count the classes a filter is important for', () => {
    expect(classScores([[[3, 1]], [[1, 1]]], 1)).toEqual([[1, 0]]);
    expect(bitsFromScores([[1, 0, 2]], [3, 5, 8])).toEqual([[5, 3, 8]]);
  });

  it('cq search lowers low-score groups first within ε and keeps bits monotone in score', async () => {
    const scores = input.base.layers.map((l) => Array.from({ length: l.filters }, (_, f) => f % 4));
    // Fake accuracy: loses 0.004 per bit removed below 8 in group ≥ 2, nothing for groups 0–1 until 3 bits.
    const evaluate = async (cfg: StudioConfig) => {
      let loss = 0;
      cfg.layers.forEach((l, i) => (l.weights.bits as number[]).forEach((b, f) => {
        const s = scores[i][f];
        loss += s >= 2 ? (8 - b) * 0.0004 : b < 3 ? 0.05 : 0;
      }));
      return 0.99 - loss / cfg.layers.length;
    };
    const r = await cqSearch(input, scores, { epsilon: 0.01 }, { evaluate, floatAccuracy: 0.99 });
    expectComplete(r.config, input);
    expect(0.99 - r.accuracy).toBeLessThanOrEqual(0.01);
    for (let s = 1; s < r.groupBits.length; s++) expect(r.groupBits[s]).toBeGreaterThanOrEqual(r.groupBits[s - 1]);
    expect(r.groupBits[0]).toBe(3);
    const t = await cqSearch(input, scores, { targetAverageBits: 4 }, { evaluate, floatAccuracy: 0.99 });
    expect(t.config.summary.averageWeightBits).toBeLessThanOrEqual(4 + 1e-9);
  });
});
