import { describe, expect, it } from 'vitest';
import type { StudioConfig } from '../../quant/types';
import { withSweepsOf, withoutPerFilterTables } from './leanConfig';

function config(hash: string): StudioConfig {
  return {
    format: 'quantization-studio/config', version: 1, model: { hash },
    layers: [
      { name: 'a', sweep: { weights: { fixed: { '4': 20 } }, weightsPerFilter: { fixed: { '4': [19, null, 'Infinity'] } } } },
      { name: 'b' },
    ],
  } as unknown as StudioConfig;
}

describe('lean configs across the worker boundary', () => {
  it('leaves the per-filter tables out of a copy, without changing the original', () => {
    const c = config('h');
    const before = structuredClone(c);
    const lean = withoutPerFilterTables(c);
    expect(lean.layers[0].sweep).toEqual({ weights: { fixed: { '4': 20 } }, weightsPerFilter: {} });
    expect(lean.layers[1]).toBe(c.layers[1]);
    expect(c).toEqual(before);
  });

  it('gives an answer for the same model the page’s own sweep objects back, by layer name', () => {
    const source = config('h');
    const answer = structuredClone(withoutPerFilterTables(source));
    answer.layers.reverse();
    const back = withSweepsOf(answer, source);
    expect(back.layers[1].sweep).toBe(source.layers[0].sweep);
    expect(back.layers[0].sweep).toBeUndefined();
  });

  it('keeps the sweeps of an answer for another model (or when the page had none)', () => {
    const answer = config('other');
    const own = answer.layers[0].sweep;
    expect(withSweepsOf(answer, config('h')).layers[0].sweep).toBe(own);
    expect(withSweepsOf(answer, null).layers[0].sweep).toBe(own);
  });
});
