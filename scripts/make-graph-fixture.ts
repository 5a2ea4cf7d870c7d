/**
 * Test fixtures: one small MNIST-shaped network written both as a tfjs LayersModel and as
 * a tfjs-converter GraphModel holding the SAME weights, in float32, float16- and
 * uint8-quantized manifests, cut into several shards.
 *
 * The converter (Python) is not available here, so the graph JSON is written by hand in
 * the converter's format: GraphDef nodes {name, op, input, attr} with base64 strings and
 * stringified ints, weights in `weightsManifest` named after their Const nodes.
 *
 * Network (input 28×28×1):
 *   conv1  Conv2D 3×3×1×4, no bias → bn1 BatchNormalization → relu1 ReLU     → 26×26×4
 *   dw1    DepthwiseConv2D 3×3, multiplier 2, bias, relu                     → 24×24×8
 *   pool1  MaxPool 2×2 → flat Flatten (1152) → fc1 Dense 10, softmax
 * Graph 'fused' (what the converter emits): _FusedConv2D[BiasAdd,Relu] with BN folded,
 *   FusedDepthwiseConv2dNative[BiasAdd,Relu], MaxPool, Reshape, _FusedMatMul[BiasAdd], Softmax.
 * Graph 'unfused': Conv2D → FusedBatchNormV3 → Relu, DepthwiseConv2dNative → BiasAdd → Relu,
 *   MatMul(transpose_b) → BiasAdd → Softmax (exercises folding and chain following).
 *
 * Built in memory by the tests that use them (buildFixtures, layersModelFiles, graphModelFiles);
 * nothing is written to disk.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { encodeFloat16 } from '../src/model/float16';
import { foldBatchNorm } from '../src/model/fold';
import { mulberry32 } from '../src/quant/random';

export type FileMap = Map<string, Uint8Array>;
export type Quant = 'float32' | 'float16' | 'uint8';
/** Shard sizes giving every variant three shards (the converter's default is 4 MiB). */
const SHARD_BYTES: Record<Quant, number> = { float32: 16 * 1024, float16: 8 * 1024, uint8: 4 * 1024 };

interface NamedTensor { name: string; shape: number[]; dtype: 'float32' | 'int32'; values: Float32Array | Int32Array }

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export const rng = mulberry32;

function fill(n: number, r: () => number, lo: number, hi: number): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

/** The fixture weights (float32), keyed by role. */
function fixtureWeights(seed = 7) {
  const r = rng(seed);
  return {
    conv1: fill(3 * 3 * 1 * 4, r, -0.6, 0.6),
    gamma: fill(4, r, 0.5, 1.5), beta: fill(4, r, -0.2, 0.2), mean: fill(4, r, -0.1, 0.1), variance: fill(4, r, 0.5, 1.5),
    dw1: fill(3 * 3 * 4 * 2, r, -0.5, 0.5), dw1Bias: fill(8, r, -0.1, 0.1),
    fc1: fill(1152 * 10, r, -0.1, 0.1), fc1Bias: fill(10, r, -0.1, 0.1),
  };
}
const BN_EPSILON = 1e-3;

export function buildLayersModel(seed = 7): tfl.LayersModel {
  const w = fixtureWeights(seed);
  const model = tfl.sequential({
    name: 'fixture',
    layers: [
      tfl.layers.conv2d({ name: 'conv1', inputShape: [28, 28, 1], filters: 4, kernelSize: 3, useBias: false }),
      tfl.layers.batchNormalization({ name: 'bn1', epsilon: BN_EPSILON }),
      tfl.layers.reLU({ name: 'relu1' }),
      tfl.layers.depthwiseConv2d({ name: 'dw1', kernelSize: 3, depthMultiplier: 2, activation: 'relu' }),
      tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tfl.layers.flatten({ name: 'flat' }),
      tfl.layers.dense({ name: 'fc1', units: 10, activation: 'softmax' }),
    ],
  });
  model.getLayer('conv1').setWeights([tf.tensor4d(w.conv1, [3, 3, 1, 4])]);
  model.getLayer('bn1').setWeights([w.gamma, w.beta, w.mean, w.variance].map((v) => tf.tensor1d(v)));
  model.getLayer('dw1').setWeights([tf.tensor4d(w.dw1, [3, 3, 4, 2]), tf.tensor1d(w.dw1Bias)]);
  model.getLayer('fc1').setWeights([tf.tensor2d(w.fc1, [1152, 10]), tf.tensor1d(w.fc1Bias)]);
  return model;
}

/** Encodes tensors into tfjs manifest specs + shards of at most `shardBytes` bytes. */
export function encodeWeights(tensors: NamedTensor[], quant: Quant, shardBytes: number, prefix = 'group1') {
  const specs: Record<string, unknown>[] = [];
  const parts: Uint8Array[] = [];
  for (const t of tensors) {
    const spec: Record<string, unknown> = { name: t.name, shape: t.shape, dtype: t.dtype };
    if (t.dtype === 'int32' || quant === 'float32') {
      parts.push(new Uint8Array(t.values.slice().buffer));
    } else if (quant === 'float16') {
      spec.quantization = { dtype: 'float16' };
      parts.push(new Uint8Array(encodeFloat16(t.values).buffer));
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (const v of t.values) { min = Math.min(min, v); max = Math.max(max, v); }
      const scale = max > min ? (max - min) / 255 : 1;
      spec.quantization = { dtype: 'uint8', scale, min };
      parts.push(Uint8Array.from(t.values, (v) => Math.round((v - min) / scale)));
    }
    specs.push(spec);
  }
  const all = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { all.set(p, o); o += p.length; }
  const n = Math.max(1, Math.ceil(all.length / shardBytes));
  const shards = new Map<string, Uint8Array>();
  for (let i = 0; i < n; i++) shards.set(`${prefix}-shard${i + 1}of${n}.bin`, all.slice(i * shardBytes, (i + 1) * shardBytes));
  return { manifest: [{ paths: [...shards.keys()], weights: specs }], shards };
}

function files(modelJson: unknown, shards: Map<string, Uint8Array>): FileMap {
  const out: FileMap = new Map([['model.json', new TextEncoder().encode(JSON.stringify(modelJson))]]);
  for (const [k, v] of shards) out.set(k, v);
  return out;
}

export async function layersModelFiles(quant: Quant, shardBytes = SHARD_BYTES[quant], seed = 7): Promise<FileMap> {
  const model = buildLayersModel(seed);
  let topology: unknown;
  await model.save(tf.io.withSaveHandler(async (a) => {
    topology = a.modelTopology;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const tensors: NamedTensor[] = model.weights.map((v) => ({
    name: v.originalName, shape: v.shape as number[], dtype: 'float32', values: v.read().dataSync() as Float32Array,
  }));
  model.dispose();
  const { manifest, shards } = encodeWeights(tensors, quant, shardBytes);
  return files({ format: 'layers-model', generatedBy: 'scripts/make-graph-fixture.ts', convertedBy: null,
    modelTopology: topology, weightsManifest: manifest }, shards);
}

const b64 = (s: string) => btoa(s);
const ints = (xs: number[]) => ({ list: { i: xs.map(String) } });
const FLOAT = { type: 'DT_FLOAT' };
const dims = (shape: number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) });

function constNode(name: string, shape: number[], dtype: 'DT_FLOAT' | 'DT_INT32' = 'DT_FLOAT') {
  return { name, op: 'Const', attr: { value: { tensor: { dtype, tensorShape: dims(shape) } }, dtype: { type: dtype } } };
}

function convAttrs(fused: string[]) {
  const a: Record<string, unknown> = {
    T: FLOAT, strides: ints([1, 1, 1, 1]), padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') },
    dilations: ints([1, 1, 1, 1]),
  };
  if (fused.length) Object.assign(a, { fused_ops: { list: { s: fused.map(b64) } }, num_args: { i: '1' }, epsilon: { f: 0 } });
  return a;
}

interface GraphFixtureOptions {
  /** Keep BN, biases and activations as separate nodes. */
  unfused?: boolean;
  shardBytes?: number;
  seed?: number;
  /** Fix the input's batch dimension (a converted detector says [1,…]); default any (-1). */
  batch?: number;
  /** Prefix of every node and weight name, as the converter writes `StatefulPartitionedCall/model_1/…`. */
  scope?: string;
}

/**
 * The graph-model variant; `unfused` keeps BN, biases and activations as separate nodes.
 * `batch` and `scope` give the shape of real converted models: fixed batch 1 and long names.
 */
export function graphModelFiles(quant: Quant, opts: GraphFixtureOptions = {}): FileMap {
  const w = fixtureWeights(opts.seed ?? 7);
  const bn = { gamma: w.gamma, beta: w.beta, mean: w.mean, variance: w.variance, epsilon: BN_EPSILON };
  const folded = foldBatchNorm(w.conv1, null, 4, bn);
  const t = (name: string, shape: number[], values: Float32Array | Int32Array, dtype: 'float32' | 'int32' = 'float32'): NamedTensor =>
    ({ name, shape, dtype, values });
  const nodes: unknown[] = [
    { name: 'input', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: dims([opts.batch ?? -1, 28, 28, 1]) } } },
  ];
  const tensors: NamedTensor[] = [];
  const add = (x: NamedTensor, dtype: 'DT_FLOAT' | 'DT_INT32' = 'DT_FLOAT') => { tensors.push(x); nodes.push(constNode(x.name, x.shape, dtype)); };
  const fc1T = new Float32Array(1152 * 10); // [10, 1152] for transpose_b
  for (let i = 0; i < 1152; i++) for (let o = 0; o < 10; o++) fc1T[o * 1152 + i] = w.fc1[i * 10 + o];
  if (opts.unfused) {
    add(t('conv1/kernel', [3, 3, 1, 4], w.conv1));
    for (const k of ['gamma', 'beta', 'mean', 'variance'] as const) add(t(`bn1/${k}`, [4], w[k]));
    add(t('dw1/kernel', [3, 3, 4, 2], w.dw1));
    add(t('dw1/bias', [8], w.dw1Bias));
    add(t('flat/shape', [2], Int32Array.from([-1, 1152]), 'int32'), 'DT_INT32');
    add(t('fc1/kernel', [10, 1152], fc1T));
    add(t('fc1/bias', [10], w.fc1Bias));
    nodes.push(
      { name: 'conv1', op: 'Conv2D', input: ['input', 'conv1/kernel'], attr: convAttrs([]) },
      { name: 'bn1', op: 'FusedBatchNormV3', input: ['conv1', 'bn1/gamma', 'bn1/beta', 'bn1/mean', 'bn1/variance'],
        attr: { T: FLOAT, U: FLOAT, epsilon: { f: BN_EPSILON }, data_format: { s: b64('NHWC') }, is_training: { b: false } } },
      { name: 'relu1', op: 'Relu', input: ['bn1'], attr: { T: FLOAT } },
      { name: 'dw1', op: 'DepthwiseConv2dNative', input: ['relu1', 'dw1/kernel'], attr: convAttrs([]) },
      { name: 'dw1/BiasAdd', op: 'BiasAdd', input: ['dw1', 'dw1/bias'], attr: { T: FLOAT, data_format: { s: b64('NHWC') } } },
      { name: 'dw1/Relu', op: 'Relu', input: ['dw1/BiasAdd'], attr: { T: FLOAT } },
      { name: 'pool1', op: 'MaxPool', input: ['dw1/Relu'], attr: { T: FLOAT, ksize: ints([1, 2, 2, 1]), strides: ints([1, 2, 2, 1]), padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') } } },
      { name: 'flat', op: 'Reshape', input: ['pool1', 'flat/shape'], attr: { T: FLOAT, Tshape: { type: 'DT_INT32' } } },
      { name: 'fc1', op: 'MatMul', input: ['flat', 'fc1/kernel'], attr: { T: FLOAT, transpose_a: { b: false }, transpose_b: { b: true } } },
      { name: 'fc1/BiasAdd', op: 'BiasAdd', input: ['fc1', 'fc1/bias'], attr: { T: FLOAT, data_format: { s: b64('NHWC') } } },
      { name: 'Identity', op: 'Softmax', input: ['fc1/BiasAdd'], attr: { T: FLOAT } },
    );
  } else {
    add(t('conv1/kernel', [3, 3, 1, 4], folded.weights));
    add(t('conv1/bias', [4], folded.bias));
    add(t('dw1/kernel', [3, 3, 4, 2], w.dw1));
    add(t('dw1/bias', [8], w.dw1Bias));
    add(t('flat/shape', [2], Int32Array.from([-1, 1152]), 'int32'), 'DT_INT32');
    add(t('fc1/kernel', [1152, 10], w.fc1));
    add(t('fc1/bias', [10], w.fc1Bias));
    nodes.push(
      { name: 'conv1', op: '_FusedConv2D', input: ['input', 'conv1/kernel', 'conv1/bias'],
        attr: { ...convAttrs(['BiasAdd', 'Relu']), use_cudnn_on_gpu: { b: true }, explicit_paddings: { list: {} } } },
      { name: 'dw1', op: 'FusedDepthwiseConv2dNative', input: ['conv1', 'dw1/kernel', 'dw1/bias'], attr: convAttrs(['BiasAdd', 'Relu']) },
      { name: 'pool1', op: 'MaxPool', input: ['dw1'], attr: { T: FLOAT, ksize: ints([1, 2, 2, 1]), strides: ints([1, 2, 2, 1]), padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') } } },
      { name: 'flat', op: 'Reshape', input: ['pool1', 'flat/shape'], attr: { T: FLOAT, Tshape: { type: 'DT_INT32' } } },
      { name: 'fc1', op: '_FusedMatMul', input: ['flat', 'fc1/kernel', 'fc1/bias'],
        attr: { T: FLOAT, transpose_a: { b: false }, transpose_b: { b: false }, fused_ops: { list: { s: [b64('BiasAdd')] } }, num_args: { i: '1' }, epsilon: { f: 0 } } },
      { name: 'Identity', op: 'Softmax', input: ['fc1'], attr: { T: FLOAT } },
    );
  }
  if (opts.scope) scoped(opts.scope, nodes as GraphNode[], tensors);
  const { manifest, shards } = encodeWeights(tensors, quant, opts.shardBytes ?? SHARD_BYTES[quant]);
  return files({
    format: 'graph-model', generatedBy: '2.15.0', convertedBy: 'hand-written by scripts/make-graph-fixture.ts',
    modelTopology: { node: nodes, library: {}, versions: { producer: 1482 } }, weightsManifest: manifest,
  }, shards);
}

interface GraphNode { name: string; input?: string[] }

/** Renames every node but the input (and the weights named after Const nodes) to `scope + name`. */
function scoped(scope: string, nodes: GraphNode[], tensors: NamedTensor[]): void {
  const rename = (n: string) => (n === 'input' ? n : `${scope}${n}`);
  for (const node of nodes) {
    node.name = rename(node.name);
    if (node.input) node.input = node.input.map(rename);
  }
  for (const t of tensors) t.name = rename(t.name);
}

/** All fixture variants by folder name. */
export async function buildFixtures(): Promise<Record<string, FileMap>> {
  const out: Record<string, FileMap> = {};
  for (const q of ['float32', 'float16', 'uint8'] as const) {
    out[`layers-${q}`] = await layersModelFiles(q);
    out[`graph-${q}`] = graphModelFiles(q);
  }
  out['graph-unfused'] = graphModelFiles('float32', { unfused: true });
  return out;
}
