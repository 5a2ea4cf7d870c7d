/**
 * Activation fake-quantization in a running tfjs model. LayersModel — the activation-point
 * layer's `call` is wrapped for the duration of the run (works for sequential and functional
 * graphs, residual joins included, since tfjs-layers runs every node through
 * `layer.apply → call`). GraphModel — staged execution: activation points in topological
 * order, each computed from the input and the already quantized points fed back as
 * intermediate tensors, then the outputs from all of them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { graphTopology } from '../applyConfigGraph';
import { fakeQuantizeTensor } from '../applyConfigOps';
import { inFixedBatches } from '../fixedBatch';
import type { ActivationSubstitution } from '../runtime/types';
import type { TfjsHandle } from './weightEdits';

interface QuantizedRunner {
  /** Runs one batch; the caller disposes the result. */
  predict(x: tf.Tensor): tf.Tensor;
  /** Removes the activation hooks. */
  dispose(): void;
}

type CallFn = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

/**
 * Wraps `call` of the named layers with `wrap` until the returned function is called.
 * Used for activation fake-quantization here and by the gradient probes of CQ and EBS.
 */
export function wrapLayerCalls(model: LayersModel, wraps: Map<string, (y: tf.Tensor) => tf.Tensor>): () => void {
  const undo: (() => void)[] = [];
  for (const [name, wrap] of wraps) {
    const layer = model.getLayer(name) as unknown as { call: CallFn };
    const own = Object.getOwnPropertyDescriptor(layer, 'call');
    const original = layer.call;
    layer.call = function (this: unknown, inputs, kwargs) {
      const y = original.call(this, inputs, kwargs);
      return Array.isArray(y) ? y : wrap(y);
    };
    undo.push(() => {
      if (own) Object.defineProperty(layer, 'call', own);
      else delete (layer as { call?: CallFn }).call;
    });
  }
  return () => undo.reverse().forEach((f) => f());
}

/** First output of a model call. */
export function firstOutput(y: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap): tf.Tensor {
  if (y instanceof tf.Tensor) return y;
  const list = Array.isArray(y) ? y : Object.values(y);
  list.slice(1).forEach((t) => t.dispose());
  return list[0];
}

/** A runner that applies the activation plan (weights are edited separately). */
export function quantizedRunner(handle: TfjsHandle, plan: readonly ActivationSubstitution[], fixed: number | null = null): QuantizedRunner {
  if (handle.format === 'layers-model') {
    const model = handle.model;
    const restore = wrapLayerCalls(model, new Map(plan.map((e) => [e.point, (y: tf.Tensor) => fakeQuantizeTensor(y, e.params)])));
    return {
      predict: (x) => firstOutput(model.predict(x, { batchSize: x.shape[0] }) as tf.Tensor | tf.Tensor[]),
      dispose: restore,
    };
  }
  const model = handle.model;
  // A fixed batch (e.g. [1,256,256,3]) runs chunk by chunk (../fixedBatch.ts).
  const batched = (run: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor) => inFixedBatches(x, fixed, (b) => [run(b)])[0];
  if (plan.length === 0) return { predict: batched((x) => firstOutput(model.execute(x) as tf.Tensor)), dispose: () => {} };
  const topo = graphTopology(model);
  const order = new Map(topo.order.map((n, i) => [n.name, i]));
  const stages = [...plan].sort((a, b) => (order.get(a.point) ?? 0) - (order.get(b.point) ?? 0));
  const inputName = model.inputs[0].name;
  const outputNames = model.outputs.map((o) => o.name);
  return {
    predict: batched((x) => {
      const feeds: tf.NamedTensorMap = { [inputName]: x };
      let out: tf.Tensor | null = null;
      try {
        for (const s of stages) {
          const a = model.execute(feeds, s.point) as tf.Tensor;
          feeds[s.point] = fakeQuantizeTensor(a, s.params);
          a.dispose();
        }
        out = firstOutput(model.execute(feeds, outputNames) as tf.Tensor | tf.Tensor[]);
        return out;
      } finally {
        // An output that is itself a quantized point comes back as the fed tensor: keep it.
        for (const [k, t] of Object.entries(feeds)) if (k !== inputName && t !== out) t.dispose();
      }
    }),
    dispose: () => {},
  };
}
