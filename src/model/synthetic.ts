/**
 * Synthetic calibration inputs for a model whose input matches no data: `count` examples
 * of the model's input shape, uniform in [0, 1), from a seeded generator (mulberry32), so
 * the same model always gets the same batch and its analysis is reproducible.
 */
import { mulberry32 } from '../quant/random';


export const SYNTHETIC_SEED = 0x5eed;

/** `count` examples of shape `dims` (no batch dimension), back to back, uniform in [0, 1). */
export function syntheticInputs(dims: readonly number[], count: number, seed = SYNTHETIC_SEED): Float32Array {
  const per = dims.reduce((a, b) => a * b, 1);
  const out = new Float32Array(per * count);
  const next = mulberry32(seed);
  for (let i = 0; i < out.length; i++) out[i] = next();
  return out;
}

/** The config.data note for an analysis on synthetic inputs. */
export function syntheticNote(inputShape: readonly (number | null)[], count: number): string {
  const shape = inputShape.slice(1).join(',');
  return `no data matches input [${shape}]; activations and fidelity measured on ${count} synthetic inputs (uniform 0..1)`;
}
