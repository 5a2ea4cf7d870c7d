/**
 * CPU twin of the QsSweepError kernel for tfjs's plain-JS 'cpu' backend: reads the tensor
 * and runs the float64 reference (src/quant's quantizers). Output [2, 8] float32: the
 * sums split into float32 high and low parts (see packSums), the same layout of partial
 * rows the WebGPU program writes, so one host function reads every backend.
 */
import type { KernelConfig, KernelFunc, TensorInfo, KernelBackend, NamedTensorInfoMap } from '@tensorflow/tfjs-core';
import { SWEEP_COLUMNS, SWEEP_KERNEL_NAME, sweepKernelArgs } from './sweepParams';
import { packSums, sweepErrorSums } from './sweepErrorReference';

/** Shared by the cpu and wasm configs: both backends implement readSync and write. */
export function sweepErrorTwin(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: unknown }): TensorInfo {
  const { x, attrs: a } = sweepKernelArgs(args);
  const backend = args.backend as KernelBackend;
  const values = backend.readSync(x.dataId) as Float32Array;
  const out = packSums(sweepErrorSums(values, a));
  const shape = [2, SWEEP_COLUMNS];
  return { dataId: backend.write(out, shape, 'float32'), shape, dtype: 'float32' };
}

export const sweepErrorCpuConfig: KernelConfig = {
  kernelName: SWEEP_KERNEL_NAME,
  backendName: 'cpu',
  kernelFunc: sweepErrorTwin as unknown as KernelFunc,
};
