/**
 * Random bit allocation — the control for every mixed-precision method: per-filter
 * bit-widths drawn at random (seeded) at the same parameter-weighted average bits as the
 * method it controls. A method whose allocation is no better than this one has not shown
 * that its importance signal matters.
 *
 * Draw: every filter starts at a uniform random width in 2..8; then, until the average is
 * within half of the smallest filter of the target (or no filter can close the gap: then
 * within half of the largest), a random filter (one that does not overshoot) moves one bit toward the target
 * (down when above, up when below). Weights per-filter fixed point; activations
 * `activationBits` (default 8, fixed-point), as CQ's.
 * Example: target 4 bits, seed 1 → per-filter widths scattered over 2..8 averaging 4.00.
 */
import { mulberry32 } from '../random';
import type { StudioConfig } from '../types';
import { activationsAt, decideLayer, methodConfig, type ActivationBits, type MethodInput } from './common';

export interface RandomSettings {
  seed?: number;
  activationBits?: ActivationBits;
}

export const RANDOM_DEFAULT_BITS = 4;

/** Per-filter random widths averaging `target` bits (see module comment). */
export function randomBits(filtersPerLayer: readonly number[], paramsPerLayer: readonly number[], target: number, seed: number): number[][] {
  const rand = mulberry32(seed);
  const bits = filtersPerLayer.map((f) => Array.from({ length: f }, () => 2 + Math.floor(rand() * 7)));
  const total = paramsPerLayer.reduce((a, b) => a + b, 0);
  const sizes = filtersPerLayer.map((f, l) => paramsPerLayer[l] / f);
  const flat: [number, number][] = filtersPerLayer.flatMap((f, l) => Array.from({ length: f }, (_, i) => [l, i] as [number, number]));
  let sum = bits.reduce((a, bs, l) => a + bs.reduce((x, b) => x + b, 0) * sizes[l], 0);
  const goal = target * total;
  const smallest = Math.min(...sizes);
  for (let guard = 0; guard < 1000 * flat.length + 1000; guard++) {
    const gap = sum - goal;
    if (Math.abs(gap) <= smallest / 2 + 1e-9) break;
    const [l, i] = flat[Math.floor(rand() * flat.length)];
    if (sizes[l] > 2 * Math.abs(gap) + 1e-9) continue; // this filter would overshoot more than it closes
    if (sum > goal && bits[l][i] > 2) {
      bits[l][i]--;
      sum -= sizes[l];
    } else if (sum < goal && bits[l][i] < 8) {
      bits[l][i]++;
      sum += sizes[l];
    }
  }
  return bits;
}

/** Random per-filter allocation at `target` average bits. */
export function randomConfig(input: MethodInput, target: number = RANDOM_DEFAULT_BITS, settings: RandomSettings = {}): StudioConfig {
  if (!(target >= 2 && target <= 8)) throw new Error(`random: average bits must be in 2..8, got ${String(target)}`);
  const seed = settings.seed ?? 1;
  const aBits = settings.activationBits ?? 8;
  const layers = input.base.layers;
  const bits = randomBits(layers.map((l) => l.filters), layers.map((l) => l.params), target, seed);
  const decided = layers.map((l, i) => decideLayer(l, { scheme: 'fixed', bits: bits[i], granularity: 'per-filter' }, activationsAt(aBits)));
  return methodConfig(input, 'random', target, { seed, activationBits: aBits, control: 'random per-filter widths at equal average bits' }, decided);
}
