/**
 * A config's sweep tables apart from its choices. The sweeps (SQNR of every scheme × bits,
 * per tensor and per filter) are the analysis' and never change with an edit, a method or
 * an evaluation, while they are most of a config's numbers (a 74-layer model: ≈ 600k;
 * ResNet-50: 1.16M), which structured clone copies one by one on the page's main thread to
 * send a config and again to read the answer. Evaluation, the methods and the exports never
 * read them. So configs cross the worker boundary, and are saved, without them (the worker
 * keeps the analysis), and the analysis' sweep objects are put back by layer name.
 */
import type { LayerConfig, LayerSweep, StudioConfig } from '../types';

/** The layer without its sweep tables (a shallow copy when it had them). */
export function layerWithoutSweep(layer: LayerConfig): LayerConfig {
  if (layer.sweep === undefined) return layer;
  const { sweep: _sweep, ...rest } = layer;
  return rest;
}

/**
 * Each layer given the sweep of the same-named layer of `from` (the same objects, not
 * copies); a layer `from` has no sweep for keeps what it has.
 */
export function layersWithSweepsOf(layers: readonly LayerConfig[], from: readonly LayerConfig[]): LayerConfig[] {
  const sweeps = new Map<string, LayerSweep>();
  for (const l of from) if (l.sweep) sweeps.set(l.name, l.sweep);
  return layers.map((l) => {
    const sweep = sweeps.get(l.name);
    return sweep ? { ...l, sweep } : l;
  });
}

/** `config` with its layers' sweep tables left out (shallow copies; `config` is not changed). */
export function withoutSweeps(config: StudioConfig): StudioConfig {
  if (!config.layers.some((l) => l.sweep)) return config;
  return { ...config, layers: config.layers.map(layerWithoutSweep) };
}

/** `config` with the sweeps of `from`'s layers put back by name (see layersWithSweepsOf). */
export function withSweepsOf(config: StudioConfig, from: StudioConfig): StudioConfig {
  if (!from.layers.some((l) => l.sweep)) return config;
  return { ...config, layers: layersWithSweepsOf(config.layers, from.layers) };
}
