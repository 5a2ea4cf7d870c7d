/**
 * Writes an ONNX model from a tfjs LayersModel's own files (model.json + weight bytes),
 * for the bundled ONNX demo and the tests: the same trained network, so the ONNX path can
 * be compared with the tfjs path number for number. Covers the layers the demo models use
 * (Conv2D, DepthwiseConv2D, BatchNormalization, Dense, ReLU, Add, MaxPooling2D, Flatten,
 * Dropout). Two styles:
 *   - 'NCHW' (what PyTorch exports): NCHW input, OIHW kernels, Gemm(transB) dense layers
 *     with their rows permuted from the tfjs flatten order (H, W, C) to (C, H, W);
 *   - 'NHWC' (what tf2onnx exports): NHWC input, Transpose to NCHW before the first conv and
 *     back before Flatten, dense layers as MatMul + Add, optionally every weight in a
 *     `Constant` node (seen through Identity), as some exporters write them.
 * Options also store weights as float16 (+ Cast to float) or in an external data file.
 */
import { DataType, encodeModel, type OnnxModelInit } from '../../src/model/onnx/proto';
import { encodeFloat16 } from '../../src/model/float16';

type NodeInit = NonNullable<NonNullable<OnnxModelInit['graph']>['node']>[number];
type TensorInit = NonNullable<NonNullable<OnnxModelInit['graph']>['initializer']>[number];

export interface FromTfjsOptions {
  layout: 'NCHW' | 'NHWC';
  opset?: number;
  /** Store every weight in a Constant node (read through an Identity) instead of an initializer. */
  constantNodes?: boolean;
  /** Store weights as float16 and Cast them to float. */
  float16?: boolean;
  /** Put weight bytes in an external file with this name (returned as `data`). */
  externalData?: string;
  /** Graph name (default: the tfjs model's name). */
  name?: string;
}

interface TfLayer { class_name: string; config: Record<string, unknown>; inbound_nodes?: unknown[]; name?: string }
interface ModelJson {
  modelTopology: { config: { name?: string; layers: TfLayer[] } | TfLayer[] };
  weightsManifest: { weights: { name: string; shape: number[]; dtype: string }[] }[];
}

const prod = (xs: number[]) => xs.reduce((p, d) => p * d, 1);

/** Transposes `src` (dims) by `perm`. */
function transpose(src: Float32Array, dims: number[], perm: number[]): Float32Array {
  const out = new Float32Array(src.length);
  const outDims = perm.map((p) => dims[p]);
  const strides = dims.map((_, i) => prod(dims.slice(i + 1)));
  const idx = new Array(dims.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let rem = o;
    for (let a = outDims.length - 1; a >= 0; a--) {
      idx[a] = rem % outDims[a];
      rem = Math.floor(rem / outDims[a]);
    }
    let s = 0;
    for (let a = 0; a < perm.length; a++) s += idx[a] * strides[perm[a]];
    out[o] = src[s];
  }
  return out;
}

/** TF 'same' padding: pads [top, left, bottom, right] (extra at the end). */
function tfPads(padding: unknown, inHW: number[], k: number[], s: number[]): number[] {
  if (padding !== 'same') return [0, 0, 0, 0];
  const total = inHW.map((n, i) => Math.max((Math.ceil(n / s[i]) - 1) * s[i] + k[i] - n, 0));
  return [Math.floor(total[0] / 2), Math.floor(total[1] / 2), total[0] - Math.floor(total[0] / 2), total[1] - Math.floor(total[1] / 2)];
}

function outHW(padding: unknown, inHW: number[], k: number[], s: number[]): number[] {
  return inHW.map((n, i) => (padding === 'same' ? Math.ceil(n / s[i]) : Math.floor((n - k[i]) / s[i]) + 1));
}

export function tfjsToOnnx(modelJson: ModelJson, weightBytes: Uint8Array, opts: FromTfjsOptions): { model: Uint8Array; data?: Uint8Array } {
  const cfg = modelJson.modelTopology.config;
  const tfLayers = Array.isArray(cfg) ? cfg : cfg.layers;
  const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const floats = new Float32Array(new Uint8Array(weightBytes).buffer);
  const weights = new Map<string, { shape: number[]; values: Float32Array }>();
  let off = 0;
  for (const w of specs) {
    if (w.dtype !== 'float32') throw new Error(`weight ${w.name}: only float32 weights are converted`);
    const n = prod(w.shape);
    weights.set(w.name, { shape: w.shape, values: floats.slice(off, off + n) });
    off += n;
  }
  const W = (layer: string, part: string) => {
    const w = weights.get(`${layer}/${part}`);
    if (!w) throw new Error(`no weight ${layer}/${part}`);
    return w;
  };
  const nodes: NodeInit[] = [];
  const initializers: TensorInit[] = [];
  const dataChunks: Uint8Array[] = [];
  let dataLength = 0;
  const nchw = opts.layout === 'NCHW';

  /** Adds a weight tensor the way the options say; returns the name the graph reads. */
  const addWeight = (name: string, dims: number[], values: Float32Array): string => {
    const stored = opts.float16 ? `${name}_fp16` : name;
    const bytes = opts.float16 ? new Uint8Array(encodeFloat16(values).buffer) : new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    const tensor: TensorInit = { name: stored, dims, data_type: opts.float16 ? DataType.FLOAT16 : DataType.FLOAT };
    if (opts.externalData && !opts.constantNodes) {
      tensor.data_location = 1;
      tensor.external_data = [{ key: 'location', value: opts.externalData }, { key: 'offset', value: String(dataLength) }, { key: 'length', value: String(bytes.length) }];
      dataChunks.push(bytes);
      dataLength += bytes.length;
    } else {
      tensor.raw_data = bytes;
    }
    let read = stored;
    if (opts.constantNodes) {
      nodes.push({ op_type: 'Constant', name: `${stored}_const`, output: [`${stored}_c`], attribute: [{ name: 'value', type: 4, t: { ...tensor, name: undefined } }] });
      nodes.push({ op_type: 'Identity', name: `${stored}_id`, input: [`${stored}_c`], output: [stored] });
    } else {
      initializers.push(tensor);
    }
    if (opts.float16) {
      nodes.push({ op_type: 'Cast', name: `${name}_cast`, input: [read], output: [name], attribute: [{ name: 'to', type: 2, i: DataType.FLOAT }] });
      read = name;
    }
    return read;
  };

  // NHWC shape (no batch) of each tfjs layer's output, and the ONNX tensor holding it.
  const shape = new Map<string, number[]>();
  const tensorOf = new Map<string, string>();
  const layout = new Map<string, 'NCHW' | 'NHWC'>();
  const first = tfLayers[0];
  const inputShape = ((first.config.batch_input_shape ?? first.config.batchInputShape) as (number | null)[]).slice(1) as number[];
  const [h0, w0, c0] = inputShape;
  const inputName = 'input';
  let prev = '';
  let prevLayout: 'NCHW' | 'NHWC' = nchw ? 'NCHW' : 'NHWC';
  const inboundOf = (l: TfLayer): string[] => {
    const inb = l.inbound_nodes as unknown[][][] | undefined;
    if (!inb || inb.length === 0) return prev ? [prev] : [];
    return inb[0].map((e) => String(e[0]));
  };
  const toLayout = (layer: string, want: 'NCHW' | 'NHWC'): string => {
    const t = tensorOf.get(layer)!;
    if (layout.get(layer) === want) return t;
    const out = `${t}_to_${want}`;
    nodes.push({ op_type: 'Transpose', name: `${layer}_to_${want}`, input: [t], output: [out], attribute: [{ name: 'perm', type: 7, ints: want === 'NCHW' ? [0, 3, 1, 2] : [0, 2, 3, 1] }] });
    return out;
  };
  const setOut = (name: string, t: string, s: number[], l: 'NCHW' | 'NHWC') => {
    tensorOf.set(name, t);
    shape.set(name, s);
    layout.set(name, l);
    prev = name;
    prevLayout = l;
  };
  const activation = (name: string, t: string, act: unknown): string => {
    if (!act || act === 'linear') return t;
    const op = act === 'relu' ? 'Relu' : act === 'softmax' ? 'Softmax' : act === 'sigmoid' ? 'Sigmoid' : act === 'tanh' ? 'Tanh' : '';
    if (!op) throw new Error(`activation ${String(act)} is not converted`);
    nodes.push({ op_type: op, name: `${name}_${String(act)}`, input: [t], output: [`${t}_${String(act)}`] });
    return `${t}_${String(act)}`;
  };
  setOut('__input__', inputName, inputShape, nchw ? 'NCHW' : 'NHWC');
  for (const l of tfLayers) {
    const c = l.config;
    const name = String(c.name ?? l.name);
    const ins = l.class_name === 'InputLayer' ? [] : inboundOf(l);
    const src = ins[0] ?? '__input__';
    if (l.class_name === 'InputLayer') {
      setOut(name, inputName, inputShape, prevLayout);
      continue;
    }
    const s = shape.get(src)!;
    switch (l.class_name) {
      case 'Conv2D': case 'DepthwiseConv2D': {
        const x = toLayout(src, 'NCHW');
        const k = c.kernel_size as number[];
        const st = c.strides as number[];
        const kernel = W(name, l.class_name === 'Conv2D' ? 'kernel' : 'depthwise_kernel');
        const [kh, kw, cin, cout] = kernel.shape;
        const dw = l.class_name === 'DepthwiseConv2D';
        const oihw = dw
          ? transpose(kernel.values, [kh, kw, cin * cout], [2, 0, 1])
          : transpose(kernel.values, kernel.shape, [3, 2, 0, 1]);
        const outC = dw ? cin * cout : cout;
        const wName = addWeight(`${name}.weight`, dw ? [outC, 1, kh, kw] : [cout, cin, kh, kw], oihw);
        const inputs = [x, wName];
        if (c.use_bias) inputs.push(addWeight(`${name}.bias`, [outC], W(name, 'bias').values));
        const out = `${name}_out`;
        nodes.push({
          op_type: 'Conv', name, input: inputs, output: [out],
          attribute: [
            { name: 'kernel_shape', type: 7, ints: k }, { name: 'strides', type: 7, ints: st },
            { name: 'pads', type: 7, ints: tfPads(c.padding, [s[0], s[1]], k, st) },
            ...(dw ? [{ name: 'group', type: 2, i: cin }] : []),
          ],
        });
        const hw = outHW(c.padding, [s[0], s[1]], k, st);
        setOut(name, activation(name, out, c.activation), [hw[0], hw[1], outC], 'NCHW');
        break;
      }
      case 'BatchNormalization': {
        const x = toLayout(src, 'NCHW');
        const ch = s[2];
        const g = c.scale === false ? new Float32Array(ch).fill(1) : W(name, 'gamma').values;
        const b = c.center === false ? new Float32Array(ch) : W(name, 'beta').values;
        const ins2 = [x, addWeight(`${name}.scale`, [ch], g), addWeight(`${name}.bias`, [ch], b),
          addWeight(`${name}.mean`, [ch], W(name, 'moving_mean').values), addWeight(`${name}.var`, [ch], W(name, 'moving_variance').values)];
        nodes.push({ op_type: 'BatchNormalization', name, input: ins2, output: [`${name}_out`], attribute: [{ name: 'epsilon', type: 1, f: Number(c.epsilon ?? 1e-3) }] });
        setOut(name, `${name}_out`, s, 'NCHW');
        break;
      }
      case 'ReLU': case 'Activation': {
        const t = tensorOf.get(src)!;
        const out = activation(name, t, l.class_name === 'ReLU' ? 'relu' : c.activation);
        setOut(name, out, s, layout.get(src)!);
        break;
      }
      case 'Add': {
        const a = toLayout(ins[0], 'NCHW');
        const b = toLayout(ins[1], 'NCHW');
        nodes.push({ op_type: 'Add', name, input: [a, b], output: [`${name}_out`] });
        setOut(name, `${name}_out`, s, 'NCHW');
        break;
      }
      case 'MaxPooling2D': {
        const x = toLayout(src, 'NCHW');
        const k = c.pool_size as number[];
        const st = (c.strides as number[] | null) ?? k;
        nodes.push({
          op_type: 'MaxPool', name, input: [x], output: [`${name}_out`],
          attribute: [{ name: 'kernel_shape', type: 7, ints: k }, { name: 'strides', type: 7, ints: st }, { name: 'pads', type: 7, ints: tfPads(c.padding, [s[0], s[1]], k, st) }],
        });
        const hw = outHW(c.padding, [s[0], s[1]], k, st);
        setOut(name, `${name}_out`, [hw[0], hw[1], s[2]], 'NCHW');
        break;
      }
      case 'Flatten': {
        const x = nchw ? tensorOf.get(src)! : toLayout(src, 'NHWC');
        nodes.push({ op_type: 'Flatten', name, input: [x], output: [`${name}_out`], attribute: [{ name: 'axis', type: 2, i: 1 }] });
        // Remember the pre-flatten NHWC shape: an NCHW flatten orders features (C, H, W).
        setOut(name, `${name}_out`, [prod(s)], nchw && s.length === 3 ? 'NCHW' : 'NHWC');
        shape.set(`${name}__chw`, s);
        break;
      }
      case 'Dropout': {
        setOut(name, tensorOf.get(src)!, s, layout.get(src)!);
        break;
      }
      case 'Dense': {
        const x = tensorOf.get(src)!;
        const kernel = W(name, 'kernel');
        const [inF, units] = kernel.shape;
        let k = kernel.values;
        const chw = shape.get(`${src}__chw`);
        if (chw && layout.get(src) === 'NCHW') {
          // Rows in tfjs order (h, w, c) → ONNX NCHW flatten order (c, h, w).
          const [hh, ww, cc] = chw;
          k = transpose(k, [hh, ww, cc, units], [2, 0, 1, 3]);
        }
        const out = `${name}_out`;
        if (nchw) {
          const wName = addWeight(`${name}.weight`, [units, inF], transpose(k, [inF, units], [1, 0]));
          const inputs = [x, wName, ...(c.use_bias ? [addWeight(`${name}.bias`, [units], W(name, 'bias').values)] : [])];
          nodes.push({ op_type: 'Gemm', name, input: inputs, output: [out], attribute: [{ name: 'transB', type: 2, i: 1 }] });
          setOut(name, activation(name, out, c.activation), [units], 'NHWC');
        } else {
          const wName = addWeight(`${name}.kernel`, [inF, units], k);
          nodes.push({ op_type: 'MatMul', name, input: [x, wName], output: [c.use_bias ? `${name}_mm` : out] });
          if (c.use_bias) nodes.push({ op_type: 'Add', name: `${name}_bias`, input: [`${name}_mm`, addWeight(`${name}.bias`, [units], W(name, 'bias').values)], output: [out] });
          setOut(name, activation(name, out, c.activation), [units], 'NHWC');
        }
        break;
      }
      default: throw new Error(`layer ${name}: ${l.class_name} is not converted`);
    }
  }
  const last = tensorOf.get(prev)!;
  const outShape = shape.get(prev)!;
  const dims = (d: (number | string)[]) => ({ dim: d.map((v) => (typeof v === 'string' ? { dim_param: v } : { dim_value: v })) });
  const model = encodeModel({
    ir_version: 8,
    opset_import: [{ domain: '', version: opts.opset ?? 13 }],
    producer_name: 'quantization-studio',
    producer_version: 'scripts/onnx/fromTfjs.ts',
    graph: {
      name: opts.name ?? (Array.isArray(cfg) ? 'model' : (cfg.name ?? 'model')),
      node: nodes,
      initializer: initializers,
      input: [{ name: inputName, type: { tensor_type: { elem_type: DataType.FLOAT, shape: dims(nchw ? ['N', c0, h0, w0] : ['N', h0, w0, c0]) } } }],
      output: [{ name: last, type: { tensor_type: { elem_type: DataType.FLOAT, shape: dims(['N', ...outShape]) } } }],
    },
  });
  if (!opts.externalData) return { model };
  const data = new Uint8Array(dataLength);
  let o = 0;
  for (const chunk of dataChunks) {
    data.set(chunk, o);
    o += chunk.length;
  }
  return { model, data };
}
