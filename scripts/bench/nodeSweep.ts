/**
 * Node, single thread: throughput of src/quant's weight sweep (sweepWeights) on the layers
 * of real models, in element·configurations per second, where configurations = schemes ×
 * bit-widths × {per tensor, per filter} (6 × 7 × 2 = 84 by default). Weights come from
 * src/model's own loader (batch-norm folded), exactly what the CLI and the worker sweep.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadModelFromFiles } from '../../src/model/load';
import type { QuantLayer } from '../../src/model/types';
import { sweepWeights } from '../../src/quant/sweep';
import { SWEEP_BITS, WEIGHT_SCHEMES, type WeightScheme } from '../../src/quant/types';
import { measure } from './machine';

export interface ModelDir {
  name: string;
  dir: string;
}

/** Every file of a model folder (model.json + shards), keyed by file name. */
export function readModelDir(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isFile() && (f.endsWith('.json') || f.endsWith('.bin'))) files.set(f, new Uint8Array(readFileSync(p)));
  }
  return files;
}

/** Bytes of the weight shards of a model folder. */
export function shardBytes(dir: string): number {
  return readdirSync(dir).filter((f) => f.endsWith('.bin')).reduce((a, f) => a + statSync(join(dir, f)).size, 0);
}

export async function loadLayers(dir: string): Promise<{ layers: QuantLayer[]; loadMs: number; parameters: number }> {
  await tf.setBackend('cpu');
  const files = readModelDir(dir);
  const { value: loaded, wallMs } = await measure(() => loadModelFromFiles(files));
  const layers = loaded.layers.map((l) => ({ ...l, weights: l.weights.slice() }));
  const parameters = loaded.parameters;
  loaded.dispose();
  return { layers, loadMs: wallMs, parameters };
}

export interface SweepRun {
  model: string;
  layers: number;
  weights: number;
  configs: number;
  wallMs: number;
  cpuMs: number;
  /** element·configs per CPU second. */
  throughputCpu: number;
  throughputWall: number;
}

export async function sweepRun(model: string, layers: QuantLayer[], schemes: readonly WeightScheme[] = WEIGHT_SCHEMES): Promise<SweepRun> {
  const weights = layers.reduce((a, l) => a + l.weights.length, 0);
  const configs = schemes.length * SWEEP_BITS.length * 2;
  const { wallMs, cpuMs } = await measure(() => {
    for (const l of layers) sweepWeights(l.weights, l.filters, { schemes });
  });
  return {
    model, layers: layers.length, weights, configs, wallMs, cpuMs,
    throughputCpu: (weights * configs) / (cpuMs / 1000), throughputWall: (weights * configs) / (wallMs / 1000),
  };
}

/** Per-scheme CPU seconds of one model's sweep (which scheme dominates). */
export async function perSchemeCpuMs(layers: QuantLayer[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of WEIGHT_SCHEMES) out[s] = (await sweepRun(s, layers, [s])).cpuMs;
  return out;
}
