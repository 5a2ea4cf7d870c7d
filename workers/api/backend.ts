/**
 * Backend part of the worker API: pick and initialise the tfjs backend (webgpu → wasm → cpu).
 * The three wasm binaries are bundled by Vite (`?url`), so nothing is fetched from a CDN.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { backend as tfBackend, env } from '@tensorflow/tfjs-core';
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

/** Told (once) that the WebGPU device of this worker was lost, with the browser's reason. */
export type DeviceLostListener = (reason: string) => void;

/**
 * Watches the WebGPU device's `lost` promise. The page is told only while this backend is
 * still the worker's current one (a switch or a terminated worker reports nothing); it then
 * respawns the worker on wasm, which replays the model and data.
 */
function watchDevice(info: StudioBackendInfo, onLost: DeviceLostListener | undefined): void {
  const device = (tfBackend() as unknown as { device?: GPUDevice }).device;
  if (!device?.lost || !onLost) return;
  void device.lost.then((lost) => {
    if (session.backend !== info) return;
    const why = [lost.reason, lost.message].filter((s) => s && s !== 'undefined').join(': ') || 'unknown reason';
    onLost(why);
  });
}

export const backendApi = {
  /**
   * Initialises the requested backend once; a second call with another request switches.
   * `onLost` (a comlink proxy) hears a lost WebGPU device; `note` replaces "forced by the
   * user" in the reason (e.g. "WebGPU device lost (destroyed)" after a fallback).
   */
  async init(request: BackendRequest, onLost?: DeviceLostListener, note?: string): Promise<StudioBackendInfo> {
    if (!isBackendRequest(request)) throw new Error(`unknown backend "${String(request)}" (use auto, webgpu, wasm or cpu)`);
    if (session.backend && session.backend.requested === request) return session.backend;
    const info: StudioBackendInfo = await chooseBackend(request, {
      wasmPaths,
      // Leave one core to the page's main thread, so charts and input stay responsive
      // while the worker computes (on 2 cores a full pool starved it into > 50 ms tasks).
      wasmThreads: Math.max(1, (self.navigator?.hardwareConcurrency ?? 2) - 1),
    });
    if (info.name === 'wasm') info.wasmBinary = await wasmBinary();
    if (note) info.reason = `${note} → ${info.reason.replace(/^forced by the user; /, '')}`;
    session.backend = info;
    if (info.name === 'webgpu') watchDevice(info, onLost);
    return info;
  },

  backendInfo(): StudioBackendInfo | null {
    return session.backend;
  },
};
