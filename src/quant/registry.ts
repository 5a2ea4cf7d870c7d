/**
 * The one quantizer registry: keys are the config-JSON scheme names. `fakeQuantize` wraps
 * any scheme per tensor or per filter (filter of element i = i % filters, channels-last).
 */
import type { ActivationScheme, Granularity, WeightScheme } from './types';
import type { QuantizeOptions, QuantParams, Quantizer } from './quantizer';
import { allNonNegative } from './parts/scale';
import { dfpQuantizer } from './quantizers/dfp';
import { fixedQuantizer } from './quantizers/fixed';
import { fixedClipQuantizer } from './quantizers/fixedClip';
import { log2Quantizer } from './quantizers/log2';
import { log2Sqrt2Quantizer } from './quantizers/log2Sqrt2';
import { nlqQuantizer } from './quantizers/nlq';
import { assertBits, assertFilters, assertFinite } from './validate';

export type { QuantizeOptions, QuantParams, Quantizer } from './quantizer';

export const QUANTIZERS: Record<WeightScheme, Quantizer> = {
  fixed: fixedQuantizer,
  'fixed-clip': fixedClipQuantizer,
  dfp: dfpQuantizer,
  log2: log2Quantizer,
  'log2-sqrt2': log2Sqrt2Quantizer,
  nlq: nlqQuantizer,
};

/** The quantizer for a scheme key; throws Error('unknown scheme "…"') for anything else. */
export function getQuantizer(key: string): Quantizer {
  if (!Object.prototype.hasOwnProperty.call(QUANTIZERS, key)) {
    throw new Error(`unknown scheme "${key}" (known: ${Object.keys(QUANTIZERS).join(', ')})`);
  }
  return QUANTIZERS[key as WeightScheme];
}

interface FakeQuantizeOptions extends QuantizeOptions {
  granularity?: Granularity;
  /** Number of filters (required for per-filter): filter of element i is i % filters. */
  filters?: number;
  /** Pre-computed params (1 per tensor, or 1 per filter): skip calibration. */
  params?: QuantParams[];
}

/**
 * Calibrate (unless `params` is given) and fake-quantize x, per tensor or per filter.
 * `bits` may be one number or one per filter (per-filter only). Signedness, when not
 * given, is decided once for the whole tensor (signed unless every element is ≥ 0), so
 * every filter of a layer uses the same kind of code.
 * Example: fakeQuantize(w, 'fixed', [4, 8], { granularity: 'per-filter', filters: 2 })
 * quantizes even elements at 4 bits and odd elements at 8 bits, each with its own scale.
 */
export function fakeQuantize(
  x: Float32Array,
  scheme: WeightScheme | ActivationScheme,
  bits: number | ArrayLike<number>,
  opts: FakeQuantizeOptions = {},
): { values: Float32Array; params: QuantParams[] } {
  const q = getQuantizer(scheme);
  assertFinite(x, `${scheme} input`);
  const signed = opts.signed ?? !allNonNegative(x);
  const calOpts: QuantizeOptions = { signed, unitScale: opts.unitScale };
  if ((opts.granularity ?? 'per-tensor') === 'per-tensor') {
    if (typeof bits !== 'number') {
      if (bits.length !== 1) throw new Error(`per-tensor quantization takes one bit-width, got ${bits.length}`);
      bits = bits[0];
    }
    assertBits(bits);
    const p = opts.params?.[0] ?? q.calibrate(x, bits, calOpts);
    return { values: q.apply(x, p), params: [p] };
  }
  const filters = opts.filters;
  if (filters === undefined) throw new Error('per-filter quantization needs `filters`');
  assertFilters(x.length, filters);
  if (typeof bits !== 'number' && bits.length !== filters) {
    throw new Error(`per-filter bits has ${bits.length} entries for ${filters} filters`);
  }
  if (opts.params && opts.params.length !== filters) {
    throw new Error(`per-filter params has ${opts.params.length} entries for ${filters} filters`);
  }
  const per = x.length / filters;
  const sub = new Float32Array(per);
  const qsub = new Float32Array(per);
  const values = new Float32Array(x.length);
  const params: QuantParams[] = [];
  for (let f = 0; f < filters; f++) {
    for (let j = 0, i = f; j < per; j++, i += filters) sub[j] = x[i];
    const b = typeof bits === 'number' ? bits : bits[f];
    assertBits(b);
    const p = opts.params?.[f] ?? q.calibrate(sub, b, calOpts);
    q.apply(sub, p, qsub);
    for (let j = 0, i = f; j < per; j++, i += filters) values[i] = qsub[j];
    params.push(p);
  }
  return { values, params };
}
