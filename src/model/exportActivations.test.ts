import { describe, expect, it } from 'vitest';
import type { LayerConfig, StudioConfig } from '../quant/types';
import { exportActivations } from './exportActivations';

const layer = (name: string, activations: LayerConfig['activations']): LayerConfig => ({
  name, kind: 'dense', weightShape: [4, 2], filters: 2, params: 8, macs: 8,
  weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor', scales: [0.01] }, activations,
});

describe('export plan activations from the config', () => {
  it('takes scheme, bits, signedness and scale as evaluated; unmeasured points are named, float ones skipped', () => {
    const config = {
      format: 'quantization-studio/config', version: 1, model: { name: 'm', hash: 'h', format: 'onnx', parameters: 8 }, method: { name: 'x' },
      layers: [
        layer('a', { scheme: 'fixed', bits: 8, signed: false, scale: 0.02 }),
        layer('b', { scheme: 'log2', bits: 4, signed: true, scale: 2 }),
        layer('c', { scheme: 'fixed', bits: 6 }),
        layer('d', { scheme: 'float', bits: null }),
      ],
      summary: { averageWeightBits: 8, sizeBytes: 8, bitops: 8 },
    } as StudioConfig;
    const r = exportActivations(['a', 'b', 'c', 'd'].map((n) => ({ name: n, activationPoint: `${n}_out` })), config);
    expect(r.activations).toEqual([
      { layer: 'a', point: 'a_out', params: { scheme: 'fixed', bits: 8, signed: false, scale: 0.02 } },
      { layer: 'b', point: 'b_out', params: { scheme: 'log2', bits: 4, signed: true, scale: 2 } },
    ]);
    expect(r.notes).toEqual([{ layer: 'c', reason: 'c activations left float: their scale is not measured yet (evaluate the config first)' }]);
  });
});
