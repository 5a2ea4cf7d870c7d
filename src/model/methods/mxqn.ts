/** MXQN: per layer, fixed point or log, whichever reaches the SQNR target (src/quant/methods/mxqn.ts). */
import { mxqnConfig, MXQN_DEFAULT_TARGET_DB, type MxqnSettings } from '../../quant/methods/mxqn';
import { defineMethod } from './types';

export const mxqn = defineMethod({
  info: {
    name: 'mxqn', title: 'MXQN (fixed/log by SQNR)', knob: 'per-layer SQNR target (dB)',
    defaultBudget: MXQN_DEFAULT_TARGET_DB, curve: [8, 12, 16, 20, 24, 28, 32, 40], needsGradients: false,
  },
  decide: ({ input, budget, settings }) => mxqnConfig(input, budget, settings as MxqnSettings),
});
