/**
 * Cheap figures recomputed on the main thread after a manual edit: average weight bits,
 * weight size and BitOPs. Accuracy needs the worker and is left as measured (marked stale).
 *
 * averageWeightBits = Σ params_l · b̄_l / Σ params_l, b̄_l = mean of the layer's per-filter bits.
 * sizeBytes = Σ params_l · b̄_l / 8.  bitops = Σ MACs_l · b̄_l · a_l (a_l = 32 when float).
 * Example: two layers of 100 params at 8 and 4 bits → average 6 bits, 75 bytes.
 */
import type { ConfigSummary, LayerConfig, SqnrJson, WeightScheme } from '../../quant/types';

export function meanBits(bits: number | number[]): number {
  if (typeof bits === 'number') return bits;
  return bits.length ? bits.reduce((a, b) => a + b, 0) / bits.length : 0;
}

export function recomputeSummary(layers: LayerConfig[], old: ConfigSummary): ConfigSummary {
  let params = 0;
  let bitSum = 0;
  let bitops = 0;
  for (const l of layers) {
    const b = meanBits(l.weights.bits);
    params += l.params;
    bitSum += l.params * b;
    const a = l.activations.scheme === 'float' || l.activations.bits == null ? 32 : l.activations.bits;
    bitops += l.macs * b * a;
  }
  return {
    ...old,
    averageWeightBits: params ? bitSum / params : 0,
    sizeBytes: Math.ceil(bitSum / 8),
    bitops,
  };
}

/** Weight SQNR of a layer at (scheme, bits) from its sweep table, when the sweep has it. */
export function sweptSqnr(layer: LayerConfig, scheme: WeightScheme, bits: number): SqnrJson | undefined {
  return layer.sweep?.weights?.[scheme]?.[String(bits)];
}
