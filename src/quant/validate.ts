/**
 * Input guards shared by every quantizer: the math assumes finite data and a sane
 * bit-width, and a NaN that slips in would surface much later as a NaN SQNR in a chart.
 */
import { isQuantBits, QUANT_BITS } from './bits';

/**
 * Throws an Error naming the first NaN or ±Infinity in `x`.
 * Example: assertFinite(new Float32Array([1, NaN]), 'conv1 weights')
 *   → Error('conv1 weights: element 1 is NaN; quantization needs finite values')
 */
export function assertFinite(x: ArrayLike<number>, what: string): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    // v - v is 0 for finite v, NaN for NaN and ±Infinity: one cheap test per element.
    if (v - v !== 0) {
      const kind = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      throw new Error(`${what}: element ${i} is ${kind}; quantization needs finite values`);
    }
  }
}

/**
 * Throws unless `bits` is an integer in 2..16.
 * Example: assertBits(1.5) → Error('bits must be an integer in 2..16, got 1.5')
 */
export function assertBits(bits: number): void {
  if (!isQuantBits(bits)) {
    throw new Error(`bits must be an integer in ${QUANT_BITS.min}..${QUANT_BITS.max}, got ${String(bits)}`);
  }
}

/** Throws unless `filters` is a positive integer that divides `length`. */
export function assertFilters(length: number, filters: number): void {
  if (!Number.isInteger(filters) || filters < 1) {
    throw new Error(`filters must be a positive integer, got ${String(filters)}`);
  }
  if (length % filters !== 0) {
    throw new Error(`${length} elements do not split evenly into ${filters} filters`);
  }
}
