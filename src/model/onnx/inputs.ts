/**
 * The model input as the studio feeds it. Images travel through the studio channels-last
 * (NHWC, as tfjs models take them); an ONNX model may want NCHW (PyTorch exports) or NHWC
 * (tf2onnx exports, which transpose to NCHW inside the graph). The layout is read from the
 * graph: an input whose first consumer is Transpose(perm [0,3,1,2]) is NHWC; one read by
 * a Conv directly is NCHW; otherwise the dims decide (channels of 1 or 3 in position 1).
 *
 * Dynamic dims (a dim_param or no value) other than the batch must be resolved before the
 * graph can run: from a shape given by the user (`--input-shape N,C,H,W` in the CLI, the
 * page's input-shape field, or the dropped data), in the input's own order.
 */
import { attrInts, type GraphInput, type ParsedOnnx } from './graph';

type InputLayout = 'NCHW' | 'NHWC' | 'other';

export interface ResolvedInput {
  name: string;
  elemType: number;
  /** Declared dims (numbers, symbolic names or null). */
  declared: (number | string | null)[];
  /** Concrete dims in the model's own order; the batch dim is 1 here and free at run time. */
  dims: number[];
  layout: InputLayout;
  /** Input shape in the studio's channels-last order with the batch as null: [null, H, W, C] for images. */
  studioShape: (number | null)[];
}

function layoutOf(parsed: ParsedOnnx, input: GraphInput): InputLayout {
  if (input.dims.length !== 4) return 'other';
  const first = parsed.consumersOf.get(input.name)?.[0];
  if (first?.op_type === 'Transpose') {
    const perm = attrInts(first, 'perm');
    if (perm?.join(',') === '0,3,1,2') return 'NHWC';
  }
  if (first?.op_type === 'Conv' || first?.op_type === 'ConvTranspose' || first?.op_type === 'BatchNormalization') return 'NCHW';
  const c1 = input.dims[1];
  const c3 = input.dims[3];
  if ((c3 === 1 || c3 === 3) && !(c1 === 1 || c1 === 3)) return 'NHWC';
  return 'NCHW';
}

/**
 * The first graph input with concrete dims. `given` (model order) fills dynamic dims and
 * must agree with the fixed ones. Throws a message naming the input and its dynamic dims.
 */
export function resolveInput(parsed: ParsedOnnx, given?: number[]): ResolvedInput {
  const input = parsed.inputs[0];
  const declared = input.dims;
  const label = `[${declared.map((d) => d ?? '?').join(',')}]`;
  let dims: number[];
  if (given) {
    if (given.length !== declared.length) {
      throw new Error(`input shape [${given.join(',')}] has ${given.length} dims, input '${input.name}' ${label} has ${declared.length}`);
    }
    declared.forEach((d, i) => {
      if (typeof d === 'number' && d !== given[i] && i > 0) throw new Error(`input shape [${given.join(',')}] disagrees with input '${input.name}' ${label} at dim ${i}`);
    });
    dims = [1, ...given.slice(1)];
  } else {
    const dynamic = declared.map((d, i) => (typeof d === 'number' || i === 0 ? -1 : i)).filter((i) => i >= 0);
    if (dynamic.length > 0) {
      const example = declared.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : (d ?? '?'))).join(',');
      throw new Error(`input '${input.name}' ${label} has dynamic dims ${dynamic.map((i) => `${i} (${declared[i] ?? '?'})`).join(', ')}: give the input shape (page: Input shape field; CLI: --input-shape ${example}, with numbers)`);
    }
    dims = declared.map((d, i) => (i === 0 ? 1 : (d as number)));
  }
  const layout = layoutOf(parsed, input);
  const rest = dims.slice(1);
  const studioShape: (number | null)[] = layout === 'NCHW' ? [null, rest[1], rest[2], rest[0]] : [null, ...rest];
  return { name: input.name, elemType: input.elemType, declared, dims, layout, studioShape };
}
