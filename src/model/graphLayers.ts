/**
 * The quantizable layers of a loaded tfjs GraphModel (graphLayerList.ts does the listing):
 * constants read from the model's weight tensors, op support from tfjs's own op mapper, and
 * the output shapes the graph alone does not give found by running those nodes once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { ModelLoadError } from './errors';
import { listGraphLayers, type GraphWeights, type ShapeSource } from './graphLayerList';
import type { GraphTopology } from './graphTopology';
import type { QuantLayer, SkippedLayer } from './types';
import type { KernelSource } from './weightViews';

export type { ShapeSource } from './graphLayerList';

type Weights = Record<string, tf.Tensor[]>;

function tensorWeights(weights: Weights): GraphWeights {
  return {
    shape: (name) => weights[name]?.[0]?.shape.slice() ?? null,
    values: (name) => {
      const t = weights[name]?.[0];
      if (!t) throw new ModelLoadError(`model.json: constant '${name}' has no weight in weightsManifest`, 'model.json');
      return Float32Array.from(t.dataSync() as Float32Array);
    },
  };
}

/**
 * Output shapes (batch dropped) of the given nodes, from one run of those nodes on a zero
 * batch of one image, on the current backend (the fastest one set up). Only for nodes whose
 * shape the graph alone does not give (graphShapes.ts).
 */
export function probeShapes(model: GraphModel, nodeNames: string[]): Map<string, (number | null)[]> {
  const shapes = new Map<string, (number | null)[]>();
  const input = model.inputs[0];
  if (model.inputs.length !== 1 || !input.shape || nodeNames.length === 0) return shapes;
  const dims = input.shape.slice(1);
  if (dims.some((d) => d == null || d < 0)) return shapes;
  tf.tidy(() => {
    const first = input.shape?.[0] ?? -1;
    const batch = first > 0 ? first : 1; // a fixed batch must be honoured, else 1
    const x = tf.zeros([batch, ...(dims as number[])], input.dtype as tf.DataType);
    const outs = model.execute(x, nodeNames) as tf.Tensor | tf.Tensor[];
    (Array.isArray(outs) ? outs : [outs]).forEach((t, i) => shapes.set(nodeNames[i], t.shape.slice(1)));
  });
  return shapes;
}

/** `kernels`: where kernels can be read in place (weightViews.ts; never written here). */
export function listGraphModelLayers(
  model: GraphModel, topo: GraphTopology, kernels?: KernelSource,
): { layers: QuantLayer[]; skipped: SkippedLayer[]; shapeSource: ShapeSource } {
  const mapped = (model as unknown as { executor?: { graph?: { nodes?: Record<string, { category?: string }> } } })
    .executor?.graph?.nodes;
  return listGraphLayers(topo, {
    weights: tensorWeights(model.weights as unknown as Weights),
    inputs: model.inputs.map((i) => ({ name: i.name, shape: i.shape?.slice() })),
    supported: (node) => !(mapped && mapped[node.name] && mapped[node.name].category === undefined),
    probe: (names) => ({ shapes: probeShapes(model, names), backend: tf.getBackend() }),
    kernels,
  });
}
