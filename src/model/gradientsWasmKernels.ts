/**
 * Port of scripts/train/wasmGradKernels.ts (the demo trainer's shims) to tfjs-core, so
 * that CQ and EBS can back-propagate on the WASM backend in the page, the worker and the
 * CLI; the algorithms are unchanged (checked against the CPU backend by
 * scripts/train/wasmGradKernels.test.ts there, and through CQ's importance by
 * src/model/methods/run.test.ts here). Only the chained tensor methods became functional
 * ops (tfjs-core alone registers no chained ops).
 *
 * The tfjs WASM backend (4.22) runs inference kernels only: training a conv net on it fails
 * with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'". The pure-JS CPU
 * backend has them but is ~50x slower here (2 minutes per 1,000 LeNet samples).
 *
 * This module registers the three missing gradient kernels for 'wasm': two are rewritten as
 * forward convolutions that WASM runs on XNNPACK (conv2d, depthwiseConv2d), the depthwise
 * filter gradient is a plain loop (fast enough for the demo sizes). Kernels may return a Tensor built
 * from nested ops: the engine uses it as the output as-is (engine.ts: `outInfo.rank != null`)
 * and nested ops are not recorded on the gradient tape (kernelDepth > 0).
 *
 * Only NHWC.
 */
import * as tf from '@tensorflow/tfjs-core';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Pair = [number, number];
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

const pair = (v: number | number[] | undefined, fallback = 1): Pair =>
  v == null ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [v[0], v[1]];

function padInput(x: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { top, bottom, left, right } = info.padInfo;
  return tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
}

/**
 * dW[kh,kw,ci,co] = Σ_{b,i,j} xPad[b, i·sh+kh, j·sw+kw, ci] · dy[b,i,j,co].
 * That sum is itself a convolution once batch and channels swap places: the input
 * xPadᵀ [Ci,H,W,B] is convolved with dyᵀ [Ho,Wo,B,Co] used as the filter, dilated by the
 * stride; the result [Ci,KH',KW',Co] is trimmed to KH×KW. This runs on the fast XNNPACK
 * Conv2D (7 ms vs 220 ms for im2col with slices on LeNet's first layer, batch 64).
 */
export function conv2dBackpropFilterByOps(
  x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: [number, number, number, number],
  strides: number | Pair, pad: Pad, dimRoundingMode?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kH, kW, inC, outC] = filterShape;
    const s = pair(strides);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape, filterShape, s, 1, pad, dimRoundingMode, false, 'channelsLast');
    const xT = tf.transpose(padInput(x, info), [3, 1, 2, 0]) as tf.Tensor4D;
    const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    const full = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', s);
    const trimmed = full.shape[1] === kH && full.shape[2] === kW
      ? full : tf.slice(full, [0, 0, 0, 0], [inC, kH, kW, outC]);
    return tf.transpose(trimmed, [1, 2, 0, 3]);
  });
}

/**
 * dW[kh,kw,c,m] = Σ_{b,i,j} x[b, i·sh+kh·dh−top, j·sw+kw·dw−left, c] · dy[b,i,j,c·M+m]
 * (out-of-range x = 0). A plain loop over the data: for the small demo models it beats
 * any composition of WASM ops (4 ms vs 50–120 ms for 64×14×14×32, 3×3).
 */
export function depthwiseBackpropFilterByOps(
  x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: [number, number, number, number],
  strides: number | Pair, pad: Pad, dilations: number | Pair | undefined, dimRoundingMode?: Rounding,
): tf.Tensor4D {
  const [kH, kW, inC, mult] = filterShape;
  const [sh, sw] = pair(strides);
  const [dh, dw] = pair(dilations);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape, filterShape, [sh, sw], [dh, dw], pad, dimRoundingMode, true, 'channelsLast');
  const [batch, h, w] = x.shape;
  const [outH, outW] = [info.outHeight, info.outWidth];
  const { top, left } = info.padInfo;
  const xs = x.dataSync() as Float32Array;
  const dys = dy.dataSync() as Float32Array;
  const outC = inC * mult;
  const acc = new Float64Array(kH * kW * outC);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const dyOff = ((b * outH + i) * outW + j) * outC;
        for (let kh = 0; kh < kH; kh++) {
          const r = i * sh + kh * dh - top;
          if (r < 0 || r >= h) continue;
          for (let kw = 0; kw < kW; kw++) {
            const col = j * sw + kw * dw - left;
            if (col < 0 || col >= w) continue;
            const xOff = ((b * h + r) * w + col) * inC;
            const aOff = (kh * kW + kw) * outC;
            if (mult === 1) {
              for (let c = 0; c < inC; c++) acc[aOff + c] += xs[xOff + c] * dys[dyOff + c];
            } else {
              for (let c = 0; c < inC; c++) {
                const xv = xs[xOff + c];
                for (let m = 0; m < mult; m++) acc[aOff + c * mult + m] += xv * dys[dyOff + c * mult + m];
              }
            }
          }
        }
      }
    }
  }
  return tf.tensor4d(Float32Array.from(acc), filterShape);
}

/**
 * The input gradient of a convolution is a full correlation of dy with the spatially
 * reversed filter. This returns dy zero-dilated by the stride and padded/cropped so that a
 * stride-1 'valid' correlation with the reversed (dilated) filter yields exactly [B,H,W,·]:
 * dx[h] = Σ_k dy[(h + top − k·d)/s] · W[k]  (terms with a fractional index are zero).
 */
function dyForInputGradient(
  dy: tf.Tensor4D, inputShape: [number, number, number, number], kH: number, kW: number,
  s: Pair, d: Pair, info: tf.backend_util.Conv2DInfo,
): tf.Tensor4D {
  const [b, h, w] = inputShape;
  const [outH, outW, ch] = [info.outHeight, info.outWidth, dy.shape[3]];
  let dyD: tf.Tensor4D = dy;
  if (s[0] > 1 || s[1] > 1) {
    // insert s−1 zeros between rows/columns: [B,oh,1,ow,1,C] → pad → [B,oh·sh,ow·sw,C] → trim
    const spread = tf.pad(tf.reshape(dy, [b, outH, 1, outW, 1, ch]),
      [[0, 0], [0, 0], [0, s[0] - 1], [0, 0], [0, s[1] - 1], [0, 0]]);
    dyD = tf.slice(tf.reshape(spread, [b, outH * s[0], outW * s[1], ch]) as tf.Tensor4D,
      [0, 0, 0, 0], [b, (outH - 1) * s[0] + 1, (outW - 1) * s[1] + 1, ch]);
  }
  const effH = (kH - 1) * d[0] + 1;
  const effW = (kW - 1) * d[1] + 1;
  const { top, left } = info.padInfo;
  const padTop = effH - 1 - top;
  const padLeft = effW - 1 - left;
  const padBottom = h + effH - 1 - dyD.shape[1] - padTop;
  const padRight = w + effW - 1 - dyD.shape[2] - padLeft;
  // Negative pads (possible with 'valid' + stride remainders) become crops.
  const dyP = tf.pad(dyD, [[0, 0], [Math.max(padTop, 0), Math.max(padBottom, 0)],
    [Math.max(padLeft, 0), Math.max(padRight, 0)], [0, 0]]);
  return tf.slice(dyP, [0, Math.max(-padTop, 0), Math.max(-padLeft, 0), 0],
    [b, h + effH - 1, w + effW - 1, ch]);
}

/**
 * Conv2D input gradient as a forward conv2d (XNNPACK) of the prepared dy with the filter
 * reversed in space and with in/out channels swapped: W'[kh,kw,co,ci] = W[KH−1−kh,KW−1−kw,ci,co].
 * WASM's own Conv2DBackpropInput is a naive loop (~6x slower on the demo models).
 */
export function conv2dBackpropInputByOps(
  inputShape: [number, number, number, number], dy: tf.Tensor4D, filter: tf.Tensor4D,
  strides: number | Pair, pad: Pad, dimRoundingMode?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kH, kW] = filter.shape;
    const s = pair(strides);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape, s, 1, pad, dimRoundingMode, false, 'channelsLast');
    const prepared = dyForInputGradient(dy, inputShape, kH, kW, s, [1, 1], info);
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(prepared, flipped, 1, 'valid');
  });
}

/** Depthwise input gradient: depthwiseConv2d of the prepared dy with the reversed filter. */
export function depthwiseBackpropInputByOps(
  inputShape: [number, number, number, number], dy: tf.Tensor4D, filter: tf.Tensor4D,
  strides: number | Pair, pad: Pad, dilations: number | Pair | undefined, dimRoundingMode?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kH, kW, inC, mult] = filter.shape;
    const s = pair(strides);
    const d = pair(dilations);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape, s, d, pad, dimRoundingMode, true, 'channelsLast');
    const [b, h, w] = inputShape;
    const prepared = dyForInputGradient(dy, inputShape, kH, kW, s, d, info);
    const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [kH, kW, inC * mult, 1]) as tf.Tensor4D;
    const perMult = tf.depthwiseConv2d(prepared, flipped, 1, 'valid', 'NHWC', d);
    return mult === 1 ? perMult : tf.sum(tf.reshape(perMult, [b, h, w, inC, mult]), 4) as tf.Tensor4D;
  });
}

/**
 * Same maths as tfjs-core's FusedBatchNorm gradient (gradients/FusedBatchNorm_grad.ts) but
 * broadcasting the per-channel factor instead of tile()-ing it to the full activation
 * size: WASM's Tile is a slow generic loop (≈ 1 s per ResNet step). Global: affects every
 * backend, values are identical.
 */
export function registerBroadcastBatchNormGrad(): void {
  tf.registerGradient({
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const dyT = dy as tf.Tensor;
      const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
      const [x, mean, variance, scale] = saved;
      const scaleValue = scale == null ? tf.scalar(1) : scale;
      const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
      const perChannel = mean.rank === 1;
      const reduce = (t: tf.Tensor) => tf.reshape(perChannel ? tf.sum(t, axes) : t, mean.shape);
      const xMinusMean = tf.sub(x, mean);
      const dyTimesScale = tf.mul(dyT, scaleValue);
      const invStd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
      const minusHalfInvStd3 = tf.mul(tf.mul(tf.mul(invStd, invStd), invStd), tf.scalar(-0.5));
      return {
        x: () => tf.reshape(tf.mul(tf.mul(dyT, invStd), scaleValue), x.shape),
        mean: () => reduce(tf.mul(tf.mul(invStd, tf.scalar(-1)), dyTimesScale)),
        variance: () => reduce(tf.mul(tf.mul(minusHalfInvStd3, xMinusMean), dyTimesScale)),
        scale: () => reduce(tf.mul(dyT, tf.mul(xMinusMean, invStd))),
        offset: () => reduce(dyT),
      };
    },
  });
}

interface KernelArgs {
  inputs: tf.NamedTensorMap;
  attrs?: Record<string, unknown>;
}

const registered = new Set<string>();

/** Registers (or replaces) the training kernels for `backendName` (default 'wasm'); idempotent. */
export function registerWasmGradKernels(backendName = 'wasm'): void {
  const register = (kernelName: string, fn: (args: KernelArgs) => tf.Tensor) => {
    const key = `${backendName}/${kernelName}`;
    if (registered.has(key)) return;
    registered.add(key);
    if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({
      kernelName, backendName,
      kernelFunc: ((args: KernelArgs) => fn(args)) as unknown as tf.KernelFunc,
    });
  };
  register('Conv2DBackpropFilter', ({ inputs, attrs = {} }) => {
    if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter(wasm shim): NCHW unsupported');
    return conv2dBackpropFilterByOps(inputs.x as tf.Tensor4D, inputs.dy as tf.Tensor4D,
      attrs.filterShape as [number, number, number, number], attrs.strides as Pair,
      attrs.pad as Pad, attrs.dimRoundingMode as Rounding);
  });
  register('Conv2DBackpropInput', ({ inputs, attrs = {} }) => {
    if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropInput(wasm shim): NCHW unsupported');
    return conv2dBackpropInputByOps(attrs.inputShape as [number, number, number, number],
      inputs.dy as tf.Tensor4D, inputs.filter as tf.Tensor4D, attrs.strides as Pair,
      attrs.pad as Pad, attrs.dimRoundingMode as Rounding);
  });
  register('DepthwiseConv2dNativeBackpropFilter', ({ inputs, attrs = {} }) =>
    depthwiseBackpropFilterByOps(inputs.x as tf.Tensor4D, inputs.dy as tf.Tensor4D,
      attrs.filterShape as [number, number, number, number], attrs.strides as Pair,
      attrs.pad as Pad, attrs.dilations as Pair, attrs.dimRoundingMode as Rounding));
  register('DepthwiseConv2dNativeBackpropInput', ({ inputs, attrs = {} }) =>
    depthwiseBackpropInputByOps(attrs.inputShape as [number, number, number, number],
      inputs.dy as tf.Tensor4D, inputs.filter as tf.Tensor4D, attrs.strides as Pair,
      attrs.pad as Pad, attrs.dilations as Pair, attrs.dimRoundingMode as Rounding));
}
