/**
 * Signal-to-quantization-noise ratio, the error metric of every method in the studio:
 *
 *   SQNR_dB(x, q) = 10 · log10( Σ x² / Σ (x − q)² )
 *
 * Sums are float64 (float32 sums over millions of elements lose several dB at 8 bits).
 * Zero error → +Infinity ("lossless"); all-zero x → null ("n/a"); never NaN.
 * Example: x = [1, −1], q = [0.9, −1] → 10·log10(2 / 0.01) = 23.01 dB.
 */
import type { SqnrDb, SqnrJson } from './types';

/** SQNR in dB (see module comment). Throws on length mismatch or non-finite data. */
export function sqnrDb(x: ArrayLike<number>, q: ArrayLike<number>): SqnrDb {
  if (x.length !== q.length) throw new Error(`sqnrDb: ${x.length} signal vs ${q.length} quantized elements`);
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const d = v - q[i];
    signal += v * v;
    noise += d * d;
  }
  return sqnrFromSums(signal, noise);
}

/**
 * SQNR in dB from Σx² and Σ(x − q)² (what the fused sweep loops accumulate).
 * Example: sqnrFromSums(2, 0.01) = 23.01; sqnrFromSums(0, 0) = null; sqnrFromSums(2, 0) = Infinity.
 */
export function sqnrFromSums(signal: number, noise: number): SqnrDb {
  if (!Number.isFinite(signal) || !Number.isFinite(noise)) {
    throw new Error('sqnrDb: non-finite values in the signal or its quantized copy');
  }
  if (signal === 0) return null;
  if (noise === 0) return Infinity;
  return 10 * Math.log10(signal / noise);
}

/** Mean squared error, float64. Example: mse([1, 2], [1, 1.5]) = 0.125. Empty → 0. */
export function mse(x: ArrayLike<number>, q: ArrayLike<number>): number {
  if (x.length !== q.length) throw new Error(`mse: ${x.length} vs ${q.length} elements`);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - q[i];
    s += d * d;
  }
  return x.length ? s / x.length : 0;
}

/** JSON form: Infinity → "Infinity" (JSON has no Infinity). Example: 23.01 → 23.01. */
export function sqnrToJson(v: SqnrDb): SqnrJson {
  if (v === null) return null;
  if (v === Infinity) return 'Infinity';
  if (!Number.isFinite(v)) throw new Error(`sqnrToJson: ${String(v)} is not a valid SQNR`);
  return v;
}

/** Inverse of sqnrToJson; throws on anything else (a dropped file is not trusted). */
export function sqnrFromJson(v: SqnrJson): SqnrDb {
  if (v === null) return null;
  if (v === 'Infinity') return Infinity;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new Error(`not an SQNR value: ${JSON.stringify(v)}`);
}

/**
 * An SQNR as one plain number, for packed arrays (typed arrays, the worker wire, the config's
 * packed tables): null → NaN, "Infinity" → +Infinity, a number → itself.
 */
export function sqnrToNumber(v: SqnrJson): number {
  return v === null ? NaN : v === 'Infinity' ? Infinity : v;
}

/** Inverse of sqnrToNumber: NaN → null, +Infinity → "Infinity". Example: sqnrFromNumber(NaN) = null. */
export function sqnrFromNumber(n: number): SqnrJson {
  return Number.isNaN(n) ? null : n === Infinity ? 'Infinity' : n;
}

/**
 * Any spelling of an SQNR (JSON, dB, absent) as dB for display and arithmetic: "Infinity" →
 * Infinity, a number → itself, null / undefined / NaN → null ("n/a"). Never NaN.
 * Example: readSqnr('Infinity') = Infinity; readSqnr(undefined) = null; readSqnr(12.5) = 12.5.
 */
export function readSqnr(v: SqnrJson | number | undefined): SqnrDb {
  if (v === 'Infinity') return Infinity;
  return typeof v === 'number' && !Number.isNaN(v) ? v : null;
}

/** dB → power ratio. Example: 30 dB → 1000. */
export function dbToLinear(db: number): number {
  return 10 ** (db / 10);
}

/** Power ratio → dB. Example: 1000 → 30 dB; 0 → −Infinity. */
export function linearToDb(ratio: number): number {
  return 10 * Math.log10(ratio);
}

/**
 * Noise adds across layers to first order: 1/SQNR_out ≈ Σ 1/SQNR_l (linear ratios).
 * Lossless layers add nothing; null (all-zero layers) are skipped; no noise → Infinity.
 * Example: [30, 30] dB → 1/(1/1000 + 1/1000) = 500 → 26.99 dB.
 */
export function combineSqnrDb(layers: readonly SqnrDb[]): SqnrDb {
  let inv = 0;
  for (const db of layers) if (db !== null && db !== Infinity) inv += 1 / dbToLinear(db);
  return inv === 0 ? Infinity : linearToDb(1 / inv);
}
