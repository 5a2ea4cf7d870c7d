/**
 * The WebAssembly sort kernel against the TypeScript path it replaces: the committed module
 * is the .wat compiled (no drift), and every array SortedFilter exposes comes out the same
 * bit for bit, on edge cases and on random filters (fast-check), through the kernel pool.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileWat } from '../../../scripts/wat.mjs';
import { decodeBase64 } from '../base64';
import { SortedFilter } from './sortedFilter';
import { SORT_KERNEL_WASM } from './sortKernelWasm';

/** Loads every filter of x both ways; returns the number of filters compared. */
function expectSame(x: Float32Array, filters: number): number {
  const n = x.length / filters;
  const wasm = new SortedFilter(n);
  const js = new SortedFilter(n, false);
  expect(wasm.usesWasm).toBe(true);
  expect(js.usesWasm).toBe(false);
  try {
    for (let f = 0; f < filters; f++) {
      wasm.load(x, filters, f);
      js.load(x, filters, f);
      expect(wasm.n).toBe(js.n);
      const same = (u: ArrayLike<number>, v: ArrayLike<number>, len: number, what: string) => {
        for (let i = 0; i < len; i++) if (!Object.is(u[i], v[i])) expect.fail(`${what}[${i}] of filter ${f}: ${u[i]} vs ${v[i]}`);
      };
      same(wasm.gathered, js.gathered, n, 'gathered');
      same(wasm.a, js.a, n, 'a');
      same(wasm.neg, js.neg, n, 'neg');
      for (const k of ['p1', 'p2', 'c1', 'c2'] as const) same(wasm[k], js[k], n + 1, k);
      for (const t of [0, js.a[0] ?? 0, js.a[n >> 1] ?? 0, Infinity]) expect(wasm.index.lowerBound(t)).toBe(js.index.lowerBound(t));
    }
  } finally {
    wasm.release();
  }
  return filters;
}

describe('the sort kernel', () => {
  it('is sortKernel.wat compiled (node scripts/build-wasm.mjs after an edit)', async () => {
    const text = readFileSync(new URL('./sortKernel.wat', import.meta.url), 'utf8');
    expect([...await compileWat(text)]).toEqual([...decodeBase64(SORT_KERNEL_WASM)]);
  });

  it('sorts edge cases as the TypeScript path does', () => {
    expectSame(new Float32Array(64), 4); // all zero
    expectSame(Float32Array.from({ length: 96 }, (_, i) => [-0, 1e-40, -1e-40, 3.4e38, -3.4e38, 1][i % 6]), 3); // ±0, denormals, extremes
    expectSame(Float32Array.from({ length: 3000 }, (_, i) => (i % 2 ? 1 : -1) * (i % 10)), 3); // ties of both signs
    expectSame(Float32Array.from({ length: 7 }, (_, i) => i - 3.5), 7); // one-element filters
    expectSame(new Float32Array(0), 1); // empty
    // Keys sharing their high 21 bits in reverse order: the insertion pass gives up, all digits by radix.
    expectSame(Float32Array.from({ length: 5000 }, (_, i) => 1 + (5000 - i) * 2 ** -23), 1);
  });

  it('sorts random filters as the TypeScript path does (fast-check)', () => {
    const value = fc.oneof(
      fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e3), max: Math.fround(1e3) }),
      fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e-30), max: Math.fround(1e-30) }),
      fc.constantFrom(0, -0, 1, -1, 0.5),
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.array(value, { minLength: 1, maxLength: 400 }), (filters, vs) => {
      const n = Math.floor(vs.length / filters);
      if (n === 0) return;
      expectSame(Float32Array.from(vs.slice(0, n * filters)), filters);
    }), { numRuns: 200 });
  });

  it('reuses a released kernel for a larger filter with fresh views', () => {
    const small = new SortedFilter(10);
    small.load(Float32Array.from([3, -1, 2, 0, 5, -4, 1, 1, -2, 7]), 1, 0);
    expect([...small.a.subarray(0, 10)]).toEqual([0, 1, 1, 1, 2, 2, 3, 4, 5, 7]);
    small.release();
    const big = Float32Array.from({ length: 6000 }, (_, i) => Math.sin(i) * (i % 7));
    expect(expectSame(big, 2)).toBe(2);
  });
});
