/**
 * How much the page's evaluation runs at once and in all, sized by the model, so a large
 * model (the 25.6M-parameter ResNet-50 at 224×224×3: 4.1 GMAC and ≈ 11M activation values
 * per image) is evaluated in minutes with bounded memory, while the small demo models keep
 * the fixed sizes they always had.
 *
 *  - Batch: the quantized runner and the calibration capture hold every quantizable layer's
 *    output for the whole batch, so batch = ⌊EVAL_BATCH_VALUES / Σ layer output values per
 *    image⌋, between 1 and DEFAULT_EVAL_BATCH (256). LeNet (8.9k values) → 256;
 *    ResNet-50 (11.1M) → 3 instead of 256 (256 images would be 11 GiB of float32 at once).
 *  - Synthetic inputs (no data fits the model): count = ⌊SYNTHETIC_EVAL_MACS / MACs per
 *    image⌋, between 32 and 256. ResNet-50 (4.09 GMAC) → 33 images instead of 256 (each
 *    evaluation is ~3 passes over them plus a calibration pass); small models keep 256.
 */
import { DEFAULT_EVAL_BATCH } from '../../src/model/evaluate';

/** Activation values one evaluation batch may hold (2^25 float32 = 128 MiB). */
export const EVAL_BATCH_VALUES = 2 ** 25;
/** Multiply-accumulates one pass over the synthetic evaluation inputs may cost (≈ 33 ResNet-50 images). */
export const SYNTHETIC_EVAL_MACS = 2 ** 37;
export const SYNTHETIC_EVAL_MAX = 256;
export const SYNTHETIC_EVAL_MIN = 32;

interface SizedLayer {
  outputShape: readonly (number | null)[];
  macs: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Σ over layers of the output values of one example (unknown dimensions count as 1). */
export function activationValuesPerExample(layers: readonly SizedLayer[]): number {
  return layers.reduce((a, l) => a + l.outputShape.reduce<number>((p, d) => p * (d !== null && d > 0 ? d : 1), 1), 0);
}

/** Images per forward pass for evaluation and its calibration (see the module comment). */
export function evaluationBatch(layers: readonly SizedLayer[]): number {
  const per = activationValuesPerExample(layers);
  return per > 0 ? clamp(Math.floor(EVAL_BATCH_VALUES / per), 1, DEFAULT_EVAL_BATCH) : DEFAULT_EVAL_BATCH;
}

/** How many synthetic inputs the page evaluates a model on (see the module comment). */
export function syntheticEvalCount(layers: readonly SizedLayer[]): number {
  const macs = layers.reduce((a, l) => a + (Number.isFinite(l.macs) && l.macs > 0 ? l.macs : 0), 0);
  return macs > 0 ? clamp(Math.floor(SYNTHETIC_EVAL_MACS / macs), SYNTHETIC_EVAL_MIN, SYNTHETIC_EVAL_MAX) : SYNTHETIC_EVAL_MAX;
}
