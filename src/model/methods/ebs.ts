/**
 * EBS — efficient bit-width search (Li et al., 2020; reconstruction, docs/methods.md):
 * per layer, softmax strengths α_w, α_a over candidate bits {2, 3, 4, 5, 6, 8}, one shared
 * meta weight Ŵ = Σ π_i Q_{b_i}(W) per layer and mixed activations X̂ = Σ π_j Q_{b_j}(X)
 * with straight-through rounding, trained with Adam on
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
 * fewer bits. The training runs in the model's runtime (GradientRuntime.trainBitStrengths;
 * tfjs: src/model/tfjs/ebsTrain.ts); this file builds the problem and reads the decision.
 *
 * Defaults (the browser's, and the results'): 200 steps of 64 train images, Adam lr 0.08,
 * α = 0 (uniform π) at the start — about 30–40 s for the demo LeNet on Node's WASM backend.
 * Example: with λ = 0.3 a layer whose α_w ends at (−2, −1, 0.5, 1.8, 0.9, 0.2) gets 5 bits.
 */
import { argmax } from '../../quant/argmax';
import { fakeQuantize, getQuantizer } from '../../quant/registry';
import { decideLayer, floatActivations, methodConfig } from '../../quant/methods/common';
import type { StudioConfig } from '../../quant/types';
import { calibrateActivations } from '../applyConfigActivations';
import { requireGradients } from '../runtime/capabilities';
import type { ActivationFakeQuant } from '../runtime/types';
import { DEFAULT_INPUT_BITS, producersOf } from '../../quant/config/summary';
import { defineMethod, type MethodContext } from './types';

const EBS_CANDIDATES: readonly number[] = [2, 3, 4, 5, 6, 8];
const EBS_DEFAULTS = { steps: 200, batchSize: 64, learningRate: 0.08, seed: 1 };

interface EbsSettings {
  steps?: number;
  batchSize?: number;
  learningRate?: number;
  candidates?: number[];
  seed?: number;
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
  const gradients = requireGradients(loaded, 'EBS');
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new Error(`ebs: λ must be a number ≥ 0, got ${String(lambda)}`);
  const train = data.train ?? data.evaluation;
  if (!train.labels) throw new Error('EBS needs labeled training images');
  const s = { ...EBS_DEFAULTS, ...(settings as EbsSettings) };
  const candidates = (settings as EbsSettings).candidates ?? [...EBS_CANDIDATES];
  const per = train.images.length / train.count;

  // Activation ranges from float calibration activations, as the evaluation calibrates them.
  const cal = data.calibration ?? { id: `${train.id}:first64`, images: train.images.subarray(0, 64 * per), count: Math.min(64, train.count) };
  const calib = await calibrateActivations(loaded, cal.images, cal.count, cal.id, { signal });
  const outputs = new Set(input.outputLayers ?? []);
  const activations = loaded.layers.map((l, i): ActivationFakeQuant[] | null => {
    const c = calib.layers.get(l.name);
    return outputs.has(i) || !c ? null : candidates.map((b) => {
      const signed = !c.nonNegative;
      return { scheme: 'fixed', bits: b, signed, scale: getQuantizer('fixed').calibrate(c.values, b, { signed }).scale };
    });
  });
  const kernels = loaded.layers.map((l) => candidates.map((b) => fakeQuantize(l.weights, 'fixed', b).values));
  const producers = input.base.layers.map((_, i) => producersOf(input.base.layers, i));
  const t0 = performance.now();
  const pis = await gradients.trainBitStrengths({
    candidates, kernels, activations, macs: loaded.layers.map((l) => l.macs), producers,
    inputBits: input.base.inputBits ?? DEFAULT_INPUT_BITS, lambda,
    train: { images: train.images, labels: train.labels, count: train.count },
    steps: s.steps, batchSize: s.batchSize, learningRate: s.learningRate, seed: s.seed,
  }, { signal, onProgress: (p) => onProgress?.({ method: 'ebs', stage: 'train', done: p.done, total: p.total, loss: p.loss }) });
  const layers = input.base.layers.map((l, i) => decideLayer(l,
    { scheme: 'fixed', bits: candidates[argmax(pis.weights[i])], granularity: 'per-tensor' },
    pis.activations[i] ? { scheme: 'fixed', bits: candidates[argmax(pis.activations[i]!)] } : floatActivations()));
  const round = (v: number[]) => v.map((p) => Math.round(p * 1000) / 1000);
  return methodConfig(input, 'ebs', lambda, {
    lambda, steps: s.steps, batchSize: s.batchSize, learningRate: s.learningRate, candidates, seed: s.seed,
    finalLoss: pis.finalLoss, trainSeconds: Math.round((performance.now() - t0) / 100) / 10, train: train.id,
    strengths: pis.weights.map((w, i) => ({ layer: loaded.layers[i].name, weights: round(w), ...(pis.activations[i] ? { activations: round(pis.activations[i]!) } : {}) })),
  }, layers);
}
