/**
 * The TensorFlow.js implementation of the model seam: a LoadedModel that also holds the tfjs
 * model, for the tfjs-only code in src/model (gradients, the EBS forward) and for tests.
 * Code above the seam takes LoadedModel and never sees these fields.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ShapeSource } from '../graphLayers';
import type { LoadedModel } from '../runtime/types';
import type { TfjsHandle } from './weightEdits';

export interface TfjsModel extends LoadedModel {
  format: 'layers-model' | 'graph-model';
  /** The tfjs model with its format, for typed dispatch. */
  handle: TfjsHandle;
  /** The tfjs model itself. */
  model: LayersModel | GraphModel;
  /** Runs the float model on a batch (the model input's shape); the caller disposes the result. */
  predict(x: Tensor): Tensor;
  /**
   * GraphModel: how many layers' output shapes came from the graph alone and how many from
   * running the model once on one image (ops the static shape rules do not cover), and where.
   */
  shapeSource?: ShapeSource;
}
