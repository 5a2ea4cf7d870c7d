/** Deterministic test/benchmark data: a seeded PRNG and common distributions. */
import { mulberry32 } from '../random';

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export const rng = mulberry32;

/** n values uniform on [lo, hi). */
export function uniform(n: number, lo = -1, hi = 1, seed = 1): Float32Array {
  const r = rng(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = lo + (hi - lo) * r();
  return x;
}

/** n values from N(0, sigma²) (Box–Muller). */
export function normal(n: number, sigma = 1, seed = 1): Float32Array {
  const r = rng(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - r();
    const v = r();
    const m = sigma * Math.sqrt(-2 * Math.log(u));
    x[i] = m * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) x[i + 1] = m * Math.sin(2 * Math.PI * v);
  }
  return x;
}

/** Laplace(0, b) values: heavier tails, like trained weights. */
export function laplace(n: number, b = 1, seed = 1): Float32Array {
  const r = rng(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = r() - 0.5;
    x[i] = -b * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
  }
  return x;
}
