/**
 * ONNX in the worker: onnxruntime-web with its WebAssembly binary bundled by Vite (a `?url`
 * import, never fetched from a CDN), single-threaded (the page is not cross-origin
 * isolated, so no SharedArrayBuffer), and the WebGPU execution provider only where the
 * studio's own backend choice found a real GPU adapter (session.backend = webgpu).
 * The ONNX code is imported on first use, so tfjs-only sessions never load it.
 */
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import type { OnnxModel } from '../src/model/onnx/model';
import { session } from './session';

let configured = false;

/** Opens the ONNX model of a file map (the .onnx + external data), given the input shape if any. */
export async function openOnnx(files: Map<string, Uint8Array>, inputShape?: number[]): Promise<OnnxModel> {
  const [{ openOnnxFiles }, { configureOnnxRuntime }] = await Promise.all([import('../src/model/onnx/files'), import('../src/model/onnx/runtime')]);
  if (!configured) {
    configureOnnxRuntime({ wasmPaths: { wasm: ortWasm }, numThreads: 1 });
    configured = true;
  }
  const provider = session.backend?.name === 'webgpu' ? 'webgpu' : 'wasm';
  return openOnnxFiles(files, { inputShape, provider });
}
