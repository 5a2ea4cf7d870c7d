/**
 * Backend part of the worker API: pick and initialise the tfjs backend (webgpu → wasm → cpu).
 * The three wasm binaries are bundled by Vite (`?url`), so nothing is fetched from a CDN.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { env } from '@tensorflow/tfjs-core';
import { chooseBackend, isBackendRequest, type BackendRequest } from '../../src/model/backend';
import { session, type StudioBackendInfo } from '../session';

const wasmPaths: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
};

/** Which of the three binaries tfjs-wasm picked (it decides from these two flags). */
async function wasmBinary(): Promise<'threaded-simd' | 'simd' | 'plain'> {
  const [simd, threads] = await Promise.all([
    env().getAsync('WASM_HAS_SIMD_SUPPORT'), env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return simd && threads ? 'threaded-simd' : simd ? 'simd' : 'plain';
}

export const backendApi = {
  /** Initialises the requested backend once; a second call with another request switches. */
  async init(request: BackendRequest): Promise<StudioBackendInfo> {
    if (!isBackendRequest(request)) throw new Error(`unknown backend "${String(request)}" (use auto, webgpu, wasm or cpu)`);
    if (session.backend && session.backend.requested === request) return session.backend;
    const info: StudioBackendInfo = await chooseBackend(request, { wasmPaths });
    if (info.name === 'wasm') info.wasmBinary = await wasmBinary();
    session.backend = info;
    return info;
  },

  backendInfo(): StudioBackendInfo | null {
    return session.backend;
  },
};
