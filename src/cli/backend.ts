/**
 * tfjs backend for the CLI: the WASM backend (SIMD kernels, loaded from the installed
 * @tensorflow/tfjs-backend-wasm dist folder) when it initialises, else the plain JS CPU
 * backend. WebGPU/WebGL are browser-only and never imported here.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { quiet } from './quiet';

export { quiet } from './quiet';

export type CliBackend = 'auto' | 'wasm' | 'cpu';

export async function initBackend(want: CliBackend = 'auto'): Promise<{ name: 'wasm' | 'cpu'; reason: string }> {
  let why = '';
  if (want !== 'cpu') {
    try {
      const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
      setWasmPaths(`${dist}/`);
      const ok = await quiet(() => tf.setBackend('wasm'));
      if (ok && tf.getBackend() === 'wasm') return { name: 'wasm', reason: 'WASM (SIMD) backend' };
      why = 'the WASM backend did not initialise';
    } catch (e) {
      why = `the WASM backend failed: ${(e as Error).message}`;
    }
  }
  await quiet(() => tf.setBackend('cpu'));
  return { name: 'cpu', reason: want === 'cpu' ? 'CPU backend (requested)' : `CPU backend (${why})` };
}
