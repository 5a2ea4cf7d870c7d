/**
 * IEEE 754 half-precision conversion, as tfjs stores float16-quantized weights
 * (`quantization: {dtype: 'float16'}`): 1 sign bit, 5 exponent bits (bias 15), 10 mantissa
 * bits. Example: 0x3c00 = 1.0, 0xc000 = −2.0, 0x7bff = 65504 (largest finite), 0x7c00 = +Inf.
 */

/** Decodes one half (as an unsigned 16-bit integer) to a number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24; // zero and subnormals
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export function decodeFloat16(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = halfToFloat(src[i]);
  return out;
}

/**
 * Encodes a number to half precision with round-to-nearest-even; values beyond 65504
 * become ±Infinity, NaN stays NaN. Example: floatToHalf(1/3) = 0x3555 (0.333251953125).
 */
export function floatToHalf(v: number): number {
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -24 / 2) return sign; // rounds to zero
  let exp = Math.floor(Math.log2(a));
  if (2 ** exp > a) exp -= 1; // guard log2 rounding
  if (exp < -14) {
    // subnormal: value = mant · 2^-24
    const mant = roundHalfEven(a / 2 ** -24);
    return sign | mant; // mant may reach 1024 = smallest normal, which encodes correctly
  }
  let mant = roundHalfEven((a / 2 ** exp - 1) * 1024);
  if (mant === 1024) {
    mant = 0;
    exp += 1;
  }
  if (exp > 15) return sign | 0x7c00;
  return sign | ((exp + 15) << 10) | mant;
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export function encodeFloat16(src: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = floatToHalf(src[i]);
  return out;
}
