import { describe, expect, it } from 'vitest';
import { activationValuesPerExample, evaluationBatch, syntheticEvalCount } from './evalBudget';

/** Layer output sizes and MACs as src/model lists them (scripts/bench/resnetTopology.ts models). */
const lenet = [
  { outputShape: [null, 28, 28, 8], macs: 0 }, { outputShape: [14, 14, 16], macs: 0 }, { outputShape: [120], macs: 0 },
  { outputShape: [84], macs: 0 }, { outputShape: [10], macs: 720_000 },
];
/** One layer standing for ResNet-50 at 224×224×3: 11,114,984 output values and 4.09 GMAC per image. */
const resnet50 = [{ outputShape: [11_114_984], macs: 4.09e9 }];

describe('evaluation sizing', () => {
  it('sums output values per example, unknown dimensions counting 1', () => {
    expect(activationValuesPerExample(lenet)).toBe(28 * 28 * 8 + 14 * 14 * 16 + 120 + 84 + 10);
  });

  it('small models keep the 256-image batch and 256 synthetic inputs', () => {
    expect(evaluationBatch(lenet)).toBe(256);
    expect(syntheticEvalCount(lenet)).toBe(256);
  });

  it('ResNet-50 runs 3 images per batch (≤ 2^25 values held) on 33 synthetic inputs', () => {
    expect(evaluationBatch(resnet50)).toBe(3);
    expect(3 * 11_114_984).toBeLessThanOrEqual(2 ** 25);
    expect(syntheticEvalCount(resnet50)).toBe(33);
  });

  it('never below 1 image per batch nor 32 synthetic inputs, and copes with no layers', () => {
    const huge = [{ outputShape: [2 ** 30], macs: 1e13 }];
    expect(evaluationBatch(huge)).toBe(1);
    expect(syntheticEvalCount(huge)).toBe(32);
    expect(evaluationBatch([])).toBe(256);
    expect(syntheticEvalCount([])).toBe(256);
    expect(syntheticEvalCount([{ outputShape: [4], macs: Number.NaN }])).toBe(256);
  });
});
