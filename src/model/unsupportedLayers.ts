/**
 * Layer classes tfjs does not know (custom Python layers, newer Keras layers) make
 * tfjs-layers refuse the whole model. The studio registers a stand-in for each such class
 * instead, so the model loads, its quantizable layers are analysed (weights always;
 * activations when the unknown layer is not upstream of them) and the unknown layer is
 * listed as skipped. The stand-in passes shapes through when the graph is built and
 * throws a clear error if it is ever executed, so no wrong numbers come out of it.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { isPlainObject } from './safeJson';

const NESTED = new Set(['Sequential', 'Model', 'Functional']);

/** Class names used in a Keras/LayersModel topology (nested models included). */
function layerClassNames(topology: unknown): Set<string> {
  const out = new Set<string>();
  const stack: unknown[] = [isPlainObject(topology) && isPlainObject(topology.model_config) ? topology.model_config : topology];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isPlainObject(node) || typeof node.class_name !== 'string') continue;
    out.add(node.class_name);
    if (!NESTED.has(node.class_name)) continue;
    const cfg = node.config;
    const layers = Array.isArray(cfg) ? cfg : isPlainObject(cfg) && Array.isArray(cfg.layers) ? cfg.layers : [];
    stack.push(...layers);
  }
  return out;
}

function isRegistered(className: string): boolean {
  return tf.serialization.SerializationMap.getMap().classNameMap[className] !== undefined;
}

function registerStandIn(className: string): void {
  class UnsupportedLayer extends tfl.layers.Layer {
    static className = className;
    static unsupported = true;

    constructor(args: Record<string, unknown>) {
      const keep: Record<string, unknown> = { name: args.name, trainable: false };
      for (const k of ['inputShape', 'batchInputShape', 'batchSize', 'dtype']) if (args[k] !== undefined) keep[k] = args[k];
      super(keep);
    }

    override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
      return inputShape;
    }

    override call(): tf.Tensor {
      throw new Error(`layer '${this.name}' of class ${className} is not supported by TensorFlow.js and cannot run`);
    }
  }
  tf.serialization.registerClass(UnsupportedLayer);
}

/**
 * Registers stand-ins for the topology's unknown layer classes; returns their names
 * (empty when every class is known).
 */
export function registerUnsupportedLayers(topology: unknown): Set<string> {
  const unknown = new Set<string>();
  for (const name of layerClassNames(topology)) {
    if (NESTED.has(name) || name === 'InputLayer') continue;
    const cls = tf.serialization.SerializationMap.getMap().classNameMap[name]?.[0] as { unsupported?: boolean } | undefined;
    if (cls?.unsupported) unknown.add(name);
    else if (!isRegistered(name)) {
      registerStandIn(name);
      unknown.add(name);
    }
  }
  return unknown;
}
