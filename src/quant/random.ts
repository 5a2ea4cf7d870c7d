/**
 * mulberry32: a tiny seeded PRNG (32-bit state, period 2^32) returning floats in [0, 1).
 * The one generator behind every seeded thing in the studio: synthetic inputs, test and
 * benchmark data, training augmentation, EBS initialisation, synthetic models and fixtures.
 * Example: mulberry32(42)() is the same number on every machine and run.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
