/**
 * The ONNX graph's own tensor names for the encoding files (src/quant/export): a layer's
 * weight is the initializer behind the kernel its node reads (through Identity / Cast), its
 * activations the tensor at its activation point; per-channel scales run along the stored
 * kernel's output-channel axis (0 for Conv OIHW and Gemm transB, 1 for MatMul B [K, N] and
 * ConvTranspose without groups). Weights stored in a `Constant` node have no initializer:
 * the files name the tensor the node reads, and onnxruntime takes per-tensor overrides only
 * for it (grid.ts `weightIsInitializer`).
 */
import { allNonNegative } from '../../quant/parts/scale';
import type { NameLayer, TensorNames } from '../../quant/export/grid';
import type { LoadedOnnxModel } from './load';
import { fromView } from './layout';
import { filterAxis } from './qdqTensors';

export function onnxTensorNames(m: Pick<LoadedOnnxModel, 'layers' | 'parsed'>): NameLayer {
  const byName = new Map<string, TensorNames>();
  for (const l of m.layers) {
    const read = l.onnx.node.input[l.onnx.weightSlot];
    const c = m.parsed.constants.get(read);
    const initializer = c?.source === 'initializer' ? c.tensor.name ?? read : null;
    const filterOf = fromView(Float32Array.from({ length: l.weights.length }, (_, i) => i % l.filters), l.onnx.layout);
    byName.set(l.name, {
      weight: initializer ?? read,
      activation: l.activationPoint,
      channelAxis: filterAxis(l.onnx.weightDims, filterOf, l.filters),
      weightsSigned: !allNonNegative(l.weights),
      weightIsInitializer: initializer !== null,
    });
  }
  return (layer) => {
    const n = byName.get(layer.name);
    if (!n) throw new Error(`layer '${layer.name}' is not in this ONNX model`);
    return n;
  };
}
