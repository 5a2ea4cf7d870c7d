/**
 * Explicit tfjs backend choice. Never lets tfjs pick on its own (it would fall back to
 * WebGL silently, and WebGL is never imported here).
 *
 * auto: webgpu when an adapter exists and is NOT a software fallback (SwiftShader),
 * else wasm (SIMD; threads when cross-origin isolated), else cpu.
 * A forced choice ('webgpu' | 'wasm' | 'cpu') is honoured or fails with a clear reason.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

type BackendName = 'webgpu' | 'wasm' | 'cpu';
export type BackendRequest = BackendName | 'auto';

export interface BackendInfo {
  name: BackendName;
  requested: BackendRequest;
  /** Human-readable reason for the choice, shown in the UI. */
  reason: string;
  adapter?: { vendor: string; architecture: string; description: string; isFallbackAdapter: boolean };
  threads?: boolean;
}

interface BackendOptions {
  /** URLs (browser) or file paths (Node) of the three tfjs wasm binaries, or a folder prefix. */
  wasmPaths?: string | Record<string, string>;
  /** WASM thread-pool size when cross-origin isolated (default: tfjs's choice, all cores). */
  wasmThreads?: number;
}

export function isBackendRequest(v: unknown): v is BackendRequest {
  return v === 'auto' || v === 'webgpu' || v === 'wasm' || v === 'cpu';
}

interface AdapterProbe {
  available: boolean;
  info?: BackendInfo['adapter'];
  why?: string;
}

async function probeWebGpu(): Promise<AdapterProbe> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: GPU } | undefined)?.gpu;
  if (!gpu) return { available: false, why: 'this browser exposes no WebGPU (navigator.gpu is missing)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { available: false, why: `WebGPU adapter request failed: ${(e as Error).message}` };
  }
  if (!adapter) return { available: false, why: 'WebGPU returned no adapter' };
  const raw = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const info = {
    vendor: raw?.vendor ?? '',
    architecture: raw?.architecture ?? '',
    description: raw?.description ?? '',
    isFallbackAdapter: Boolean((raw as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ??
      (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter),
  };
  return { available: true, info };
}

async function useWebGpu(): Promise<void> {
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!tf.findBackendFactory('webgpu')) throw new Error('the WebGPU backend did not register (no navigator.gpu)');
  const ok = await tf.setBackend('webgpu');
  if (!ok || tf.getBackend() !== 'webgpu') throw new Error('the WebGPU backend failed to initialise');
}

async function useWasm(opts: BackendOptions): Promise<boolean> {
  if (opts.wasmPaths) setWasmPaths(opts.wasmPaths as string);
  if (opts.wasmThreads !== undefined) setThreadsCount(Math.max(1, Math.floor(opts.wasmThreads)));
  const ok = await tf.setBackend('wasm');
  if (!ok || tf.getBackend() !== 'wasm') throw new Error('the WASM backend failed to initialise');
  return Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
}

async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
}

function describeAdapter(a: BackendInfo['adapter']): string {
  if (!a) return 'unknown adapter';
  const name = [a.vendor, a.architecture, a.description].filter(Boolean).join(' ').trim();
  return name || 'unnamed adapter';
}

/** Select and initialise the backend. Throws only when a forced backend is impossible and cpu fails. */
export async function chooseBackend(requested: BackendRequest, opts: BackendOptions = {}): Promise<BackendInfo> {
  const notes: string[] = [];
  if (requested === 'webgpu' || requested === 'auto') {
    const probe = await probeWebGpu();
    if (probe.available && (requested === 'webgpu' || !probe.info?.isFallbackAdapter)) {
      try {
        await useWebGpu();
        const kind = probe.info?.isFallbackAdapter ? 'software fallback adapter' : 'GPU adapter';
        const reason = requested === 'webgpu'
          ? `forced by the user; ${kind}: ${describeAdapter(probe.info)}`
          : `WebGPU ${kind}: ${describeAdapter(probe.info)}`;
        return { name: 'webgpu', requested, reason, adapter: probe.info };
      } catch (e) {
        notes.push(`WebGPU failed: ${(e as Error).message}`);
      }
    } else if (probe.available) {
      notes.push(`WebGPU adapter is a software fallback (${describeAdapter(probe.info)}), slower than WASM`);
    } else {
      notes.push(probe.why ?? 'no WebGPU');
    }
  }
  if (requested === 'wasm' || requested === 'auto' || requested === 'webgpu') {
    try {
      const threads = await useWasm(opts);
      const pool = opts.wasmThreads !== undefined ? `${Math.max(1, Math.floor(opts.wasmThreads))} thread(s), one core left for the page` : 'threads';
      const how = `WASM SIMD${threads ? ` with ${pool} (cross-origin isolated)` : ', single thread (not cross-origin isolated)'}`;
      const reason = requested === 'wasm' ? `forced by the user; ${how}` : `${notes.join('; ')} → ${how}`;
      return { name: 'wasm', requested, reason, threads };
    } catch (e) {
      notes.push(`WASM failed: ${(e as Error).message}`);
    }
  }
  await useCpu();
  const reason = requested === 'cpu' ? 'forced by the user; plain JavaScript CPU backend' : `${notes.join('; ')} → CPU (plain JavaScript)`;
  return { name: 'cpu', requested, reason };
}
