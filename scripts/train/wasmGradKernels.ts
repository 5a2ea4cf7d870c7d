/**
 * The training script's gradient kernels for the WASM backend are the studio's own
 * (src/model/gradientsWasmKernels.ts, also used by CQ/EBS): one implementation, tested here
 * against the CPU backend and through CQ's importance.
 */
export {
  conv2dBackpropFilterByOps,
  conv2dBackpropInputByOps,
  depthwiseBackpropFilterByOps,
  depthwiseBackpropInputByOps,
  registerBroadcastBatchNormGrad,
  registerWasmGradKernels,
} from '../../src/model/gradientsWasmKernels';
