/**
 * What each method's budget field accepts, in the unit a person thinks in. The worker's
 * budget is the method's own number; a knob may show it scaled (CQ's ε is a fraction of
 * accuracy, shown in percentage points). A method this table does not know (a new control
 * method) gets a rule derived from its curve, so it still says what it accepts.
 */
import type { MethodInfo } from '../../bridge';
import type { NumberRule } from '../../components/numberRule';
import { MAX_BITS, MIN_BITS } from '../../../quant/types';

interface Knob {
  /** The field's label, e.g. "Bits", "Allowed accuracy drop ε". */
  label: string;
  rule: NumberRule;
  /** Shown value = budget × scale (default 1). */
  scale: number;
}

const BITS: Omit<Knob, 'label'> = { rule: { min: MIN_BITS, max: MAX_BITS, step: 1, unit: 'bits' }, scale: 1 };

const KNOWN: Record<string, Knob> = {
  uniform: { label: 'Bits', ...BITS },
  'uniform-per-filter': { label: 'Bits', ...BITS },
  nlq: { label: 'Weight bits', ...BITS },
  'log-per-layer': { label: 'Weight bits', ...BITS },
  mxqn: { label: 'SQNR target per layer', rule: { min: 0, max: 60, step: 0.5, unit: 'dB' }, scale: 1 },
  knapsack: { label: 'Average weight bits', rule: { min: MIN_BITS, max: MAX_BITS, step: 0.05, unit: 'bits/weight' }, scale: 1 },
  cq: { label: 'Allowed accuracy drop ε', rule: { min: 0.1, max: 20, step: 0.1, unit: '% points' }, scale: 100 },
  ebs: { label: 'λ (weight of the BitOPs term)', rule: { min: 0.001, max: 10, step: 0.001, unit: 'unitless' }, scale: 1 },
};

/** The knob of a method: known, else from its knob text and curve (range 0 … 10× its largest curve budget). */
export function knobFor(info: MethodInfo): Knob {
  const known = KNOWN[info.name];
  if (known) return known;
  if (/bits/.test(info.knob) && !/average/.test(info.knob)) return { label: 'Bits', ...BITS };
  const top = Math.max(info.defaultBudget, ...info.curve);
  const label = info.knob.split(',')[0];
  return { label: label.charAt(0).toUpperCase() + label.slice(1), rule: { min: 0, max: top > 0 ? top * 10 : 100, unit: 'unitless' }, scale: 1 };
}

/** The shown value of a budget, rounded to the knob's step so 0.01 × 100 shows as 1, not 1.0000000000000002. */
export function shownBudget(knob: Knob, budget: number): number {
  const v = budget * knob.scale;
  return Number(v.toPrecision(10));
}
