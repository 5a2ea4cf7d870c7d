import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { getQuantizer } from '../quant/registry';
import type { ActivationScheme } from '../quant/types';
import { fakeQuantizeSte, fakeQuantizeTensor, levelTable } from './applyConfigOps';
import { useWasm } from './testingHelpers';

beforeAll(async () => {
  await useWasm();
});

function data(n: number, signed: boolean, seed: number): Float32Array {
  let s = seed;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Float32Array.from({ length: n }, (_, i) => {
    const v = Math.exp(4 * u() - 3) * (signed && u() < 0.5 ? -1 : 1);
    return i % 17 === 0 ? 0 : v;
  });
}

describe('activation fake-quant ops equal the registry quantizers', () => {
  const schemes: ActivationScheme[] = ['fixed', 'log2', 'log2-sqrt2'];
  for (const scheme of schemes) {
    for (const signed of [false, true]) {
      it(`${scheme} ${signed ? 'signed' : 'unsigned'} 2..8 bits`, () => {
        const x = data(6000, signed, 7 + signed.toString().length);
        for (let bits = 2; bits <= 8; bits++) {
          const q = getQuantizer(scheme);
          const p = q.calibrate(x, bits, { signed });
          const ref = q.apply(x, p);
          const got = tf.tidy(() => fakeQuantizeTensor(tf.tensor1d(x), { scheme, bits, signed, scale: p.scale }).dataSync());
          const levels = [0, ...levelTable({ scheme, bits, signed, scale: p.scale })];
          const onGrid = (v: number) => levels.some((l) => Math.abs(Math.abs(v) - l) <= l * 2 ** -22);
          let differ = 0;
          let offGrid = 0;
          for (let i = 0; i < x.length; i++) {
            if (!onGrid(got[i])) offGrid++;
            if (Math.abs(got[i] - ref[i]) > Math.abs(ref[i]) * 2 ** -22) differ++;
          }
          // Every output is a registry level (to one float32 ulp)…
          expect(offGrid).toBe(0);
          // Only float32-vs-float64 rounding decisions at boundaries may differ.
          expect(differ / x.length).toBeLessThan(1e-3);
        }
      });
    }
  }

  it('zero scale gives zeros; the straight-through version passes gradients unchanged', () => {
    const x = tf.tensor1d([0.3, -0.7, 2]);
    expect(Array.from(fakeQuantizeTensor(x, { scheme: 'fixed', bits: 4, signed: true, scale: 0 }).dataSync())).toEqual([0, 0, 0]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(fakeQuantizeSte(t, { scheme: 'log2', bits: 3, signed: true, scale: 1 }), tf.tensor1d([1, 2, 3]))))(x);
    expect(Array.from(g.dataSync())).toEqual([1, 2, 3]);
  });
});
