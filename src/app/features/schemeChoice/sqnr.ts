/**
 * Printing and drawing SQNR values for charts. The studio's convention (src/quant/types.ts):
 * `Infinity` (JSON "Infinity") = lossless, `null` = undefined because the signal is all zero.
 * Every value is read by the one reader, `readSqnr` (src/quant/sqnr.ts), so nothing here ever
 * returns NaN: a NaN that slips in is treated like null ("n/a").
 * Shared by the bitMap, schemeChoice and teaching features.
 */
import { readSqnr } from '../../../quant/sqnr';
import type { SqnrJson } from '../../../quant/types';

/** Any spelling of an SQNR a chart may be handed. */
type SqnrInput = SqnrJson | number | null | undefined;

/**
 * Human text: "lossless", "n/a", or dB with one decimal.
 * Examples: formatSqnr(Infinity) → "lossless"; formatSqnr(null) → "n/a"; formatSqnr(24.26) → "24.3 dB".
 */
export function formatSqnr(v: SqnrInput): string {
  const x = readSqnr(v);
  if (x === null) return 'n/a';
  if (x === Infinity) return 'lossless';
  if (x === -Infinity) return '−∞ dB';
  return `${x.toFixed(1)} dB`;
}

/**
 * A finite height to draw for an SQNR, so bars and lines never receive Infinity or NaN:
 * null → null (draw nothing), ±Infinity → the cap (±), finite → clamped to ±cap.
 * Example: drawableSqnr(Infinity, 60) → 60; drawableSqnr(null, 60) → null.
 */
export function drawableSqnr(v: SqnrInput, cap: number): number | null {
  const x = readSqnr(v);
  if (x === null) return null;
  return Math.max(-cap, Math.min(cap, x));
}

/**
 * Cap for drawing lossless values: a little above the largest finite value in view
 * (rounded up to 10 dB), at least 10 dB. Example: [12, 47.3, Infinity, null] → 60.
 */
export function sqnrCap(values: readonly SqnrInput[]): number {
  let max = 0;
  for (const v of values) {
    const x = readSqnr(v);
    if (x !== null && Number.isFinite(x) && x > max) max = x;
  }
  return Math.max(10, Math.ceil((max + 5) / 10) * 10);
}

/**
 * Lower end of an SQNR axis: 0, or the data minimum rounded down to 10 dB when some value
 * is negative; a non-finite minimum (no data) gives 0.
 * Examples: sqnrAxisMin(12) → 0; sqnrAxisMin(−3.2) → −10; sqnrAxisMin(NaN) → 0.
 */
export function sqnrAxisMin(dataMin: number): number {
  return Number.isFinite(dataMin) ? Math.min(0, Math.floor(dataMin / 10) * 10) : 0;
}

/**
 * Axis [min, max] and round ticks (10 dB steps, 20 above a 100 dB span) for SQNR values
 * drawn with `cap` as the top. Examples: ([12, 47], 50) → domain [0, 50], ticks [0, 10, …, 50];
 * ([−3, 20], 30) → domain [−10, 30].
 */
export function sqnrAxis(values: readonly (number | null | undefined)[], cap: number): { domain: [number, number]; ticks: number[] } {
  let min = Infinity;
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v) && v < min) min = v;
  const lo0 = sqnrAxisMin(min);
  const step = cap - lo0 > 100 ? 20 : 10;
  const lo = Math.floor(lo0 / step) * step;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= cap; t += step) ticks.push(t);
  return { domain: [lo, cap], ticks };
}
