/** Knapsack: the least total noise within a size budget (src/quant/methods/knapsack.ts). */
import { knapsackConfig, KNAPSACK_DEFAULT_AVERAGE_BITS, type KnapsackSettings } from '../../quant/methods/knapsack';
import { defineMethod } from './types';

export const knapsack = defineMethod({
  info: {
    name: 'knapsack', title: 'Knapsack (size budget)', knob: 'average weight bits (size budget)',
    defaultBudget: KNAPSACK_DEFAULT_AVERAGE_BITS, curve: [2, 2.5, 3, 3.5, 4, 5, 6], needsGradients: false,
  },
  decide: ({ input, budget, settings }) => knapsackConfig(input, budget, settings as KnapsackSettings),
});
