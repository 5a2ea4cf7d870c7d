/**
 * Test helpers for the evaluation/method tests (imported by *.test.ts only): the wasm
 * backend in Node, the demo digits, the demo models as file maps.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMnistBinary, takeBalanced, type MnistDataset, type SplitName } from '../data/mnistBinary';
import { costConfig } from '../quant/config/summary';
import type { LayerConfig, StudioConfig } from '../quant/types';
import type { EvaluationData } from './evaluate';
import type { LoadedModel } from './types';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** WASM backend (SIMD) for Node tests, CPU if it cannot start. */
export async function useWasm(): Promise<string> {
  try {
    setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    const { log, warn } = console;
    console.log = console.warn = () => {};
    try {
      if (await tf.setBackend('wasm')) return tf.getBackend();
    } finally {
      Object.assign(console, { log, warn });
    }
  } catch {
    // fall through to cpu
  }
  await tf.setBackend('cpu');
  return tf.getBackend();
}

let mnist: MnistDataset | null = null;
export function demoDigits(): MnistDataset {
  if (!mnist) {
    const b = readFileSync(join(ROOT, 'public/data/mnist.bin'));
    mnist = parseMnistBinary(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }
  return mnist;
}

/** n class-balanced demo digits of a split as evaluation data. */
export function demoData(n: number, split: SplitName = 'test'): EvaluationData {
  const p = takeBalanced(demoDigits(), n, split);
  return { id: `demo:mnist:${split}:${n}`, images: p.images, labels: p.labels, count: p.count };
}

/** The files of a folder (one level) as a file map, for loadModelFromFiles. */
function folderFiles(dir: string): Map<string, Uint8Array> {
  return new Map(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
}

export function demoModelFiles(name: 'lenet' | 'resnet-ds'): Map<string, Uint8Array> | null {
  const dir = join(ROOT, 'public/models', name);
  return existsSync(join(dir, 'model.json')) ? folderFiles(dir) : null;
}

/** A sweep-less starting config (8-bit fixed weights, float activations) for tests that need no analysis. */
export function plainBase(loaded: LoadedModel): StudioConfig {
  const layers: LayerConfig[] = loaded.layers.map((l) => ({
    name: l.name, kind: l.kind, weightShape: l.weightShape.slice(), filters: l.filters, params: l.params, macs: l.macs,
    producers: l.producers.slice(),
    weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor' }, activations: { scheme: 'float', bits: null },
  }));
  return costConfig({
    format: 'quantization-studio/config', version: 1,
    model: { name: loaded.name, hash: loaded.hash, format: loaded.format, parameters: loaded.parameters },
    method: { name: 'test' }, layers, summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0 },
  });
}
