/**
 * The synthetic ResNets of resnetTopology.ts written as tfjs-converter GraphModels, the way
 * the converter exports a Keras ResNet from TensorFlow: ZeroPadding2D → Pad + VALID conv in
 * the stem, batch norm folded into each conv (`_FusedConv2D` [BiasAdd, Relu] or [BiasAdd]),
 * AddV2 + Relu for the residual join, MaxPool, Mean over H and W, `_FusedMatMul` [BiasAdd],
 * Softmax. Weights: He-normal kernels (mulberry32), small biases. Written to
 * `.synthetic/<name>-graph/` (gitignored) by `npm run bench`.
 *
 *   npx tsx scripts/bench/resnetGraph.ts resnet18 [--out .synthetic]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mulberry32 } from '../../src/quant/random';
import { SYNTHETIC_RESNETS, type ResNetSpec } from './resnetTopology';

const SHARD_BYTES = 4 * 1024 * 1024;
const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const ints = (xs: number[]) => ({ list: { i: xs.map(String) } });
const FLOAT = { type: 'DT_FLOAT' };
const dims = (shape: number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) });

export interface GraphTensor { name: string; shape: number[]; dtype: 'float32' | 'int32'; values: Float32Array | Int32Array }

/** Appends nodes and constants in the converter's JSON format. */
export class GraphWriter {
  readonly nodes: Record<string, unknown>[] = [];
  readonly tensors: GraphTensor[] = [];
  private readonly rand: () => number;

  constructor(seed: number) { this.rand = mulberry32(seed); }

  input(name: string, shape: number[]): string {
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: dims(shape) } } });
    return name;
  }

  constant(name: string, shape: number[], values: Float32Array | Int32Array): string {
    const dtype = values instanceof Int32Array ? 'DT_INT32' : 'DT_FLOAT';
    this.tensors.push({ name, shape, dtype: dtype === 'DT_INT32' ? 'int32' : 'float32', values });
    this.nodes.push({ name, op: 'Const', attr: { value: { tensor: { dtype, tensorShape: dims(shape) } }, dtype: { type: dtype } } });
    return name;
  }

  ints(name: string, values: number[], shape = [values.length]): string { return this.constant(name, shape, Int32Array.from(values)); }

  /** He-normal values for a kernel whose fan-in is the product of all but the last dim. */
  heNormal(shape: number[], fanIn: number): Float32Array {
    const n = shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(n);
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - this.rand()));
      const t = 2 * Math.PI * this.rand();
      out[i] = std * r * Math.cos(t);
      if (i + 1 < n) out[i + 1] = std * r * Math.sin(t);
    }
    return out;
  }

  small(n: number): Float32Array { return Float32Array.from({ length: n }, () => 0.1 * (this.rand() - 0.5)); }

  op(name: string, op: string, input: string[], attr: Record<string, unknown> = {}): string {
    this.nodes.push({ name, op, input, attr: { T: FLOAT, ...attr } });
    return name;
  }

  /** Conv (or depthwise) with bias and an optional activation fused, BN already folded. */
  conv(name: string, x: string, kernel: number[], opts: {
    strides?: number; padding?: 'SAME' | 'VALID' | 'EXPLICIT'; dilation?: number; activation?: 'Relu' | 'Relu6' | null;
    depthwise?: boolean; explicit?: number[];
  } = {}): string {
    const [kh, kw, ci, co] = kernel;
    const s = opts.strides ?? 1;
    const d = opts.dilation ?? 1;
    const filters = opts.depthwise ? ci * co : co;
    const k = this.constant(`${name}/kernel`, kernel, this.heNormal(kernel, kh * kw * (opts.depthwise ? 1 : ci)));
    const b = this.constant(`${name}/bias`, [filters], this.small(filters));
    const fused = ['BiasAdd', ...(opts.activation === null ? [] : [opts.activation ?? 'Relu'])];
    return this.op(name, opts.depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D', [x, k, b], {
      strides: ints([1, s, s, 1]), padding: { s: b64(opts.padding ?? 'SAME') }, data_format: { s: b64('NHWC') },
      dilations: ints([1, d, d, 1]), fused_ops: { list: { s: fused.map(b64) } }, num_args: { i: '1' }, epsilon: { f: 0 },
      ...(opts.explicit ? { explicit_paddings: ints(opts.explicit) } : {}),
    });
  }

  dense(name: string, x: string, inUnits: number, units: number): string {
    const k = this.constant(`${name}/kernel`, [inUnits, units], this.heNormal([inUnits, units], inUnits));
    const b = this.constant(`${name}/bias`, [units], this.small(units));
    return this.op(name, '_FusedMatMul', [x, k, b], {
      transpose_a: { b: false }, transpose_b: { b: false }, fused_ops: { list: { s: [b64('BiasAdd')] } },
      num_args: { i: '1' }, epsilon: { f: 0 },
    });
  }

  pool(name: string, op: 'MaxPool' | 'AvgPool', x: string, size: number, stride: number, padding: 'SAME' | 'VALID'): string {
    return this.op(name, op, [x], {
      ksize: ints([1, size, size, 1]), strides: ints([1, stride, stride, 1]), padding: { s: b64(padding) }, data_format: { s: b64('NHWC') },
    });
  }

  /** model.json (as an object) and its weight shards. */
  files(generatedBy: string, shardBytes = SHARD_BYTES, prefix = 'group1'): Map<string, Uint8Array> {
    const total = this.tensors.reduce((a, t) => a + t.values.byteLength, 0);
    const all = new Uint8Array(total);
    let o = 0;
    for (const t of this.tensors) {
      all.set(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength), o);
      o += t.values.byteLength;
    }
    const n = Math.max(1, Math.ceil(total / shardBytes));
    const out = new Map<string, Uint8Array>();
    const paths: string[] = [];
    for (let i = 0; i < n; i++) {
      const file = `${prefix}-shard${i + 1}of${n}.bin`;
      paths.push(file);
      out.set(file, all.subarray(i * shardBytes, Math.min(total, (i + 1) * shardBytes)));
    }
    const json = {
      format: 'graph-model', generatedBy: '2.15.0', convertedBy: generatedBy,
      modelTopology: { node: this.nodes, library: {}, versions: { producer: 1482 } },
      weightsManifest: [{ paths, weights: this.tensors.map(({ name, shape, dtype }) => ({ name, shape, dtype })) }],
    };
    out.set('model.json', new TextEncoder().encode(JSON.stringify(json)));
    return out;
  }
}

function shortcut(g: GraphWriter, x: string, inC: number, outC: number, stride: number, name: string): string {
  if (stride === 1 && inC === outC) return x;
  return g.conv(`${name}_down_conv`, x, [1, 1, inC, outC], { strides: stride, activation: null });
}

/** Graph of a spec; returns the writer holding its nodes and weights. */
export function buildResNetGraph(spec: ResNetSpec, seed = 1): GraphWriter {
  const g = new GraphWriter(seed);
  let x = g.input('image', [-1, spec.inputSize, spec.inputSize, 3]);
  x = g.op('stem_pad', 'Pad', [x, g.ints('stem_pad/paddings', [0, 0, 3, 3, 3, 3, 0, 0], [4, 2])], { Tpaddings: { type: 'DT_INT32' } });
  x = g.conv('stem_conv', x, [7, 7, 3, spec.stem], { strides: 2, padding: 'VALID' });
  x = g.pool('stem_pool', 'MaxPool', x, 3, 2, 'SAME');
  let c = spec.stem;
  spec.widths.forEach((w, stage) => {
    for (let i = 0; i < spec.depths[stage]; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      const name = `s${stage + 1}b${i + 1}`;
      const outC = spec.block === 'basic' ? w : 4 * w;
      let y: string;
      if (spec.block === 'basic') {
        y = g.conv(`${name}_conv1`, x, [3, 3, c, w], { strides: stride });
        y = g.conv(`${name}_conv2`, y, [3, 3, w, w], { activation: null });
      } else {
        y = g.conv(`${name}_conv1`, x, [1, 1, c, w]);
        y = g.conv(`${name}_conv2`, y, [3, 3, w, w], { strides: stride });
        y = g.conv(`${name}_conv3`, y, [1, 1, w, outC], { activation: null });
      }
      const s = shortcut(g, x, c, outC, stride, name);
      x = g.op(`${name}_out`, 'Relu', [g.op(`${name}_add`, 'AddV2', [y, s])]);
      c = outC;
    }
  });
  x = g.op('pool', 'Mean', [x, g.ints('pool/axes', [1, 2])], { keep_dims: { b: false }, Tidx: { type: 'DT_INT32' } });
  x = g.dense('fc', x, c, spec.classes);
  g.op('Identity', 'Softmax', [x]);
  return g;
}

export function graphName(spec: ResNetSpec): string { return `${spec.name}-graph`; }

/** Writes `.synthetic/<name>-graph/`; returns the folder and parameter count. */
export function writeSyntheticResNetGraph(spec: ResNetSpec, outRoot: string, seed = 1): { dir: string; parameters: number } {
  const g = buildResNetGraph(spec, seed);
  const dir = resolve(outRoot, graphName(spec));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of g.files(`quantization-studio scripts/bench/resnetGraph.ts (seed ${seed})`)) writeFileSync(join(dir, file), bytes);
  const parameters = g.tensors.filter((t) => t.dtype === 'float32').reduce((a, t) => a + t.values.length, 0);
  return { dir, parameters };
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('resnetGraph.ts')) {
  const argv = process.argv.slice(2);
  const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : '.synthetic';
  const names = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--out');
  for (const spec of SYNTHETIC_RESNETS.filter((s) => names.length === 0 || names.includes(s.name))) {
    const w = writeSyntheticResNetGraph(spec, out);
    console.log(`${graphName(spec)}: ${(w.parameters / 1e6).toFixed(2)}M parameters → ${w.dir}`);
  }
}
