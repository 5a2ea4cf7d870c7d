/**
 * Reference point: INT8 as deployed — weights 8-bit fixed point per channel (filter),
 * activations 8-bit fixed point per tensor, calibrated by `activationCalibration`
 * (default max-abs; percentile, mse, kl in src/quant/calibration.ts). The knob is ignored.
 */
import { uniformConfig, type UniformSettings } from '../../quant/methods/uniform';
import { defineMethod } from './types';

export const w8a8 = defineMethod({
  info: {
    name: 'w8a8', title: 'W8A8 per-channel INT8 (reference)', knob: 'none (8-bit weights per channel, 8-bit activations)',
    defaultBudget: 8, curve: [8], needsGradients: false,
  },
  decide: ({ input, settings }) => {
    const cfg = uniformConfig(input, 8, { ...(settings as UniformSettings), granularity: 'per-filter', activationBits: 8 });
    return { ...cfg, method: { ...cfg.method, name: 'w8a8' } };
  },
});
