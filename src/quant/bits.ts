/**
 * Bit-width ranges, defined once. The quantizers (validate.ts `assertBits`), the config
 * validator (config/restore.ts), the generated JSON Schema (config/schema.ts), the methods'
 * bit knobs and the page's inputs all read these, so a width one of them accepts is a width
 * all of them accept.
 *
 * - A quantizer works at QUANT_BITS (2..16, sign bit included: one bit leaves a signed
 *   quantizer no magnitude levels, so 1 is refused everywhere).
 * - The analysis sweeps, the methods choose from and the page edits SWEEP_BITS (2..8).
 * - FLOAT_BITS (32) in a config means "left in float32", not a quantizer setting.
 */

/** Range a quantizer accepts (weights and activations alike). */
export const QUANT_BITS = { min: 2, max: 16 } as const;

/** Bit-widths of the analysis sweep, the methods' budgets and the page's bit inputs. */
export const SWEEP_BITS: readonly number[] = [2, 3, 4, 5, 6, 7, 8];
export const MIN_BITS = SWEEP_BITS[0];
export const MAX_BITS = SWEEP_BITS[SWEEP_BITS.length - 1];

/** A weight "bit-width" of 32 marks a layer left in float32 (stored as float, no scales). */
export const FLOAT_BITS = 32;

/** An integer bit-width a quantizer can apply. Example: isQuantBits(2) → true, isQuantBits(1) → false. */
export function isQuantBits(b: unknown): b is number {
  return typeof b === 'number' && Number.isInteger(b) && b >= QUANT_BITS.min && b <= QUANT_BITS.max;
}

/** A weight bit-width a config may hold: a quantizer width, or FLOAT_BITS. */
export function isWeightBits(b: unknown): b is number {
  return b === FLOAT_BITS || isQuantBits(b);
}

/** The regular expression of a sweep table's bit-width key ("2".."16"): the schema's and the validator's. */
export const BITS_KEY_PATTERN = '^([2-9]|1[0-6])$';
