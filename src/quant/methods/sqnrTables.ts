/**
 * SQNR look-ups for the allocation methods: from the analysis sweep when it has the entry,
 * else measured here on the layer's (folded) kernel with the registry quantizers.
 */
import { fakeQuantize } from '../registry';
import { sqnrDb } from '../sqnr';
import type { ActivationScheme, Granularity, LayerConfig, SqnrDb, WeightScheme } from '../types';
import { sweepAt, type MethodInput } from './common';

/** Per-tensor SQNR for layers whose per-filter error is not tabulated. */
function measured(weights: Float32Array | undefined, scheme: WeightScheme, bits: number, granularity: Granularity,
  filters: number, unitScale?: number): SqnrDb | undefined {
  if (!weights) return undefined;
  const { values } = fakeQuantize(weights, scheme, bits, { granularity, filters, unitScale });
  return sqnrDb(weights, values);
}

/**
 * Weight SQNR (dB) of layer `l` at `bits`: the sweep's per-tensor entry for per-tensor
 * granularity, else measured (per-filter noise summed over the whole kernel).
 * Returns undefined when neither the sweep nor the weights are available.
 */
export function weightSqnr(input: MethodInput, l: number, scheme: WeightScheme, bits: number,
  granularity: Granularity = 'per-tensor', unitScale?: number): SqnrDb | undefined {
  const layer: LayerConfig = input.base.layers[l];
  if (granularity === 'per-tensor' && unitScale === undefined) {
    const s = sweepAt(layer.sweep?.weights, scheme, bits);
    if (s !== undefined) return s;
  }
  return measured(input.weights?.[l], scheme, bits, granularity, layer.filters, unitScale);
}

/** Activation SQNR (dB) of layer `l` from the sweep, or undefined without calibration data. */
export function activationSqnr(input: MethodInput, l: number, scheme: ActivationScheme, bits: number): SqnrDb | undefined {
  return sweepAt(input.base.layers[l].sweep?.activations, scheme, bits);
}

/** Orders SQNR values with null (n/a) below everything and Infinity on top. */
export function sqnrRank(v: SqnrDb | undefined): number {
  if (v === undefined || v === null) return -Infinity;
  return v;
}
