/**
 * Picks the tfjs backend for training in Node (no tfjs-node here): WASM (XNNPACK, SIMD)
 * with the gradient shims from wasmGradKernels.ts, else the pure-JS CPU backend.
 * Activating WASM also swaps in the tile-free BatchNorm gradient (global, same values).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerBroadcastBatchNormGrad, registerWasmGradKernels } from './wasmGradKernels';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let wasmPathsSet = false;

export type BackendChoice = 'wasm' | 'cpu';

/** Activates `preferred`; falls back to 'cpu' when WASM cannot start. Returns the active name. */
export async function initBackend(preferred: BackendChoice = 'wasm'): Promise<string> {
  if (preferred === 'wasm') {
    try {
      if (!wasmPathsSet) {
        setWasmPaths(resolve(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
        wasmPathsSet = true;
      }
      registerWasmGradKernels('wasm');
      registerBroadcastBatchNormGrad();
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch (err) {
      console.warn(`wasm backend unavailable (${(err as Error).message}); falling back to cpu`);
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}
