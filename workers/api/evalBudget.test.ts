import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_EVAL_BATCH } from '../../src/model/evaluate';
import {
  activationValuesPerExample, EVAL_BATCH_VALUES, evaluationBatch, SYNTHETIC_EVAL_MACS, SYNTHETIC_EVAL_MAX, SYNTHETIC_EVAL_MIN,
  syntheticEvalCount,
} from './evalBudget';

/** Layer output sizes and MACs as src/model lists them. */
const lenet = [
  { outputShape: [null, 28, 28, 8], macs: 0 }, { outputShape: [14, 14, 16], macs: 0 }, { outputShape: [120], macs: 0 },
  { outputShape: [84], macs: 0 }, { outputShape: [10], macs: 720_000 },
];

const dim = fc.oneof(fc.constant(null), fc.integer({ min: -2, max: 4096 }));
const layer = fc.record({
  outputShape: fc.array(dim, { minLength: 0, maxLength: 4 }),
  macs: fc.oneof(fc.double({ min: 0, max: 1e13, noNaN: true }), fc.constant(Number.NaN), fc.constant(-1)),
});
const layers = fc.array(layer, { maxLength: 12 });

describe('evaluation sizing', () => {
  it('sums output values per example, unknown or non-positive dimensions counting 1', () => {
    expect(activationValuesPerExample(lenet)).toBe(28 * 28 * 8 + 14 * 14 * 16 + 120 + 84 + 10);
    expect(activationValuesPerExample([{ outputShape: [null, -1, 0, 5], macs: 0 }])).toBe(5);
  });

  it('a batch holds at most the value budget (unless one image alone exceeds it), between 1 and the default batch', () => {
    fc.assert(fc.property(layers, (ls) => {
      const batch = evaluationBatch(ls);
      const per = activationValuesPerExample(ls);
      expect(Number.isInteger(batch)).toBe(true);
      expect(batch).toBeGreaterThanOrEqual(1);
      expect(batch).toBeLessThanOrEqual(DEFAULT_EVAL_BATCH);
      if (batch > 1) expect(batch * per).toBeLessThanOrEqual(EVAL_BATCH_VALUES);
      // The largest batch that fits: one more image would break the budget (or hit the cap).
      if (batch < DEFAULT_EVAL_BATCH && per > 0) expect((batch + 1) * per).toBeGreaterThan(EVAL_BATCH_VALUES);
    }));
  });

  it('synthetic inputs cost at most the MAC budget per pass (above the floor), between the floor and the cap, NaN MACs ignored', () => {
    fc.assert(fc.property(layers, (ls) => {
      const n = syntheticEvalCount(ls);
      const macs = ls.reduce((a, l) => a + (Number.isFinite(l.macs) && l.macs > 0 ? l.macs : 0), 0);
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeGreaterThanOrEqual(SYNTHETIC_EVAL_MIN);
      expect(n).toBeLessThanOrEqual(SYNTHETIC_EVAL_MAX);
      if (n > SYNTHETIC_EVAL_MIN) expect(n * macs).toBeLessThanOrEqual(SYNTHETIC_EVAL_MACS);
    }));
  });

  it('more activation values per image never give a larger batch', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 28 }), fc.integer({ min: 1, max: 2 ** 28 }), (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(evaluationBatch([{ outputShape: [hi], macs: 0 }])).toBeLessThanOrEqual(evaluationBatch([{ outputShape: [lo], macs: 0 }]));
    }));
  });

  it('the demo keeps the 256-image batch and 256 synthetic inputs; no layers → defaults', () => {
    expect(evaluationBatch(lenet)).toBe(256);
    expect(syntheticEvalCount(lenet)).toBe(256);
    expect(evaluationBatch([])).toBe(DEFAULT_EVAL_BATCH);
    expect(syntheticEvalCount([])).toBe(SYNTHETIC_EVAL_MAX);
  });
});
