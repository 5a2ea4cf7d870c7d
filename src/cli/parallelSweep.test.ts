/**
 * The worker-thread sweep lends each layer's weights to a worker (transferred there and
 * back, no copy) and gives the same sweeps as the in-process one.
 */
import { describe, expect, it } from 'vitest';
import { sweepInProcess } from '../model/analyze';
import { mulberry32 } from '../quant/random';
import { ownsBuffer, startSweepPool } from './parallelSweep';

function layer(name: string, n: number, filters: number, seed: number) {
  const rand = mulberry32(seed);
  return { name, filters, weights: Float32Array.from({ length: n }, () => rand() * 2 - 1) };
}

describe('startSweepPool', () => {
  it('sweeps like the in-process runner and puts every layer\'s weights back', async () => {
    const big = new Float32Array(600);
    const layers = [layer('a', 4096, 16, 1), layer('b', 512, 8, 2), layer('c', 1152, 64, 3),
      { name: 'view', filters: 4, weights: big.subarray(100, 356) }];
    const copies = layers.map((l) => l.weights.slice());
    expect(layers.map((l) => ownsBuffer(l.weights))).toEqual([true, true, true, false]);
    const pool = startSweepPool(2);
    let done = 0;
    const got = await pool.runner(layers, {}, () => done++);
    expect(done).toBe(layers.length);
    layers.forEach((l, i) => expect(l.weights).toEqual(copies[i]));
    expect(layers[3].weights.buffer).toBe(big.buffer);
    const want = await sweepInProcess(layers, {}, () => {});
    expect(got).toEqual(want);
  }, 60_000);
});
