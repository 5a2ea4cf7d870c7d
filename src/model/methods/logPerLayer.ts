/** NLQ's baseline: log weights with each layer's own full-scale range (src/quant/methods/nlq.ts). */
import { perLayerLogConfig, NLQ_DEFAULT_BITS, type NlqSettings } from '../../quant/methods/nlq';
import { defineMethod } from './types';

export const logPerLayer = defineMethod({
  info: {
    name: 'log-per-layer', title: 'Log, per-layer FSR (NLQ baseline)', knob: 'weight bits (2–8)',
    defaultBudget: NLQ_DEFAULT_BITS, curve: [2, 3, 4, 5, 6, 7, 8], needsGradients: false,
  },
  decide: ({ input, budget, settings }) => perLayerLogConfig(input, budget, settings as NlqSettings & { scheme?: 'log2' | 'log2-sqrt2' }),
});
