/** Control: random per-filter bit-widths at a given average (seeded; src/quant/methods/random.ts). */
import { randomConfig, RANDOM_DEFAULT_BITS, type RandomSettings } from '../../quant/methods/random';
import { defineMethod } from './types';

export const random = defineMethod({
  info: {
    name: 'random', title: 'Random widths (control)', knob: 'average weight bits (seeded random per-filter widths)',
    defaultBudget: RANDOM_DEFAULT_BITS, curve: [2.5, 3, 4, 5, 6], needsGradients: false,
  },
  decide: ({ input, budget, settings }) => randomConfig(input, budget, settings as RandomSettings),
});
