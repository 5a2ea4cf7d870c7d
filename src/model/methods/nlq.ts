/** NLQ: log weights with one log unit shared by every layer (src/quant/methods/nlq.ts). */
import { nlqConfig, NLQ_DEFAULT_BITS, type NlqSettings } from '../../quant/methods/nlq';
import { defineMethod } from './types';

export const nlq = defineMethod({
  info: {
    name: 'nlq', title: 'NLQ (one shared log unit)', knob: 'weight bits (2–8)',
    defaultBudget: NLQ_DEFAULT_BITS, curve: [2, 3, 4, 5, 6, 7, 8], needsGradients: false,
  },
  decide: ({ input, budget, settings }) => nlqConfig(input, budget, settings as NlqSettings),
});
