/** Uniform baseline, per filter: every layer at the same bit-width, one scale per filter. */
import { uniformConfig, UNIFORM_DEFAULT_BITS, type UniformSettings } from '../../quant/methods/uniform';
import { defineMethod } from './types';

export const uniformPerFilter = defineMethod({
  info: {
    name: 'uniform-per-filter', title: 'Uniform (per filter)', knob: 'bits (2–8), weights and activations',
    defaultBudget: UNIFORM_DEFAULT_BITS, curve: [2, 3, 4, 5, 6, 7, 8], needsGradients: false,
  },
  decide: ({ input, budget, settings }) => uniformConfig(input, budget, { ...(settings as UniformSettings), granularity: 'per-filter' }),
});
