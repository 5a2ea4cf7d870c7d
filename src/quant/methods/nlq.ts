/**
 * NLQ — normalization-based log quantization with ONE log unit for the whole network
 * (reconstruction from the thesis abstract, docs/methods.md; quantizer in
 * quantizers/nlq.ts). Every layer's weights are normalised by a power of two
 * s_l = 2^ceil(log2 max|w_l|), quantized by the same base-√2 log unit whose full-scale
 * range u (on normalised data) is shared by all layers, and rescaled by s_l.
 *
 * The shared u is chosen once for the network: the u ∈ {2^(−k/8), k = 0..32} (1 down to
 * 1/16: wide enough that the optimum is interior on the demos — a range of [0.5, 1] put it
 * on the 0.5 edge, zeroing most small weights at 3 bits) minimising the parameter-weighted
 * noise Σ_l params_l / SQNR_l(u) (the additive-noise rule), when the kernels are
 * available; else u = 1. The config records whether the pick is on an edge of the range. Its comparison baseline, {@link perLayerLogConfig},
 * gives every layer its own FSR (log2-sqrt2 with the top level searched per layer).
 *
 * Knob: bits b ∈ 2..8 (weights). Activations: `activationBits` (default 8, fixed-point).
 * Example: b = 4 → L = 7 magnitudes u·2^(−k/2), k = 0..6, plus zero, in every layer.
 */
import type { ActivationScheme, StudioConfig, WeightScheme } from '../types';
import { activationsAt, checkBitsKnob, decideLayer, methodConfig, noiseRatio, type ActivationBits, type MethodInput } from './common';
import { weightSqnr } from './sqnrTables';

export interface NlqSettings {
  /** Shared unit FSR; default: searched (see module comment). */
  unitScale?: number;
  activationBits?: ActivationBits;
  activationScheme?: ActivationScheme;
}

export const NLQ_DEFAULT_BITS = 4;
const NLQ_UNIT_CANDIDATES: readonly number[] = Array.from({ length: 33 }, (_, k) => 2 ** (-k / 8));

/** The shared unit u minimising Σ params_l / SQNR_l at `bits` (1 without kernels). */
function searchSharedUnit(input: MethodInput, bits: number): number {
  if (!input.weights) return 1;
  let best = 1;
  let bestNoise = Infinity;
  for (const u of NLQ_UNIT_CANDIDATES) {
    let noise = 0;
    input.base.layers.forEach((l, i) => { noise += l.params * noiseRatio(weightSqnr(input, i, 'nlq', bits, 'per-tensor', u)); });
    if (noise < bestNoise) {
      bestNoise = noise;
      best = u;
    }
  }
  return best;
}

function logConfig(input: MethodInput, name: string, scheme: WeightScheme, bits: number,
  settings: NlqSettings, extra: Record<string, unknown>): StudioConfig {
  checkBitsKnob(name, bits);
  const aBits = settings.activationBits ?? 8;
  const layers = input.base.layers.map((l) => decideLayer(l,
    { scheme, bits, granularity: 'per-tensor' }, activationsAt(aBits, settings.activationScheme ?? 'fixed')));
  return methodConfig(input, name, bits, { activationBits: aBits, ...extra }, layers);
}

/** NLQ config: one shared log unit at `bits` (see module comment). */
export function nlqConfig(input: MethodInput, bits: number = NLQ_DEFAULT_BITS, settings: NlqSettings = {}): StudioConfig {
  checkBitsKnob('nlq', bits);
  const unitScale = settings.unitScale ?? searchSharedUnit(input, bits);
  if (!(unitScale > 0) || !Number.isFinite(unitScale)) throw new Error(`nlq: unitScale must be > 0, got ${String(unitScale)}`);
  const searched = settings.unitScale === undefined && input.weights !== undefined;
  const lo = NLQ_UNIT_CANDIDATES[NLQ_UNIT_CANDIDATES.length - 1];
  const edge = !searched ? null : unitScale === 1 ? 'upper (1)' : unitScale === lo ? `lower (${lo})` : null;
  return logConfig(input, 'nlq', 'nlq', bits, settings, {
    unitScale, unit: 'shared base-√2 log unit, power-of-two normalisers',
    ...(searched ? { unitSearch: { range: [lo, 1], candidates: NLQ_UNIT_CANDIDATES.length, onEdge: edge } } : {}),
  });
}

/** Baseline: per-layer FSR log quantization ('log2-sqrt2', or 'log2') at `bits`. */
export function perLayerLogConfig(input: MethodInput, bits: number = NLQ_DEFAULT_BITS, settings: NlqSettings & { scheme?: 'log2' | 'log2-sqrt2' } = {}): StudioConfig {
  const scheme = settings.scheme ?? 'log2-sqrt2';
  return logConfig(input, 'log-per-layer', scheme, bits, settings, { scheme });
}
