/**
 * The activation half of a config's QuantPlan, runtime-agnostic: every quantizable layer's
 * activation point (after its folded BN and directly following activation, see layers.ts)
 * is fake-quantized with the scheme and bits of the config, calibrated on float activations
 * that the runtime captured (LoadedModel.capture).
 *
 * Calibration: the registry quantizer's own `calibrate` on the float model's activations
 * over the calibration images (max-abs for fixed and log2, the SQNR-searched top level for
 * log2-sqrt2), or for fixed point the config's `calibration` (percentile, MSE-searched clip,
 * KL; src/quant/calibration.ts); signed unless every calibration value is ≥ 0 (or as the
 * config says).
 */
import { getQuantizer } from '../quant/registry';
import { allNonNegative } from '../quant/parts/scale';
import { calibrateFixedActivations } from '../quant/calibration';
import { sqnrDb } from '../quant/sqnr';
import type { SqnrDb, StudioConfig } from '../quant/types';
import { captureActivations } from './activations';
import { matchLayers } from './applyConfig';
import type { ActivationSubstitution, LoadedModel } from './runtime/types';

/** Float activations of the calibration images, per layer (subsampled for the log search). */
export interface CalibrationActivations {
  id: string;
  layers: Map<string, { values: Float32Array; nonNegative: boolean }>;
}

/** QuantPlan.activations' entry with the SQNR of its quantizer on the calibration values. */
interface ActivationPlanEntry extends ActivationSubstitution {
  sqnrDb: SqnrDb;
}

/** At most this many values per layer are kept for calibration (max-abs kept exactly). */
const MAX_CALIBRATION_VALUES = 1 << 20;

/** Strided subsample that always keeps the largest and smallest value. */
function subsample(x: Float32Array, max: number): Float32Array {
  if (x.length <= max) return x;
  const stride = Math.ceil(x.length / max);
  let hi = 0;
  let lo = 0;
  for (let i = 1; i < x.length; i++) {
    if (x[i] > x[hi]) hi = i;
    if (x[i] < x[lo]) lo = i;
  }
  const out = new Float32Array(Math.ceil(x.length / stride) + 2);
  let k = 0;
  for (let i = 0; i < x.length; i += stride) out[k++] = x[i];
  out[k++] = x[hi];
  out[k++] = x[lo];
  return out.subarray(0, k);
}

/** Captures calibration activations of every layer (float model). */
export async function calibrateActivations(loaded: LoadedModel, images: Float32Array, count: number, id: string,
  opts: { signal?: AbortSignal; batchSize?: number } = {}): Promise<CalibrationActivations> {
  const acts = await captureActivations(loaded, images, count, { signal: opts.signal, batchSize: opts.batchSize });
  const layers = new Map<string, { values: Float32Array; nonNegative: boolean }>();
  for (const [name, a] of acts) layers.set(name, { values: subsample(a.values, MAX_CALIBRATION_VALUES), nonNegative: allNonNegative(a.values) });
  return { id, layers };
}

/** Activation params for every quantized activation point of a config. */
export function planActivations(loaded: LoadedModel, config: StudioConfig, calib: CalibrationActivations | null): ActivationPlanEntry[] {
  const plan: ActivationPlanEntry[] = [];
  for (const { layer, cfg } of matchLayers(loaded, config)) {
    const a = cfg.activations;
    if (a.scheme === 'float' || a.bits === null) continue;
    const c = calib?.layers.get(layer.name);
    if (!c) throw new Error(`layer '${layer.name}': activations need calibration data (no images fit the model)`);
    const signed = a.signed ?? !c.nonNegative;
    const p = a.scheme === 'fixed' && a.calibration && a.calibration !== 'max-abs'
      ? calibrateFixedActivations(c.values, a.bits, signed, a.calibration)
      : getQuantizer(a.scheme).calibrate(c.values, a.bits, { signed });
    const params: ActivationSubstitution['params'] = { scheme: a.scheme, bits: a.bits, signed, scale: p.scale };
    plan.push({ layer: layer.name, point: layer.activationPoint, params, sqnrDb: sqnrDb(c.values, getQuantizer(a.scheme).apply(c.values, p)) });
  }
  return plan;
}

