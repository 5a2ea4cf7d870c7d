/**
 * Batch-norm folding: a BatchNormalization directly after a conv / depthwise / dense layer
 * is an affine map per output channel, so inference hardware merges it into the layer's
 * weights and bias and quantizes the merged weights. The studio does the same, so the
 * weights it analyses are the ones that would be deployed.
 *
 *   BN(y) = γ · (y − μ) / √(σ² + ε) + β,   with y = w·x + b
 *   ⇒ w' = w · k,   b' = (b − μ) · k + β,   k = γ / √(σ² + ε)    (per output channel c)
 *
 * Worked example (one channel): w = [0.5, −1], b = 0.1, γ = 2, β = 0.3, μ = 0.1, σ² = 3, ε = 1
 *   k = 2 / √4 = 1 → w' = [0.5, −1], b' = (0.1 − 0.1)·1 + 0.3 = 0.3.
 *
 * Layout: channels-last, so element i of the flat kernel belongs to channel i % filters
 * (depthwise: channel c·mult + m, the depthwise output channel order).
 * Arithmetic in float64, results rounded once to float32.
 */
interface BatchNormParams {
  /** Scale γ per channel (all ones when the BN has scale = false). */
  gamma: ArrayLike<number>;
  /** Offset β per channel (all zeros when center = false). */
  beta: ArrayLike<number>;
  mean: ArrayLike<number>;
  variance: ArrayLike<number>;
  epsilon: number;
}

interface FoldedWeights {
  weights: Float32Array;
  bias: Float32Array;
}

/** Per-channel factor k = γ / √(σ² + ε). */
function batchNormFactors(bn: BatchNormParams, filters: number): Float64Array {
  const k = new Float64Array(filters);
  for (let c = 0; c < filters; c++) k[c] = bn.gamma[c] / Math.sqrt(bn.variance[c] + bn.epsilon);
  return k;
}

/**
 * `out`: where the folded weights go (default a new array). It may be `kernel` itself: each
 * element is read once, before it is written, so the fold can run in place.
 */
export function foldBatchNorm(
  kernel: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  filters: number,
  bn: BatchNormParams,
  out?: Float32Array,
): FoldedWeights {
  for (const [what, arr] of [['gamma', bn.gamma], ['beta', bn.beta], ['mean', bn.mean], ['variance', bn.variance]] as const) {
    if (arr.length !== filters) {
      throw new Error(`batch norm ${what} has ${arr.length} values, the layer has ${filters} output channels`);
    }
  }
  const k = batchNormFactors(bn, filters);
  if (out && out.length !== kernel.length) throw new Error(`fold target has ${out.length} values, the kernel ${kernel.length}`);
  const weights = out ?? new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) weights[i] = kernel[i] * k[i % filters];
  const folded = new Float32Array(filters);
  for (let c = 0; c < filters; c++) folded[c] = ((bias ? bias[c] : 0) - bn.mean[c]) * k[c] + bn.beta[c];
  return { weights, bias: folded };
}

/** Fills ones/zeros for a BN built with scale = false / center = false. */
export function filled(n: number, v: number): Float32Array {
  return new Float32Array(n).fill(v);
}
