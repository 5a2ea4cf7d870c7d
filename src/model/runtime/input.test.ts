import { describe, expect, it } from 'vitest';
import { exampleShape, imageSizeFor, toInputLayout } from './input';
import type { InputSpec } from './types';

const nhwc: InputSpec = { name: 'x', shape: [null, 2, 3, 2], layout: 'NHWC' };
const nchw: InputSpec = { name: 'x', shape: [null, 2, 2, 3], layout: 'NCHW' };

describe('model input at the seam', () => {
  it('fits data by values per example and names the input otherwise', () => {
    expect(exampleShape(nhwc, 12)).toEqual([2, 3, 2]);
    expect(exampleShape(nhwc, 11)).toMatch(/11 values per example.*needs 12/);
    expect(exampleShape({ name: 'pixel_values', shape: [null, 3, null, null], layout: 'NCHW' }, 12)).toMatch(/'pixel_values'.*unknown/);
  });

  it('reads the image size from either layout', () => {
    expect(imageSizeFor(nhwc)).toEqual([2, 3, 2]);
    expect(imageSizeFor(nchw)).toEqual([2, 3, 2]);
    expect(imageSizeFor({ name: 'x', shape: [null, 784], layout: 'NC' })).toBeNull();
  });

  it('transposes HWC images to CHW for NCHW inputs and leaves NHWC alone', () => {
    const img = Float32Array.from([0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15]); // 2×3 pixels, 2 channels
    const two = new Float32Array(24);
    two.set(img, 0);
    two.set(img.map((v) => v + 100), 12);
    expect(toInputLayout(two, 2, [2, 3, 2], nhwc)).toBe(two);
    const out = toInputLayout(two, 2, [2, 3, 2], { ...nchw, shape: [null, 2, 2, 3] });
    expect(Array.from(out.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15]);
    expect(out[12]).toBe(100);
    expect(() => toInputLayout(two, 3, [2, 3, 2], nchw)).toThrow(/not 3 images/);
  });
});
