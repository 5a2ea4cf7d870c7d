/**
 * A config's sweep tables apart from its choices. The sweeps (SQNR of every scheme × bits,
 * per tensor and per filter) are the analysis' and never change with an edit, a method or
 * an evaluation, while they are most of a config's numbers (a 74-layer model: ≈ 600k;
 * ResNet-50: 1.16M), which structured clone copies one by one on the page's main thread to
 * send a config and again to read the answer. Evaluation, the methods and the exports never
 * read them. So configs cross the worker boundary without them (the worker keeps the
 * analysis) and the page re-attaches the analysis' sweep objects by layer name.
 */
import type { LayerSweep, StudioConfig } from '../types';

/** `config` with its layers' sweep tables left out (shallow copies; `config` is not changed). */
export function withoutSweeps(config: StudioConfig): StudioConfig {
  if (!config.layers.some((l) => l.sweep)) return config;
  return {
    ...config,
    layers: config.layers.map((l) => {
      if (!l.sweep) return l;
      const { sweep: _sweep, ...rest } = l;
      return rest;
    }),
  };
}

/**
 * `config` with each layer given the sweep of the same-named layer of `from` (the same
 * objects, not copies); a layer `from` lacks keeps what it has. `config` is not changed.
 */
export function withSweepsOf(config: StudioConfig, from: StudioConfig): StudioConfig {
  const sweeps = new Map<string, LayerSweep>();
  for (const l of from.layers) if (l.sweep) sweeps.set(l.name, l.sweep);
  if (sweeps.size === 0) return config;
  return {
    ...config,
    layers: config.layers.map((l) => {
      const sweep = sweeps.get(l.name);
      return sweep ? { ...l, sweep } : l;
    }),
  };
}
