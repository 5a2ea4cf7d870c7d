/**
 * Plain-language notes for the teaching panel: one per scheme (shown next to its levels)
 * and one per method. Formulas are plain Unicode text. Sources: docs/methods.md
 * and the doc comments of src/quant; "reconstruction" marks methods whose papers' full text
 * is not public, so the studio implements its own reading of the abstract.
 */
import type { WeightScheme } from '../../../quant/types';

export interface SchemeNote {
  scheme: WeightScheme;
  name: string;
  formula: string;
  summary: string;
}

export const SCHEME_NOTES: Readonly<Record<WeightScheme, SchemeNote>> = {
  fixed: {
    scheme: 'fixed', name: 'Fixed-point (max-abs scale)',
    formula: 's = max|x| / (2^(b−1) − 1),  q = clamp(round(x / s), −(2^(b−1) − 1), 2^(b−1) − 1) · s',
    summary: 'Evenly spaced levels from −max|x| to +max|x|. Every extra bit halves the step and buys about 6 dB of SQNR.',
  },
  'fixed-clip': {
    scheme: 'fixed-clip', name: 'Fixed-point, clipped',
    formula: 's = r · max|x| / (2^(b−1) − 1), r ∈ (0, 1] chosen to maximise SQNR',
    summary: 'Gives up the rare largest values (they saturate) to get a finer step where most values are.',
  },
  dfp: {
    scheme: 'dfp', name: 'Dynamic fixed-point',
    formula: 'IL = ceil(log2 max|x|) + 1,  FL = b − IL,  q = clamp(round(x · 2^FL), −2^(b−1), 2^(b−1) − 1) · 2^(−FL)',
    summary: 'Fixed-point whose step is a power of two, so rescaling is a bit shift in hardware; the range may overshoot max|x| by up to 2×.',
  },
  log2: {
    scheme: 'log2', name: 'Logarithmic, base 2',
    formula: 'e_max = round(log2 max|x|),  q = sign(x) · 2^e, e = round(log2|x|) ∈ [e_max − L + 1, e_max], else 0;  L = 2^(b−1) − 1',
    summary: 'Levels crowd near zero and spread out for large values, like bell-shaped weights and activations do. Multiplying by 2^e is a shift.',
  },
  'log2-sqrt2': {
    scheme: 'log2-sqrt2', name: 'Logarithmic, √2 step',
    formula: 'q = sign(x) · s · 2^(e/2),  e = round(2 · log2(|x| / s)) ∈ [−(L − 1), 0], else 0;  s searched for the best SQNR',
    summary: 'Two levels per octave instead of one: a finer log grid with the same shape, at the cost of one extra multiply by √2.',
  },
  nlq: {
    scheme: 'nlq', name: 'NLQ: one shared log unit',
    formula: 's_l = 2^ceil(log2 max|x_l|),  q = s_l · Q_unit(x / s_l),  Q_unit = √2-step log quantizer shared by all layers',
    summary: 'Each layer is scaled by a power of two into one common range, so a single log quantizer serves the whole network (reconstruction).',
  },
};

export interface MethodNote {
  key: string;
  name: string;
  formula: string;
  paragraph: string;
  /** True when the studio implements its own reconstruction from a paper's abstract. */
  reconstruction: boolean;
  source: string;
}

export const METHOD_NOTES: readonly MethodNote[] = [
  {
    key: 'uniform', name: 'Uniform k-bit', reconstruction: false,
    source: 'baseline (e.g. Jacob et al. 2018)',
    formula: 's = max|x| / (2^(b−1) − 1),  q = round(x / s) · s,  same b for every layer',
    paragraph:
      'Every layer gets the same bit-width and fixed-point weights with a max-abs scale, either one scale per tensor or one per filter. ' +
      'It is the yardstick every other method must beat: anything that spends its bits more cleverly should sit above the uniform points on the Pareto chart.',
  },
  {
    key: 'mxqn', name: 'MXQN: mixed fixed / log by SQNR', reconstruction: false,
    source: 'MXQN (fixed vs log chosen by SQNR, no retraining)',
    formula: 'scheme_l = argmax over {fixed, log2, log √2} of SQNR_l(b_l);  1 / SQNR_out ≈ Σ_l 1 / SQNR_l',
    paragraph:
      'Weights stay fixed-point. For each layer’s activations MXQN measures, on calibration data, the SQNR of fixed-point and of log quantization at that layer’s bit-width and keeps whichever is higher — log tends to win at low bit-widths on bell-shaped data. ' +
      'Bit-widths are the smallest meeting an SQNR target, either per layer or for the whole network using the rule that noise adds up across layers. Nothing is retrained.',
  },
  {
    key: 'nlq', name: 'NLQ: normalization-based log quantization', reconstruction: true,
    source: 'reconstruction from a thesis abstract',
    formula: 'x̂ = x / s_l,  s_l = 2^ceil(log2 max|x_l|);  q = s_l · Q_log(x̂)  with one Q_log (one full-scale range u) for all layers',
    paragraph:
      'Each layer’s values are divided by a power of two so that every layer lands in the same range, then one shared logarithmic quantizer is used everywhere and the result is scaled back. ' +
      'The question it answers: can a single hardware log unit serve every layer with the same accuracy as giving each layer its own range? The studio compares it with per-layer log quantization.',
  },
  {
    key: 'cq', name: 'CQ: class-based per-filter bits', reconstruction: true,
    source: 'Sun et al., DATE 2023 — reconstruction',
    formula: 'T = |a · ∂L/∂a| (per class c, filter f);  score_f = #{c : T̂_c,f > τ} ∈ 0…C;  more score → more bits',
    paragraph:
      'For every class, the studio back-propagates the loss and measures how much each filter’s output matters (a Taylor estimate). A filter’s score is the number of classes it is important for. ' +
      'Starting from 8 bits everywhere, the least important groups of filters lose bits one at a time while the accuracy drop stays within ε, so important filters keep more bits than unimportant ones.',
  },
  {
    key: 'ebs', name: 'EBS: efficient bit-width search', reconstruction: true,
    source: 'Li et al., 2020 — reconstruction',
    formula: 'Ŵ = Σ_i π_i · Q_{b_i}(W),  π = softmax(α);  loss = CE + λ · Σ_l MACs_l · E[b_w,l] · E[b_a,l];  BitOPs = MACs · b_w · b_a',
    paragraph:
      'Each layer holds a learnable preference α over candidate bit-widths. One shared weight tensor is quantized at every candidate and mixed by the softmax of α, so training can weigh accuracy against the expected BitOPs. ' +
      'After training each layer takes its most likely bit-width; sweeping λ traces a Pareto front. BitOPs count b_w · b_a binary dot products per multiply, as in binary decomposition.',
  },
  {
    key: 'knapsack', name: 'Knapsack allocation under a size budget', reconstruction: false,
    source: 'baseline (cheap SQNR sensitivity)',
    formula: 'minimise Σ_l params_l / SQNR_l(b_l)  subject to  Σ_l size_l(b_l) ≤ budget  (linear SQNR)',
    paragraph:
      'Each layer has a menu of bit-widths, each with a size and a measured SQNR. A dynamic program picks one option per layer so that the total size fits the budget and the parameter-weighted noise is as small as possible. ' +
      'It needs no gradients or retraining — only the SQNR sweep — which makes it a cheap, strong baseline.',
  },
];
