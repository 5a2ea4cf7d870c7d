/** Number formatting for the UI: compact counts, bytes, dB, durations. */
import { readSqnr } from '../../quant/sqnr';
import type { SqnrJson } from '../../quant/types';

export function compact(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(abs >= 1e10 ? 0 : 1)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return String(Math.round(n));
}

export function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

/** SQNR (any spelling `readSqnr` reads) in dB: "∞" when lossless, "–" when undefined. */
export function db(v: SqnrJson | undefined): string {
  const x = readSqnr(v);
  if (x === null) return '–';
  if (x === Infinity) return '∞';
  return `${x.toFixed(1)} dB`;
}

/** SQNR as a number for charts: lossless is capped, undefined is null. */
export function dbValue(v: SqnrJson | undefined, cap = 60): number | null {
  const x = readSqnr(v);
  return x === null ? null : Math.min(cap, x);
}

export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return 'estimating…';
  if (ms < 1000) return 'less than a second left';
  const s = Math.round(ms / 1000);
  if (s < 60) return `about ${s} s left`;
  return `about ${Math.floor(s / 60)} min ${s % 60} s left`;
}

export function shape(dims: number[]): string {
  return dims.map((d) => (d < 0 ? '?' : d)).join('×');
}

export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`;
}
