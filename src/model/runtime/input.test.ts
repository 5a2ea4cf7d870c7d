import { describe, expect, it } from 'vitest';
import { exampleShape, imageSizeFor, parseInputShape, toInputLayout } from './input';
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

describe('parseInputShape (the CLI flag and the page field)', () => {
  it('reads dims separated by commas, spaces, x or ×', () => {
    expect(parseInputShape('1,3,224,224')).toEqual([1, 3, 224, 224]);
    expect(parseInputShape(' 1, 3x224×224 ')).toEqual([1, 3, 224, 224]);
  });
  it('gives a one-line reason for anything else', () => {
    for (const bad of ['', ' , ', '1,-3', '1,0', '1,2.5', '1,abc', `1,${2 ** 21}`]) {
      expect(parseInputShape(bad)).toBe(`input shape '${bad}' is not a list of positive integers like 1,3,224,224`);
    }
  });
});
