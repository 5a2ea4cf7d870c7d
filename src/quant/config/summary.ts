/**
 * The config's summary figures, computed from its layers with the cost model (cost.ts).
 *
 *   averageWeightBits = Σ_l params_l · mean(b_w,l) / Σ_l params_l
 *   sizeBytes         = Σ_l weightStorageBits(params_l, b_w,l, filters_l, granularity_l, scaleBits(scheme_l)) / 8
 *   bitops            = Σ_l MACs_l · mean(b_w,l) · b_a,l      (b_a = 32 for float activations)
 *   floatSizeBytes    = Σ_l params_l · 4,   floatBitops = Σ_l MACs_l · 32 · 32
 *
 * Scope: the quantizable layers' kernels (biases, folded batch norms and layers the studio
 * skips stay float and are counted in neither figure). b_a,l is the bit-width of layer l's
 * own activation point, as the config records one activation setting per layer. Weights at
 * 32 bits mean "left in float" (stored as float32, no scales).
 *
 * Example: one conv, 1,000 weights in 10 filters, fixed 8-bit per tensor, 8-bit activations,
 * 50,000 MACs → averageWeightBits 8, sizeBytes (8,000 + 32) / 8 = 1,004,
 * bitops 50,000 · 8 · 8 = 3.2e6, floatSizeBytes 4,000, floatBitops 5.12e7.
 */
import { averageBits, bitops, scaleBitsFor, weightStorageBits } from '../cost';
import type { ConfigSummary, LayerConfig } from '../types';

export const FLOAT_BITS = 32;

export type SummaryFigures = Pick<ConfigSummary, 'averageWeightBits' | 'sizeBytes' | 'bitops' | 'floatSizeBytes' | 'floatBitops'>;

export function activationBits(layer: Pick<LayerConfig, 'activations'>): number {
  const a = layer.activations;
  return a.scheme === 'float' || a.bits === null ? FLOAT_BITS : a.bits;
}

export function summarizeLayers(layers: readonly LayerConfig[]): SummaryFigures {
  let params = 0;
  let weightedBits = 0;
  let sizeBits = 0;
  let ops = 0;
  let floatOps = 0;
  for (const l of layers) {
    const w = l.weights;
    params += l.params;
    weightedBits += l.params * averageBits(w.bits);
    sizeBits += typeof w.bits === 'number' && w.bits >= FLOAT_BITS
      ? l.params * FLOAT_BITS // a layer left in float: no scales
      : weightStorageBits(l.params, w.bits, l.filters, w.granularity, scaleBitsFor(w.scheme));
    ops += bitops(l.macs, w.bits, activationBits(l));
    floatOps += l.macs * FLOAT_BITS * FLOAT_BITS;
  }
  return {
    averageWeightBits: params > 0 ? weightedBits / params : 0,
    sizeBytes: sizeBits / 8,
    bitops: ops,
    floatSizeBytes: (params * FLOAT_BITS) / 8,
    floatBitops: floatOps,
  };
}
