/**
 * The config file's text (configToJson) written without a long main-thread task.
 */
import { configToJson } from '../../../quant/config/json';
import { packPerFilter } from '../../../quant/config/sweepCodec';
import type { StudioConfig } from '../../../quant/types';

/** Each per-filter table packed once (tables are never changed in place: edits share them). */
const packed = new WeakMap<object, ReturnType<typeof packPerFilter>>();

/**
 * configToJson(config)'s text, written without a long main-thread task: the per-filter tables
 * (compressed one layer at a time, ≈ 5 ms each on a 74-layer model) are packed with the
 * main thread handed back between layers, and kept for the next export of the same sweeps.
 */
export async function serializeConfigInSlices(config: StudioConfig, budgetMs = 8): Promise<string> {
  const layers = [];
  let started = performance.now();
  for (const l of config.layers) {
    if (!l.sweep) {
      layers.push(l);
      continue;
    }
    const table = l.sweep.weightsPerFilter;
    let p = packed.get(table);
    if (p === undefined) packed.set(table, p = packPerFilter(table));
    layers.push(p ? { ...l, sweep: { ...l.sweep, weightsPerFilter: p } } : l);
    if (performance.now() - started > budgetMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      started = performance.now();
    }
  }
  return configToJson({ ...config, layers } as StudioConfig, 2, false);
}
