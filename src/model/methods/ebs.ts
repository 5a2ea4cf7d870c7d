/**
 * EBS — efficient bit-width search (Li et al., 2020; reconstruction, QUANT-METHODS.md):
 * per layer, softmax strengths α_w, α_a over candidate bits {2, 3, 4, 5, 6, 8}, one shared
 * meta weight Ŵ = Σ π_i Q_{b_i}(W) per layer and mixed activations X̂ = Σ π_j Q_{b_j}(X)
 * with straight-through rounding (ebsForward.ts), trained with Adam on
 *
 *     loss = CE + λ · Σ_l MACs_l · E[b_w,l] · E[inputBits_l] / (the same at all-8-bit),
 *
 * E[b] = Σ π_i b_i, and inputBits_l the bits of the data layer l multiplies, as the cost
 * model counts them (src/quant/config/summary.ts): the expected activation bits of its
 * producer (the widest expectation when several feed it), the network input's bits for the
 * first layer, 32 where the producer's activations stay float. The expected BitOPs are thus
 * relative to the all-8-bit model, counted the way summary.bitops counts the result. Only α is trained — the
 * weights stay the float model's, as in the paper's search phase. Result: argmax π per
 * layer (weights per-tensor fixed point, activations fixed point). λ is the knob: larger λ,
 * fewer bits.
 *
 * Defaults (the browser's, and the results'): 200 steps of 64 train images, Adam lr 0.08,
 * α = 0 (uniform π) at the start — about 30–40 s for the demo LeNet on Node's WASM backend.
 * Example: with λ = 0.3 a layer whose α_w ends at (−2, −1, 0.5, 1.8, 0.9, 0.2) gets 5 bits.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { getQuantizer } from '../../quant/registry';
import { decideLayer, floatActivations, methodConfig } from '../../quant/methods/common';
import { mulberry32 } from '../../quant/random';
import type { StudioConfig } from '../../quant/types';
import { calibrateActivations, firstOutput } from '../applyConfigActivations';
import type { ActivationQuantParams } from '../applyConfigOps';
import { exampleShape } from '../activations';
import { throwIfAborted } from '../errors';
import { withModelLock } from '../evaluateCache';
import { assertDifferentiable, crossEntropy, outputsAreProbabilities, prepareGradients } from '../gradients';
import { disposeMixed, expectedBits, installMixedForward, mixedLayer, type MixedLayer } from './ebsForward';
import { defineMethod, type MethodContext } from './types';
import { DEFAULT_INPUT_BITS, producersOf } from '../../quant/config/summary';

export const EBS_CANDIDATES: readonly number[] = [2, 3, 4, 5, 6, 8];
export const EBS_DEFAULTS = { steps: 200, batchSize: 64, learningRate: 0.08, seed: 1 };

export interface EbsSettings {
  steps?: number;
  batchSize?: number;
  learningRate?: number;
  candidates?: number[];
  seed?: number;
}

function argmax(v: ArrayLike<number>): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[k]) k = i;
  return k;
}

export const ebs = defineMethod({
  info: {
    name: 'ebs', title: 'EBS (differentiable bit search)', knob: 'λ, weight of the BitOPs term',
    defaultBudget: 0.3, curve: [0.02, 0.05, 0.1, 0.2, 0.5, 1], needsGradients: true,
  },
  decide: runEbs,
});

/** Runs the EBS search with knob λ and returns the argmax config (not yet evaluated). */
async function runEbs({ loaded, input, budget: lambda, data, settings, signal, onProgress }: MethodContext): Promise<StudioConfig> {
  assertDifferentiable(loaded, 'EBS');
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new Error(`ebs: λ must be a number ≥ 0, got ${String(lambda)}`);
  const train = data.train ?? data.evaluation;
  if (!train.labels) throw new Error('EBS needs labeled training images');
  const s = { ...EBS_DEFAULTS, ...(settings as EbsSettings) };
  const candidates = (settings as EbsSettings).candidates ?? [...EBS_CANDIDATES];
  await prepareGradients();
  const model = loaded.model as LayersModel;
  const per = train.images.length / train.count;
  const dims = exampleShape(loaded, per);
  if (typeof dims === 'string') throw new Error(dims);

  // Activation ranges from float calibration activations, as the evaluation calibrates them.
  const cal = data.calibration ?? { id: `${train.id}:first64`, images: train.images.subarray(0, 64 * per), count: Math.min(64, train.count) };
  const calib = await calibrateActivations(loaded, cal.images, cal.count, cal.id, { signal: signal });
  const outputs = new Set(input.outputLayers ?? []);
  const mixed: MixedLayer[] = loaded.layers.map((l, i) => {
    const c = calib.layers.get(l.name);
    const acts: ActivationQuantParams[] | null = outputs.has(i) || !c ? null : candidates.map((b) => {
      const signed = !c.nonNegative;
      return { scheme: 'fixed', bits: b, signed, scale: getQuantizer('fixed').calibrate(c.values, b, { signed }).scale };
    });
    return mixedLayer(l, candidates, acts);
  });
  const macs = loaded.layers.map((l) => l.macs);
  const networkInputBits = input.base.inputBits ?? DEFAULT_INPUT_BITS;
  const producers = input.base.layers.map((_, i) => producersOf(input.base.layers, i));
  const inputBitsAt8 = producers.map((ps) => Math.max(...ps.map((p) => (p < 0 ? networkInputBits : mixed[p].alphaA ? 8 : 32))));
  const norm = mixed.reduce((a, _m, i) => a + macs[i] * 8 * inputBitsAt8[i], 0);
  const optimizer = tf.train.adam(s.learningRate);
  const vars = mixed.flatMap((m) => (m.alphaA ? [m.alphaW, m.alphaA] : [m.alphaW]));
  const probe = tf.tensor(train.images.subarray(0, Math.min(4, train.count) * per), [Math.min(4, train.count), ...dims]);
  const probabilities = outputsAreProbabilities(loaded, probe);
  probe.dispose();
  const t0 = performance.now();
  // The meta-weight forward swaps the live model's kernels: no evaluation may run meanwhile.
  const lastLoss = await withModelLock(loaded, async () => {
    const forward = installMixedForward(model, mixed);
    const random = mulberry32(s.seed);
    let loss = NaN;
    try {
      for (let step = 0; step < s.steps; step++) {
        throwIfAborted(signal);
        const n = Math.min(s.batchSize, train.count);
        const idx = Array.from({ length: n }, () => Math.floor(random() * train.count));
        const xs = new Float32Array(n * per);
        idx.forEach((j, k) => xs.set(train.images.subarray(j * per, (j + 1) * per), k * per));
        const x = tf.tensor(xs, [n, ...dims]);
        const y = tf.tensor1d(idx.map((j) => train.labels![j]), 'int32');
        const cost = optimizer.minimize(() => {
          forward.prepare();
          const out = firstOutput(model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[]);
          const ce = crossEntropy(out, y, probabilities);
          let bitops: tf.Tensor = tf.scalar(0);
          const outBits = mixed.map((m) => (m.alphaA ? expectedBits(m.alphaA, candidates) : tf.scalar(32)));
          mixed.forEach((m, i) => {
            const eb = expectedBits(m.alphaW, candidates);
            const ea = producers[i].map((p) => (p < 0 ? tf.scalar(networkInputBits) : outBits[p])).reduce((a, b) => tf.maximum(a, b));
            bitops = tf.add(bitops, tf.mul(tf.mul(eb, ea), macs[i]));
          });
          return tf.add(ce, tf.mul(tf.div(bitops, norm), lambda)) as tf.Scalar;
        }, true, vars);
        loss = cost ? (await cost.data())[0] : NaN;
        cost?.dispose();
        x.dispose();
        y.dispose();
        onProgress?.({ method: 'ebs', stage: 'train', done: step + 1, total: s.steps, loss });
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
  const pis = mixed.map((m) => ({
    w: Array.from(tf.tidy(() => tf.softmax(m.alphaW).dataSync())),
    a: m.alphaA ? Array.from(tf.tidy(() => tf.softmax(m.alphaA!).dataSync())) : null,
  }));
  disposeMixed(mixed);
  const layers = input.base.layers.map((l, i) => decideLayer(l,
    { scheme: 'fixed', bits: candidates[argmax(pis[i].w)], granularity: 'per-tensor' },
    pis[i].a ? { scheme: 'fixed', bits: candidates[argmax(pis[i].a!)] } : floatActivations()));
  const round = (v: number[]) => v.map((p) => Math.round(p * 1000) / 1000);
  return methodConfig(input, 'ebs', lambda, {
    lambda, steps: s.steps, batchSize: s.batchSize, learningRate: s.learningRate, candidates, seed: s.seed,
    finalLoss: lastLoss, trainSeconds: Math.round((performance.now() - t0) / 100) / 10, train: train.id,
    strengths: pis.map((p, i) => ({ layer: loaded.layers[i].name, weights: round(p.w), ...(p.a ? { activations: round(p.a) } : {}) })),
  }, layers);
}
