import { describe, expect, it } from 'vitest';
import type { LayerConfig, StudioConfig } from '../types';
import { withSweepsOf, withoutSweeps } from './sweeps';

function layer(name: string, sqnr: number | null): LayerConfig {
  return {
    name, kind: 'dense', weightShape: [2, 2], filters: 2, params: 4, macs: 4,
    weights: { scheme: 'fixed', bits: 4, granularity: 'per-tensor' },
    activations: { scheme: 'float', bits: null },
    ...(sqnr === null ? {} : { sweep: { weights: { fixed: { '4': sqnr } }, weightsPerFilter: { fixed: { '4': [sqnr, sqnr + 1] } } } }),
  };
}

function config(layers: LayerConfig[]): StudioConfig {
  return {
    format: 'quantization-studio/config', version: 1,
    model: { name: 'm', hash: 'h', format: 'layers-model', parameters: 8 },
    method: { name: 'analysis' }, layers, summary: { averageWeightBits: 4, sizeBytes: 4, bitops: 64 },
  };
}

describe('withoutSweeps / withSweepsOf', () => {
  it('leaves every sweep table out of a copy and does not change the config', () => {
    const c = config([layer('a', 20), layer('b', 30)]);
    const out = withoutSweeps(c);
    expect(out.layers.every((l) => !('sweep' in l))).toBe(true);
    expect(JSON.stringify(out)).not.toContain('weightsPerFilter');
    expect(c.layers[0].sweep?.weights.fixed?.['4']).toBe(20);
    expect(out.layers[1].weights).toBe(c.layers[1].weights);
  });

  it('re-attaches the same sweep objects by layer name; unknown layers keep theirs', () => {
    const analysis = config([layer('b', 30), layer('a', 20)]);
    const result = config([layer('a', null), layer('b', null), layer('c', 5)]);
    const out = withSweepsOf(result, analysis);
    expect(out.layers[0].sweep).toBe(analysis.layers[1].sweep);
    expect(out.layers[1].sweep).toBe(analysis.layers[0].sweep);
    expect(out.layers[2].sweep).toBe(result.layers[2].sweep);
    expect(result.layers[0].sweep).toBeUndefined();
  });

  it('strip then re-attach gives back an equal config', () => {
    const c = config([layer('a', 20), layer('b', 30)]);
    expect(withSweepsOf(withoutSweeps(c), c)).toEqual(c);
  });
});
