/**
 * TensorFlow.js behind the model seam (src/model/runtime/types.ts): wraps a loaded
 * LayersModel or GraphModel and its listed layers into a LoadedModel.
 *
 * - withPlan: writes the plan's kernels into the live model (weightEdits.ts), runs batches
 *   with or without the activation hooks (activationHooks.ts), restores the originals.
 * - capture: multi-output probes (capture.ts).
 * - exportModel: a stock tfjs model.json + one weight file (export.ts).
 * - gradients: LayersModels only; tfjs executes a GraphModel op by op without a gradient
 *   tape that reaches its constants in a usable way, so a GraphModel says so as its reason.
 * Everything that touches the live model runs under one per-model lock.
 */
import * as tf from '@tensorflow/tfjs-core';
import { withModelLock } from '../evaluateCache';
import { fixedBatchOf, inFixedBatches } from '../fixedBatch';
import type { ShapeSource } from '../graphLayers';
import { exampleShape } from '../runtime/input';
import type { GradientRuntime, InputSpec, LoadedModel, PlanRunner, QuantPlan } from '../runtime/types';
import { quantizedRunner } from './activationHooks';
import { tfjsCapture } from './capture';
import { trainBitStrengths } from './ebsTrain';
import { classTaylorImportance } from './gradients';
import { exportTfjsModel } from './export';
import type { TfjsModel } from './types';
import { applyWeightEdits, weightEdits, type TfjsHandle } from './weightEdits';

/** What the loader found: the seam's description of the model (its fields as in LoadedModel), and the live tfjs model. */
interface TfjsModelParts
  extends Pick<LoadedModel, 'name' | 'hash' | 'parameters' | 'droppedKeys' | 'input' | 'outputs' | 'layers' | 'skipped'> {
  handle: TfjsHandle;
  shapeSource?: ShapeSource;
}

const GRAPH_MODEL_NO_GRADIENTS = 'this GraphModel cannot be differentiated in tfjs — convert to a LayersModel';

/** Batch `input` as a tensor of the model input's shape. */
function tensorOf(input: InputSpec, values: Float32Array, count: number): tf.Tensor {
  const dims = exampleShape(input, count > 0 ? values.length / count : 0);
  if (typeof dims === 'string') throw new Error(dims);
  return tf.tensor(values, [count, ...dims]);
}

export function tfjsModel(parts: TfjsModelParts): TfjsModel {
  const { handle, shapeSource, ...described } = parts;
  const { input } = parts;
  const toTensor = (values: Float32Array, count: number) => tensorOf(input, values, count);
  // GraphModels whose input fixes the batch run chunk by chunk (../fixedBatch.ts).
  const fixed = handle.format === 'graph-model' ? fixedBatchOf(input.shape) : null;
  const capture = tfjsCapture(handle, fixed, toTensor);
  const lock = <T>(fn: () => Promise<T>) => withModelLock(self, fn);
  const layersModel = handle.format === 'layers-model';

  async function runBatch(acts: QuantPlan['activations'], values: Float32Array, count: number): Promise<Float32Array> {
    const runner = quantizedRunner(handle, acts, fixed);
    const x = toTensor(values, count);
    let y: tf.Tensor | null = null;
    try {
      y = runner.predict(x);
      return (await y.data()) as Float32Array;
    } finally {
      x.dispose();
      y?.dispose();
      runner.dispose();
    }
  }

  const self: TfjsModel = {
    format: handle.format,
    handle,
    model: handle.model,
    ...described,
    ...(shapeSource ? { shapeSource } : {}),
    capabilities: {
      gradients: layersModel ? { available: true } : { available: false, reason: GRAPH_MODEL_NO_GRADIENTS },
      exportFormats: [{ id: 'tfjs', title: 'TensorFlow.js model (model.json + weights)' }],
    },
    backendName: () => tf.getBackend(),
    predict: fixed === null ? (x) => handle.model.predict(x) as tf.Tensor
      : (x) => inFixedBatches(x, fixed, (b) => [handle.model.predict(b) as tf.Tensor])[0],
    withPlan: (plan, use) => lock(async () => {
      const restore = applyWeightEdits(handle, weightEdits(handle, parts.layers, plan.weights));
      try {
        const runner: PlanRunner = {
          run: (values, count, opts) => runBatch(opts?.activations === false ? [] : plan.activations, values, count),
        };
        return await use(runner);
      } finally {
        restore();
      }
    }),
    capture: (values, count, points) => lock(() => capture(values, count, points)),
    exportModel: (plan, opts) => lock(() => exportTfjsModel(handle, parts.layers, plan, opts)),
    gradients: null,
    dispose: () => handle.model.dispose(),
  };
  if (layersModel) {
    const gradients: GradientRuntime = {
      classImportance: (data, opts) => classTaylorImportance(self, data, opts),
      trainBitStrengths: (problem, opts) => trainBitStrengths(self, problem, opts),
    };
    self.gradients = gradients;
  }
  return self;
}

