/**
 * `npm run bench -- --gpu`: the fused sweep kernel (QsSweepError, src/kernels) on a real GPU
 * from Node, no browser: WebGPU through Dawn's Node binding (the `webgpu` npm package, not a
 * dependency of the studio: install it on the GPU machine with `npm i --no-save webgpu@0.6.2`,
 * which ships prebuilt dawn.node binaries and downloads nothing else; or point
 * QS_WEBGPU_MODULE at its index.js). Reports, for 2^24 normal weights (64 MiB) and each
 * range scheme at bits 2..8 (one launch = one pass over the weights):
 *   - throughput: elements × bit-widths / s, on the GPU and on tfjs's wasm backend (the
 *     kernel's wasm twin, the page's CPU path), and their ratio;
 *   - bandwidth: bytes the kernel reads per second against the device's copy bandwidth
 *     (copyBufferToBuffer of 256 MiB, read + write counted), measured in the same run — the
 *     memory-bandwidth limit for a one-pass kernel.
 * Timed after a warm-up, median of 5, each ending with a read-back of the sums (what the
 * analysis waits for). Runs in about a minute on a GPU machine; exits 2 with a one-line
 * reason where there is no binding or no GPU adapter.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { initBackend } from '../../src/cli/backend';
import { registerSweepKernels, sweepErrorsGpu, RANGE_SCHEMES } from '../../src/kernels/sweepErrors';
import { mulberry32 } from '../../src/quant/random';
import { fmt, seconds, type Table } from './report';

const N = 2 ** 24;
const REPS = 5;

interface GpuLike {
  requestAdapter(o?: unknown): Promise<{ info?: Record<string, unknown>; isFallbackAdapter?: boolean; features: Set<string>; limits: Record<string, number>; requestDevice(d?: unknown): Promise<unknown> } | null>;
}

export class GpuUnavailable extends Error {}

async function setUpWebGpu(): Promise<{ info: string; device: GPUDevice }> {
  let mod: { create: (o: string[]) => GpuLike; globals: Record<string, unknown> };
  const spec = process.env.QS_WEBGPU_MODULE ?? 'webgpu';
  try {
    mod = await import(spec);
  } catch (e) {
    throw new GpuUnavailable(`no Node WebGPU binding (${spec}: ${(e as Error).message.split('\n')[0]}); install it with \`npm i --no-save webgpu@0.6.2\``);
  }
  Object.assign(globalThis, mod.globals);
  const gpu = mod.create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { ...(globalThis.navigator ?? {}), gpu }, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new GpuUnavailable('the WebGPU binding found no GPU adapter (no GPU, or no Vulkan/Metal/D3D driver)');
  if (adapter.isFallbackAdapter) throw new GpuUnavailable('only a software (fallback) WebGPU adapter: no real GPU to measure');
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize, maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize, maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX, maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  }) as GPUDevice;
  const info = adapter.info ?? {};
  tf.registerBackend('webgpu-node', () => new WebGPUBackend(device, info as unknown as GPUAdapterInfo), 1);
  return { info: ['vendor', 'architecture', 'device', 'description'].map((k) => info[k]).filter(Boolean).join(' / ') || 'unknown adapter', device };
}

/** Device-to-device copy bandwidth in bytes/s (read + write), median of REPS. */
async function copyBandwidth(device: GPUDevice): Promise<number> {
  const bytes = 256 * 2 ** 20;
  const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | GPUBufferUsage.STORAGE;
  const a = device.createBuffer({ size: bytes, usage });
  const b = device.createBuffer({ size: bytes, usage });
  const once = async () => {
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(a, 0, b, 0, bytes);
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  a.destroy();
  b.destroy();
  return (2 * bytes) / (median(times) / 1000);
}

const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];

function normals(n: number): Float32Array {
  const rand = mulberry32(5);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const t = 2 * Math.PI * rand();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/** Median ms of one full-sweep call (range given: no stats pass) per scheme on the current backend. */
async function timeSchemes(values: Float32Array, n: number, reps: number): Promise<Map<string, number>> {
  const x = tf.tensor1d(values.subarray(0, n));
  const out = new Map<string, number>();
  let maxAbs = 0;
  for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i]));
  for (const scheme of RANGE_SCHEMES) {
    await sweepErrorsGpu(x, scheme, maxAbs, undefined, { signed: true });
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      await sweepErrorsGpu(x, scheme, maxAbs, undefined, { signed: true });
      times.push(performance.now() - t);
    }
    out.set(scheme, median(times));
  }
  x.dispose();
  return out;
}

export async function gpuNodeTable(): Promise<Table> {
  registerSweepKernels();
  const { info, device } = await setUpWebGpu();
  const values = normals(N);
  const bandwidth = await copyBandwidth(device);
  if (!(await tf.setBackend('webgpu-node'))) throw new GpuUnavailable('tfjs could not start its WebGPU backend on the adapter');
  const gpu = await timeSchemes(values, N, REPS);
  // wasm: 2^22 elements (the twin's time is linear in elements), scaled to N.
  const wasm = await initBackend('auto');
  const wasmN = 2 ** 22;
  const cpu = await timeSchemes(values, wasmN, 3);
  const bits = 7;
  const rows = RANGE_SCHEMES.map((s) => {
    const g = gpu.get(s)!;
    const w = (cpu.get(s)! * N) / wasmN;
    const readBps = (N * 4) / (g / 1000);
    return [s, seconds(g), fmt((N * bits) / (g / 1000)), `${wasm.name}: ${seconds(w)}`, fmt((N * bits) / (w / 1000)),
      `${(w / g).toFixed(1)}×`, `${(readBps / 2 ** 30).toFixed(1)} GiB/s`, `${((100 * readBps) / bandwidth).toFixed(0)}%`];
  });
  return {
    title: 'GPU (Node, Dawn): fused sweep kernel vs wasm and vs the memory bandwidth, 2^24 normals, bits 2..8',
    note: `Adapter: ${info}. Copy bandwidth (copyBufferToBuffer, read + write): ${(bandwidth / 2 ** 30).toFixed(1)} GiB/s. ` +
      `One launch per scheme reads the 64 MiB once for all 7 bit-widths; times include the read-back of the sums. wasm measured on 2^22 elements and scaled.`,
    columns: ['scheme', 'GPU time', 'elem·bits/s (GPU)', 'CPU path time', 'elem·bits/s (CPU)', 'GPU vs CPU', 'GPU read rate', 'of copy bandwidth'],
    rows,
  };
}
