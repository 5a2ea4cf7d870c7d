import { describe, expect, it } from 'vitest';
import { calibrateFixedActivations, klRange, percentileAbs } from './calibration';
import { fixedClipQuantizer } from './quantizers/fixedClip';
import { applyFixedPoint } from './quantizers/fixed';
import { sqnrDb } from './sqnr';

function outlierData(): Float32Array {
  // 9,999 values spread over [0, 0.1] and one outlier at 1 (a ReLU output with a spike).
  const x = new Float32Array(10_000);
  for (let i = 0; i < 9_999; i++) x[i] = (0.1 * i) / 9_998;
  x[9_999] = 1;
  return x;
}

describe('activation calibration', () => {
  it('percentile is the nearest-rank quantile of |x|', () => {
    expect(percentileAbs([1, -2, 3, -4], 0.5)).toBe(2);
    expect(percentileAbs([1, -2, 3, -4], 1)).toBe(4);
  });
  it('documented example: percentile, MSE and KL clip the outlier, max-abs does not, and gain SQNR on the bulk', () => {
    const x = outlierData();
    const maxAbs = calibrateFixedActivations(x, 4, false, 'max-abs');
    expect(maxAbs.scale).toBeCloseTo(1 / 15, 9);
    const bulk = x.subarray(0, 9_999);
    const snr = (p: ReturnType<typeof calibrateFixedActivations>) => sqnrDb(bulk, applyFixedPoint(bulk, p));
    for (const m of ['percentile', 'mse', 'kl'] as const) {
      const p = calibrateFixedActivations(x, 4, false, m);
      expect(p.scheme).toBe('fixed');
      expect(p.scale).toBeLessThan(maxAbs.scale / 3);
      expect(snr(p)).toBeGreaterThan((snr(maxAbs) ?? 0) + 6);
    }
    expect(calibrateFixedActivations(x, 4, false, 'percentile').scale).toBeCloseTo(percentileAbs(x, 0.9999) / 15, 9);
    expect(calibrateFixedActivations(x, 4, false, 'mse').scale).toBe(fixedClipQuantizer.calibrate(x, 4, { signed: false }).scale);
  });
  it('KL keeps the whole range of a uniform distribution, and handles all-zero data', () => {
    const u = Float32Array.from({ length: 20_000 }, (_, i) => i / 19_999);
    expect(klRange(u, 16)).toBeGreaterThan(0.95);
    expect(klRange(new Float32Array(10), 16)).toBe(0);
  });
  it('rejects an unknown calibration', () => {
    // @ts-expect-error: not a calibration
    expect(() => calibrateFixedActivations(new Float32Array([1]), 4, false, 'magic')).toThrow(/unknown activation calibration 'magic'/);
  });
});
