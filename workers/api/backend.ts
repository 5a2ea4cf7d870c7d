/**
 * Backend part of the worker API: pick and initialise the tfjs backend (webgpu → wasm → cpu).
 * The three wasm binaries are bundled by Vite (`?url`), so nothing is fetched from a CDN.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend, isBackendRequest, type BackendInfo, type BackendRequest } from '../../src/model/backend';
import { session } from '../session';

const wasmPaths: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
};

export const backendApi = {
  /** Initialises the requested backend once; a second call with another request switches. */
  async init(request: BackendRequest): Promise<BackendInfo> {
    if (!isBackendRequest(request)) throw new Error(`unknown backend "${String(request)}" (use auto, webgpu, wasm or cpu)`);
    if (session.backend && session.backend.requested === request) return session.backend;
    session.backend = await chooseBackend(request, { wasmPaths });
    return session.backend;
  },

  backendInfo(): BackendInfo | null {
    return session.backend;
  },
};
