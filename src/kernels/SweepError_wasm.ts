/** CPU twin of QsSweepError registered for the 'wasm' backend (same code as the cpu one). */
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { SWEEP_KERNEL_NAME } from './sweepParams';
import { sweepErrorTwin } from './SweepError_cpu';

export const sweepErrorWasmConfig: KernelConfig = {
  kernelName: SWEEP_KERNEL_NAME,
  backendName: 'wasm',
  kernelFunc: sweepErrorTwin as unknown as KernelFunc,
};
