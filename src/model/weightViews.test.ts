import { describe, expect, it } from 'vitest';
import { foldBatchNorm } from './fold';
import { float32Views, kernelSource } from './weightViews';
import type { WeightSpec } from './manifest';

describe('float32Views', () => {
  it('views plain float32 weights at aligned offsets; quantized or unaligned ones get none', () => {
    const specs: WeightSpec[] = [
      { name: 'a', shape: [2], dtype: 'float32' },
      { name: 'q', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 1, min: 0 } },
      { name: 'c', shape: [1], dtype: 'float32' }, // starts at byte 11: unaligned
      { name: 'i', shape: [1], dtype: 'int32' },
    ];
    const data = new ArrayBuffer(19);
    new Float32Array(data, 0, 2).set([1.5, -2]);
    const views = float32Views(specs, data);
    expect([...views.keys()]).toEqual(['a']);
    expect([...views.get('a')!]).toEqual([1.5, -2]);
    expect(views.get('a')!.buffer).toBe(data);
  });

  it('gives no view past the end of the bytes, and kernelSource refuses a view of the wrong size', () => {
    const specs: WeightSpec[] = [{ name: 'a', shape: [4], dtype: 'float32' }];
    expect(float32Views(specs, new ArrayBuffer(8)).size).toBe(0);
    const source = kernelSource(specs, new ArrayBuffer(16), true);
    expect(source.view('a', 4)?.length).toBe(4);
    expect(source.view('a', 3)).toBeNull();
    expect(source.view('b', 4)).toBeNull();
  });
});

describe('foldBatchNorm in place', () => {
  it('folding into the kernel itself gives the same weights and bias as into a new array', () => {
    const kernel = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i) * 0.7);
    const bn = { gamma: [1.2, 0.5, -0.3], beta: [0.1, 0, -0.2], mean: [0.05, -0.1, 0.3], variance: [0.9, 2.5, 0.01], epsilon: 1e-3 };
    const bias = [0.2, -0.4, 0];
    const fresh = foldBatchNorm(kernel, bias, 3, bn);
    const same = foldBatchNorm(kernel, bias, 3, bn, kernel);
    expect(same.weights).toBe(kernel);
    expect([...kernel]).toEqual([...fresh.weights]);
    expect([...same.bias]).toEqual([...fresh.bias]);
    expect(() => foldBatchNorm(kernel, bias, 3, bn, new Float32Array(5))).toThrow(/fold target has 5 values/);
  });
});
