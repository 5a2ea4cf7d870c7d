/**
 * EBS's bit-strength training in tfjs (GradientRuntime.trainBitStrengths; the search and
 * its defaults are described in src/model/ebs.ts): the meta-weight forward (ebsForward.ts)
 * runs the LayersModel with Ŵ = Σ π_i · Q_{b_i}(W') and mixed activations, and Adam
 * minimises cross-entropy + λ · E[BitOPs] / normalisation over the α's only.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { mulberry32 } from '../../quant/random';
import { disposeMixed, expectedBits, installMixedForward, mixedLayer, type MixedLayer } from './ebsForward';
import { throwIfAborted } from '../errors';
import { withModelLock } from '../evaluateCache';
import { exampleShape } from '../runtime/input';
import type { BitStrengthProblem, BitStrengths, GradientJobOptions } from '../runtime/types';
import { firstOutput } from './activationHooks';
import { crossEntropy, outputsAreProbabilities, prepareGradients } from './gradients';
import type { TfjsModel } from './types';

export async function trainBitStrengths(loaded: TfjsModel, p: BitStrengthProblem, opts: GradientJobOptions = {}): Promise<BitStrengths> {
  await prepareGradients();
  const model = loaded.model as LayersModel;
  const train = p.train;
  const per = train.images.length / train.count;
  const dims = exampleShape(loaded.input, per);
  if (typeof dims === 'string') throw new Error(dims);
  const mixed: MixedLayer[] = loaded.layers.map((l, i) => mixedLayer(l, p.kernels[i], p.activations[i]));
  const macs = p.macs;
  const inputBitsAt8 = p.producers.map((ps) => Math.max(...ps.map((q) => (q < 0 ? p.inputBits : mixed[q].alphaA ? 8 : 32))));
  const norm = mixed.reduce((a, _m, i) => a + macs[i] * 8 * inputBitsAt8[i], 0);
  const optimizer = tf.train.adam(p.learningRate);
  const vars = mixed.flatMap((m) => (m.alphaA ? [m.alphaW, m.alphaA] : [m.alphaW]));
  const probe = tf.tensor(train.images.subarray(0, Math.min(4, train.count) * per), [Math.min(4, train.count), ...dims]);
  const probabilities = outputsAreProbabilities(loaded, probe);
  probe.dispose();
  // The meta-weight forward swaps the live model's kernels: no evaluation may run meanwhile.
  const finalLoss = await withModelLock(loaded, async () => {
    const forward = installMixedForward(model, mixed);
    const random = mulberry32(p.seed);
    let loss = NaN;
    try {
      for (let step = 0; step < p.steps; step++) {
        throwIfAborted(opts.signal);
        const n = Math.min(p.batchSize, train.count);
        const idx = Array.from({ length: n }, () => Math.floor(random() * train.count));
        const xs = new Float32Array(n * per);
        idx.forEach((j, k) => xs.set(train.images.subarray(j * per, (j + 1) * per), k * per));
        const x = tf.tensor(xs, [n, ...dims]);
        const y = tf.tensor1d(idx.map((j) => train.labels[j]), 'int32');
        const cost = optimizer.minimize(() => {
          forward.prepare();
          const out = firstOutput(model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[]);
          const ce = crossEntropy(out, y, probabilities);
          let bitops: tf.Tensor = tf.scalar(0);
          const outBits = mixed.map((m) => (m.alphaA ? expectedBits(m.alphaA, p.candidates) : tf.scalar(32)));
          mixed.forEach((m, i) => {
            const eb = expectedBits(m.alphaW, p.candidates);
            const ea = p.producers[i].map((q) => (q < 0 ? tf.scalar(p.inputBits) : outBits[q])).reduce((a, b) => tf.maximum(a, b));
            bitops = tf.add(bitops, tf.mul(tf.mul(eb, ea), macs[i]));
          });
          return tf.add(ce, tf.mul(tf.div(bitops, norm), p.lambda)) as tf.Scalar;
        }, true, vars);
        loss = cost ? (await cost.data())[0] : NaN;
        cost?.dispose();
        x.dispose();
        y.dispose();
        opts.onProgress?.({ done: step + 1, total: p.steps, loss });
        if (step % 8 === 7) await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      forward.restore();
      optimizer.dispose();
    }
    return loss;
  }).catch((e: unknown) => {
    disposeMixed(mixed);
    throw e;
  });
  const strengths = {
    weights: mixed.map((m) => Array.from(tf.tidy(() => tf.softmax(m.alphaW).dataSync()))),
    activations: mixed.map((m) => (m.alphaA ? Array.from(tf.tidy(() => tf.softmax(m.alphaA!).dataSync())) : null)),
    finalLoss,
  };
  disposeMixed(mixed);
  return strengths;
}
