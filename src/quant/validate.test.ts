import { describe, expect, it } from 'vitest';
import { assertBits, assertFilters, assertFinite } from './validate';

describe('assertFinite', () => {
  it('accepts finite data, including empty', () => {
    expect(() => assertFinite(new Float32Array([0, -1, 3e38]), 'w')).not.toThrow();
    expect(() => assertFinite(new Float32Array(0), 'w')).not.toThrow();
  });
  it('names the first NaN / Infinity and its index', () => {
    expect(() => assertFinite(new Float32Array([1, NaN, Infinity]), 'conv1 weights')).toThrow(
      'conv1 weights: element 1 is NaN; quantization needs finite values',
    );
    expect(() => assertFinite([0, 0, -Infinity], 'a')).toThrow('a: element 2 is -Infinity');
    expect(() => assertFinite([Infinity], 'a')).toThrow('element 0 is Infinity');
  });
});

describe('assertBits', () => {
  it('accepts integers 2..16', () => {
    for (let b = 2; b <= 16; b++) expect(() => assertBits(b)).not.toThrow();
  });
  it.each([1, 17, 0, -3, 4.5, NaN, Infinity])('rejects %s with a clear message', (b) => {
    expect(() => assertBits(b)).toThrow(/bits must be an integer in 2\.\.16/);
  });
});

describe('assertFilters', () => {
  it('requires a positive integer dividing the length', () => {
    expect(() => assertFilters(12, 4)).not.toThrow();
    expect(() => assertFilters(12, 5)).toThrow('12 elements do not split evenly into 5 filters');
    expect(() => assertFilters(12, 0)).toThrow('filters must be a positive integer');
  });
});
