/**
 * WebGPU kernel config of QsSweepError (tfjs-backend-webgpu's kernels/*.ts convention):
 * inputs {x: float32, any shape}, attrs SweepErrorAttrs, output [workgroups, 8] float32
 * partial sums [Σx², Σe²(bits[0]), …] that the host adds in float64 (see sweep_webgpu.ts).
 */
import { util, type KernelConfig, type KernelFunc, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { MAX_BITS_PER_LAUNCH, SWEEP_KERNEL_NAME, kernelModeOf, kernelVec4, sweepKernelArgs } from './sweepParams';
import { SweepErrorProgram } from './sweep_webgpu';

type Uniform = { type: 'int32' | 'float32'; data: number[] };

function sweepErrorWebGpu(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: unknown }): TensorInfo {
  const { x, attrs: a } = sweepKernelArgs(args);
  const backend = args.backend as WebGPUBackend;
  const size = util.sizeFromShape(x.shape);
  if (size === 0) throw new Error(`${SWEEP_KERNEL_NAME}: empty tensor`);
  const program = new SweepErrorProgram(size, kernelModeOf(a.scheme), backend.device.limits.maxComputeWorkgroupsPerDimension);
  const uniforms: Uniform[] = [
    { type: 'int32', data: [size] },
    { type: 'int32', data: [program.perThread] },
    { type: 'int32', data: [program.groups] },
    { type: 'int32', data: [a.bits.length] },
    { type: 'int32', data: [a.signed ? 1 : 0] },
  ];
  for (let j = 0; j < MAX_BITS_PER_LAUNCH; j++) {
    const vec = j < a.bits.length ? kernelVec4(a.scheme, a.bits[j], a.signed, a.scales[j]) : [0, 0, 0, 0];
    uniforms.push({ type: 'float32', data: vec });
  }
  // A flat view of x: the program indexes elements linearly whatever the rank.
  const flat: TensorInfo = { dataId: x.dataId, shape: [size], dtype: x.dtype };
  return backend.runWebGPUProgram(program, [flat], 'float32', uniforms);
}

export const sweepErrorWebGpuConfig: KernelConfig = {
  kernelName: SWEEP_KERNEL_NAME,
  backendName: 'webgpu',
  kernelFunc: sweepErrorWebGpu as unknown as KernelFunc,
};
