/**
 * The WASM gradient shims (wasmGradKernels.ts) against the CPU backend's own kernels:
 * gradients of conv2d and depthwiseConv2d for several strides/paddings, and of a
 * training-mode batch norm (the tile-free gradient).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';

interface Case {
  op: 'conv' | 'depthwise' | 'batchnorm';
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: number;
  pad: 'same' | 'valid';
  dilation?: number;
}

const cases: Case[] = [
  { op: 'conv', x: [2, 9, 9, 1], f: [5, 5, 1, 4], strides: 1, pad: 'same' },
  { op: 'conv', x: [3, 10, 8, 3], f: [3, 3, 3, 5], strides: 2, pad: 'valid' },
  { op: 'conv', x: [2, 7, 7, 2], f: [3, 3, 2, 2], strides: 2, pad: 'same' },
  { op: 'depthwise', x: [2, 8, 8, 3], f: [3, 3, 3, 1], strides: 1, pad: 'same' },
  { op: 'depthwise', x: [2, 9, 7, 2], f: [3, 3, 2, 2], strides: 2, pad: 'valid' },
  { op: 'depthwise', x: [1, 8, 8, 2], f: [3, 3, 2, 1], strides: 2, pad: 'same' },
  { op: 'batchnorm', x: [4, 5, 5, 3], f: [3, 1, 1, 1], strides: 1, pad: 'same' },
];

function random(shape: number[], seed: number): Float32Array {
  let s = seed;
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return out;
}

/** Gradients of a training-mode batch norm (mean/variance from the batch) wrt x, scale, offset. */
function batchNormGradients(c: Case, xData: Float32Array, fData: Float32Array): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(xData, c.x);
    const scale = tf.tensor1d(fData.slice(0, c.x[3])).add(1);
    const offset = tf.tensor1d(fData.slice(0, c.x[3]).reverse());
    const loss = (a: tf.Tensor, g: tf.Tensor, o: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, [0, 1, 2]);
      const y = tf.batchNorm(a, mean, variance, o, g, 1e-3);
      return tf.sum(tf.mul(y, tf.sin(tf.range(0, y.size).reshape(y.shape))));
    };
    return tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)([x, scale, offset])
      .map((g) => g.dataSync() as Float32Array);
  });
}

function gradients(c: Case, xData: Float32Array, fData: Float32Array): Float32Array[] {
  if (c.op === 'batchnorm') return batchNormGradients(c, xData, fData);
  return tf.tidy(() => {
    const x = tf.tensor4d(xData, c.x);
    const f = tf.tensor4d(fData, c.f);
    const loss = (a: tf.Tensor4D, b: tf.Tensor4D) => {
      const y = c.op === 'conv'
        ? tf.conv2d(a, b, c.strides, c.pad)
        : tf.depthwiseConv2d(a, b, c.strides, c.pad, 'NHWC', c.dilation ?? 1);
      return tf.sum(tf.mul(y, tf.sin(tf.range(0, y.size).reshape(y.shape))));
    };
    const [gx, gf] = tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)([x, f]);
    return [gx.dataSync() as Float32Array, gf.dataSync() as Float32Array];
  });
}

const results: Record<string, Float32Array[][]> = {};

beforeAll(async () => {
  // CPU first: activating WASM also swaps in the BatchNorm gradient under test.
  for (const backend of ['cpu', 'wasm'] as const) {
    expect(await initBackend(backend)).toBe(backend);
    results[backend] = cases.map((c, i) => gradients(c, random(c.x, 7 + i), random(c.f, 99 + i)));
  }
});

describe('WASM training kernels match the CPU backend', () => {
  cases.forEach((c, i) => {
    const label = `${c.op} x[${c.x}] f[${c.f}] stride ${c.strides} ${c.pad}`;
    it(label, () => {
      const names = c.op === 'batchnorm' ? ['dx', 'dScale', 'dOffset'] : ['dx', 'dW'];
      names.forEach((name, k) => {
        const [a, b] = [results.cpu[i][k], results.wasm[i][k]];
        expect(b.length, name).toBe(a.length);
        let err = 0;
        for (let j = 0; j < a.length; j++) err = Math.max(err, Math.abs(a[j] - b[j]));
        expect(err, `${name} max |Δ|`).toBeLessThan(1e-4);
      });
    });
  });
});
