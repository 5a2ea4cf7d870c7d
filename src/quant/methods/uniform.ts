/**
 * Uniform baseline: the same bit-width for every layer — fixed-point weights with a
 * max-abs scale per tensor ('uniform') or per filter ('uniform-per-filter'), and (by
 * default) activations at the same bit-width, fixed-point with a max-abs scale, unsigned
 * after ReLU. The knob is the bit-width b ∈ 2..8.
 *
 * Example: b = 4 on a layer of 150 weights in 6 filters, per filter → weights
 * {scheme: 'fixed', bits: 4, granularity: 'per-filter'}, storage 150·4 + 6·32 = 792 bits.
 */
import type { ActivationCalibration } from '../calibration';
import type { ActivationScheme, Granularity, StudioConfig, WeightScheme } from '../types';
import { activationsAt, checkBitsKnob, decideLayer, methodConfig, type ActivationBits, type MethodInput } from './common';

export interface UniformSettings {
  granularity?: Granularity;
  /** Activation bits: 'same' (= b, the default), a fixed number, or 'float'. */
  activationBits?: ActivationBits | 'same';
  activationScheme?: ActivationScheme;
  weightScheme?: WeightScheme;
  /** Fixed-point activation calibration (default max-abs; src/quant/calibration.ts). */
  activationCalibration?: ActivationCalibration;
}

export const UNIFORM_DEFAULT_BITS = 8;

/** All layers at `bits` (see module comment). */
export function uniformConfig(input: MethodInput, bits: number = UNIFORM_DEFAULT_BITS, settings: UniformSettings = {}): StudioConfig {
  const granularity = settings.granularity ?? 'per-tensor';
  const name = granularity === 'per-filter' ? 'uniform-per-filter' : 'uniform';
  checkBitsKnob(name, bits);
  const aBits = settings.activationBits === undefined || settings.activationBits === 'same' ? bits : settings.activationBits;
  const weightScheme = settings.weightScheme ?? 'fixed';
  const cal = settings.activationCalibration;
  const acts = activationsAt(aBits, settings.activationScheme ?? 'fixed');
  const layers = input.base.layers.map((l) => decideLayer(l,
    { scheme: weightScheme, bits, granularity },
    cal && acts.scheme === 'fixed' ? { ...acts, calibration: cal } : acts));
  return methodConfig(input, name, bits, { granularity, activationBits: aBits, weightScheme, ...(cal ? { activationCalibration: cal } : {}) }, layers);
}
