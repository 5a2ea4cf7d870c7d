/** What a numeric field accepts, and the one-line message for an entry it does not. */

export interface NumberRule {
  min: number;
  max: number;
  /** Accepted values are min + k·step (within rounding); undefined = any value in range. */
  step?: number;
  /** Shown after the field and in the message: "bits", "dB", "%"… */
  unit: string;
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** The range in words: "2–8 bits", "0.1–20 % in steps of 0.1". */
export function describeRule(r: NumberRule): string {
  const unit = r.unit && r.unit !== 'unitless' ? ` ${r.unit}` : '';
  const step = r.step === undefined ? '' : r.step === 1 ? ', whole numbers' : `, in steps of ${fmt(r.step)}`;
  return `${fmt(r.min)}–${fmt(r.max)}${unit}${step}`;
}

/** null when `raw` is accepted, else why not (one short sentence). */
export function checkNumber(raw: string, r: NumberRule): string | null {
  if (raw.trim() === '') return `Enter a value: ${describeRule(r)}.`;
  const v = Number(raw);
  if (!Number.isFinite(v)) return `Not a number: enter ${describeRule(r)}.`;
  if (v < r.min || v > r.max) return `${fmt(v)} is out of range: enter ${describeRule(r)}.`;
  if (r.step !== undefined) {
    const k = (v - r.min) / r.step;
    if (Math.abs(k - Math.round(k)) > 1e-6) return `${fmt(v)} is not allowed: enter ${describeRule(r)}.`;
  }
  return null;
}
