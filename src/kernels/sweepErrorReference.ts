/**
 * The CPU reference of the fused sweep kernel: fake-quantize with src/quant's own
 * quantizer (apply) at every bit-width and sum x² and (x − q)² in float64. The WebGPU
 * program is tested against this, and this against src/quant's SQNR.
 *
 *   signal = Σ x²,   noise_b = Σ (x − Q_b(x))²,   SQNR_b = 10 · log10(signal / noise_b)
 *
 * Example: x = [0.9, −0.2, 0.5], fixed, 3 bits, scale 0.3 → q = [0.9, −0.3, 0.6] →
 * signal = 1.1, noise = 0.01 + 0.01 = 0.02 → 17.4 dB.
 */
import { getQuantizer } from '../quant/registry';
import { SWEEP_COLUMNS, toQuantParams, type SweepErrorAttrs } from './sweepParams';

interface SweepSums {
  /** Σ x² (float64). */
  signal: number;
  /** Σ (x − q)² per bit-width, in the order of attrs.bits (float64). */
  noise: number[];
}

/** Reference sums of one tensor for every bit-width of attrs (see module comment). */
export function sweepErrorSums(x: Float32Array, a: SweepErrorAttrs): SweepSums {
  const quantizer = getQuantizer(a.scheme);
  let signal = 0;
  for (let i = 0; i < x.length; i++) signal += x[i] * x[i];
  const q = new Float32Array(x.length);
  const noise = a.bits.map((bits, j) => {
    quantizer.apply(x, toQuantParams(a.scheme, bits, a.signed, a.scales[j]), q);
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - q[i];
      s += d * d;
    }
    return s;
  });
  return { signal, noise };
}

/**
 * Packs float64 sums into the kernel's float32 output layout [2, SWEEP_COLUMNS]: row 0 the
 * float32-rounded sums, row 1 what that rounding dropped, so the host's float64 sum of the
 * rows gives the float64 value back to ≈ 2⁻⁴⁸. Example: 1/3 → rows 0.33333334, −9.9e−9.
 */
export function packSums(s: SweepSums): Float32Array {
  const out = new Float32Array(2 * SWEEP_COLUMNS);
  const put = (col: number, v: number): void => {
    const hi = Math.fround(v);
    out[col] = hi;
    out[SWEEP_COLUMNS + col] = Math.fround(v - hi);
  };
  put(0, s.signal);
  s.noise.forEach((v, j) => put(1 + j, v));
  return out;
}

/** Host side: add the partial rows of a kernel output in float64 (any number of rows). */
export function unpackSums(partials: ArrayLike<number>, nBits: number): SweepSums {
  const rows = partials.length / SWEEP_COLUMNS;
  let signal = 0;
  const noise = new Array<number>(nBits).fill(0);
  for (let r = 0; r < rows; r++) {
    const o = r * SWEEP_COLUMNS;
    signal += partials[o];
    for (let j = 0; j < nBits; j++) noise[j] += partials[o + 1 + j];
  }
  return { signal, noise };
}
