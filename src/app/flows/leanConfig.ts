/**
 * Configs cross the worker boundary without their per-filter SQNR tables. Those tables are
 * most of a config's numbers (a 74-layer model: ≈ 600k of them) and structured clone copies
 * them element by element on the page's main thread, once to send and once more to read the
 * answer (hundreds of ms for one evaluation). Evaluation, the methods and the exports never
 * read them (only the page's bit map does), so the page sends a lean copy and gives the
 * answer its own sweeps back, by layer name, when the answer is for the same model.
 */
import type { StudioConfig } from '../../quant/types';

/** A shallow copy of `config` whose layers' `sweep.weightsPerFilter` are empty; `config` is not changed. */
export function withoutPerFilterTables(config: StudioConfig): StudioConfig {
  return {
    ...config,
    layers: config.layers.map((l) => (l.sweep ? { ...l, sweep: { ...l.sweep, weightsPerFilter: {} } } : l)),
  };
}

/**
 * `result` (fresh from the worker, changed in place) with the sweeps of `source` for every
 * layer both have, so the page holds one copy of each sweep. A result for another model
 * keeps its own sweeps.
 */
export function withSweepsOf(result: StudioConfig, source: StudioConfig | null): StudioConfig {
  if (!source || source.model.hash !== result.model.hash) return result;
  const sweeps = new Map(source.layers.map((l) => [l.name, l.sweep]));
  for (const l of result.layers) {
    const sweep = sweeps.get(l.name);
    if (sweep && l.sweep) l.sweep = sweep;
  }
  return result;
}
