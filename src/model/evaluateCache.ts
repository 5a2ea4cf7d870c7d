/**
 * Caching for evaluation: results keyed by the one identity hash (src/quant/identity.ts) of (model hash, data id, calibration
 * id, the config's decisions in canonical JSON), so that moving a slider back — or a search
 * revisiting a configuration — does not recompute. Also a per-model lock: evaluation edits
 * the live model's weights, so two evaluations of one model must not interleave.
 */
import { hashKey } from '../quant/identity';
import type { StudioConfig } from '../quant/types';

/** The parts of a config that change what evaluation computes (not its figures or sweeps). */
function configDecisions(config: StudioConfig): unknown {
  return {
    unit: config.method.settings?.unitScale ?? null,
    layers: config.layers.map((l) => ({
      name: l.name,
      w: { scheme: l.weights.scheme, bits: l.weights.bits, granularity: l.weights.granularity },
      a: { scheme: l.activations.scheme, bits: l.activations.bits, signed: l.activations.signed ?? null, calibration: l.activations.calibration ?? null },
    })),
  };
}

/** The evaluation cache's key: the one identity hash (quant/identity.ts) of everything that changes the result. */
export function evaluationKey(modelHash: string, dataId: string, calibrationId: string, config: StudioConfig, passes: string): string {
  return hashKey({ modelHash, dataId, calibrationId, passes, decisions: configDecisions(config) });
}

const locks = new WeakMap<object, Promise<unknown>>();

/** Runs `fn` after every earlier `withModelLock(owner, …)` call has settled. */
export function withModelLock<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(owner) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  locks.set(owner, run.catch(() => undefined));
  return run;
}
