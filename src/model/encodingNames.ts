/**
 * How the encoding files (src/quant/export) name a loaded model's tensors: the ONNX graph's
 * own names for an ONNX model (onnx/names.ts), `<layer>/kernel` and `<layer>` for tfjs;
 * either way with the kernels' real signedness (an all-non-negative kernel is quantized with
 * unsigned codes, which the files must say).
 */
import { tfjsTensorNames, type NameLayer } from '../quant/export/grid';
import { allNonNegative } from '../quant/parts/scale';
import type { LoadedOnnxModel } from './onnx/load';
import { onnxTensorNames } from './onnx/names';

interface NamedModel {
  layers: readonly { name: string; weights: Float32Array }[];
  /** Present on ONNX models (onnx/model.ts OnnxModel). */
  onnx?: Pick<LoadedOnnxModel, 'layers' | 'parsed'>;
}

export function encodingNamesOf(model: NamedModel): NameLayer {
  if (model.onnx) return onnxTensorNames(model.onnx);
  const signed = new Map(model.layers.map((l) => [l.name, !allNonNegative(l.weights)]));
  return (layer) => ({ ...tfjsTensorNames(layer), weightsSigned: signed.get(layer.name) ?? true });
}
