import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLayersModel, rng } from '../../scripts/make-graph-fixture';
import { foldBatchNorm } from './fold';
import { listLayersModelLayers } from './layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomize(model: tfl.LayersModel, seed: number): void {
  const r = rng(seed);
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    if (ws.length === 0) continue;
    layer.setWeights(ws.map((w, i) => {
      const isVariance = layer.getClassName() === 'BatchNormalization' && i === ws.length - 1;
      return tf.tensor(Float32Array.from({ length: w.size }, () => (isVariance ? 0.2 + r() : r() * 2 - 1)), w.shape);
    }));
  }
}

describe('fold.ts', () => {
  it('worked example of the doc comment', () => {
    const f = foldBatchNorm([0.5, -1], [0.1], 1, { gamma: [2], beta: [0.3], mean: [0.1], variance: [3], epsilon: 1 });
    expect(Array.from(f.weights)).toEqual([0.5, -1]);
    expect(f.bias[0]).toBeCloseTo(0.3, 7);
  });

  it('rejects a BN whose size differs from the filter count', () => {
    expect(() => foldBatchNorm([1, 2], null, 2, { gamma: [1], beta: [0, 0], mean: [0, 0], variance: [1, 1], epsilon: 1e-3 }))
      .toThrow(/gamma has 1 values, the layer has 2 output channels/);
  });
});

describe('listLayersModelLayers', () => {
  it('folded conv output equals conv + batch norm output within 1e-4', () => {
    const model = buildLayersModel(11);
    const { layers } = listLayersModelLayers(model);
    const conv1 = layers[0];
    expect(conv1.foldedBatchNorm).toBe('bn1');
    expect(conv1.activationPoint).toBe('relu1');
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 5);
    const bnOut = tfl.model({ inputs: model.inputs, outputs: model.getLayer('bn1').output as tfl.SymbolicTensor });
    const want = bnOut.predict(x) as tf.Tensor;
    const got = tf.add(tf.conv2d(x as tf.Tensor4D, tf.tensor4d(conv1.weights, [3, 3, 1, 4]), 1, 'valid'), conv1.bias);
    expect(tf.max(tf.abs(tf.sub(want, got))).dataSync()[0]).toBeLessThan(1e-4);
    model.dispose();
  });

  it('folds BN into depthwise and dense layers too, per output channel', () => {
    const input = tfl.input({ shape: [6, 6, 3] });
    const dw = tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, depthMultiplier: 2, useBias: true }).apply(input);
    const bn = tfl.layers.batchNormalization({ name: 'bn_dw', epsilon: 0.01 }).apply(dw);
    const flat = tfl.layers.flatten().apply(bn);
    const fc = tfl.layers.dense({ name: 'fc', units: 5, useBias: false }).apply(flat);
    const bn2 = tfl.layers.batchNormalization({ name: 'bn_fc', center: false }).apply(fc) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: bn2 });
    randomize(model, 3);
    const { layers } = listLayersModelLayers(model);
    expect(layers.map((l) => [l.name, l.filters, l.foldedBatchNorm])).toEqual([['dw', 6, 'bn_dw'], ['fc', 5, 'bn_fc']]);
    const x = tf.randomUniform([2, 6, 6, 3], -1, 1, 'float32', 9);
    const dwRef = tfl.model({ inputs: input, outputs: bn as tfl.SymbolicTensor }).predict(x) as tf.Tensor;
    const dwGot = tf.add(tf.depthwiseConv2d(x as tf.Tensor4D, tf.tensor4d(layers[0].weights, [3, 3, 3, 2]), 1, 'valid'), layers[0].bias);
    expect(tf.max(tf.abs(tf.sub(dwRef, dwGot))).dataSync()[0]).toBeLessThan(1e-4);
    const fcIn = tf.reshape(dwRef, [2, -1]);
    const fcGot = tf.add(tf.matMul(fcIn as tf.Tensor2D, tf.tensor2d(layers[1].weights, [96, 5])), layers[1].bias);
    const fcRef = model.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(fcRef, fcGot))).dataSync()[0]).toBeLessThan(1e-4);
    model.dispose();
  });

  it('MACs per example: a 3×3 conv 16→32 on a 10×10 output is 10·10·3·3·16·32', () => {
    const model = tfl.sequential({ layers: [
      tfl.layers.conv2d({ name: 'c', inputShape: [12, 12, 16], filters: 32, kernelSize: 3 }),
      tfl.layers.depthwiseConv2d({ name: 'd', kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ name: 'fc', units: 7 }),
    ] });
    const [c, d, fc] = listLayersModelLayers(model).layers;
    expect(c.macs).toBe(10 * 10 * 3 * 3 * 16 * 32);
    expect(c.params).toBe(3 * 3 * 16 * 32);
    expect(d.outputShape).toEqual([5, 5, 64]);
    expect(d.macs).toBe(5 * 5 * 3 * 3 * 32 * 2);
    expect(fc.macs).toBe(5 * 5 * 64 * 7);
    expect([c.producers, d.producers, fc.producers]).toEqual([[-1], [0], [1]]);
    model.dispose();
  });

  it('lists weighted layers it cannot quantize as skipped, and finds producers through adds', () => {
    const input = tfl.input({ shape: [8, 8, 2] });
    const a = tfl.layers.conv2d({ name: 'a', filters: 4, kernelSize: 1, activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
    const b = tfl.layers.conv2d({ name: 'b', filters: 4, kernelSize: 1 }).apply(a) as tfl.SymbolicTensor;
    const sum = tfl.layers.add({ name: 'sum' }).apply([a, b]) as tfl.SymbolicTensor;
    const sep = tfl.layers.separableConv2d({ name: 'sep', filters: 4, kernelSize: 3 }).apply(sum) as tfl.SymbolicTensor;
    const bn = tfl.layers.batchNormalization({ name: 'lonely_bn' }).apply(tfl.layers.reLU().apply(sep)) as tfl.SymbolicTensor;
    const out = tfl.layers.conv2d({ name: 'c', filters: 2, kernelSize: 1 }).apply(bn) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    const { layers, skipped } = listLayersModelLayers(model);
    expect(layers.map((l) => l.name)).toEqual(['a', 'b', 'c']);
    expect(layers.map((l) => l.producers)).toEqual([[-1], [0], [0, 1]]);
    expect(skipped.map((s) => s.name)).toEqual(['sep', 'lonely_bn']);
    expect(skipped[0].reason).toMatch(/separable/);
    expect(skipped[1].reason).toMatch(/not directly after/);
    model.dispose();
  });
});
