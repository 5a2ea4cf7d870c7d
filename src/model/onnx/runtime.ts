/**
 * Runs a studio ONNX graph (rewrite.ts) with onnxruntime-web: the same package in the
 * worker (wasm; WebGPU where the caller asks for it) and in Node for the CLI and tests.
 *
 * One run = one batch of examples in the model input's own axis order (the seam's
 * toInputLayout moves decoded HWC images to NCHW where the model wants it), the kernels to use (channels-last views per layer; a layer not given gets its
 * float, BN-folded kernel), the activation points to capture, and optionally a fake-quant
 * function per activation point. Without fake-quant the whole graph is one session; with
 * it the graph runs as stages (rewrite.ts stageGraphs) and each quantized point is
 * quantized in TypeScript — with the quantizers the sweeps use — before the next stage
 * reads it. Stage sessions are built once per set of quantized points and kept.
 */
import * as ort from 'onnxruntime-web';
import { encodeFloat16, decodeFloat16 } from '../float16';
import type { ResolvedInput } from './inputs';
import type { OnnxLayer } from './layers';
import { fromView } from './layout';
import { DataType } from './proto';
import { biasInput, encodeGraph, stageGraphs, weightInput, type StudioGraph } from './rewrite';

export interface RunOptions {
  /** Layer name → channels-last kernel view to run with (default: the float kernel). */
  weights?: ReadonlyMap<string, Float32Array>;
  /** Activation points (tensor names) whose values to return. */
  capture?: readonly string[];
  /** Activation point → fake-quantizer applied before later layers read it. */
  quantize?: ReadonlyMap<string, (values: Float32Array) => Float32Array>;
}

interface RunTensor { data: Float32Array; dims: number[] }
export interface RunResult { output: RunTensor; points: Map<string, RunTensor> }

export interface SessionOptions {
  /** 'webgpu' tries the WebGPU execution provider first (page, real GPU adapter only). */
  provider?: 'wasm' | 'webgpu';
}

type Feeds = Record<string, ort.Tensor>;

function floatData(t: ort.Tensor): Float32Array {
  if (t.type === 'float32') return t.data as Float32Array;
  if (t.type === 'float16') return decodeFloat16(t.data as Uint16Array);
  if (t.type === 'int64' || t.type === 'uint64') return Float32Array.from(t.data as BigInt64Array, Number);
  return Float32Array.from(t.data as ArrayLike<number>);
}

function tensorOf(values: Float32Array, dims: readonly number[], elemType: number): ort.Tensor {
  if (elemType === DataType.FLOAT16) return new ort.Tensor('float16', encodeFloat16(values), dims);
  if (elemType === DataType.INT64) return new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(Math.round(v))), dims);
  if (elemType === DataType.INT32) return new ort.Tensor('int32', Int32Array.from(values, Math.round), dims);
  if (elemType === DataType.DOUBLE) return new ort.Tensor('float64', Float64Array.from(values), dims);
  return new ort.Tensor('float32', values, dims);
}

async function createSession(bytes: Uint8Array, opts: SessionOptions): Promise<ort.InferenceSession> {
  const providers = opts.provider === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'];
  return ort.InferenceSession.create(bytes, { executionProviders: providers, graphOptimizationLevel: 'all', logSeverityLevel: 3 });
}

export class OnnxRunner {
  private plain: ort.InferenceSession | null = null;
  private stages = new Map<string, { sessions: ort.InferenceSession[]; inputs: string[][]; outputs: string[][] }>();
  private floatFeeds = new Map<string, ort.Tensor>();
  private viewFeeds = new WeakMap<Float32Array, ort.Tensor>();
  private pointTypes = new Map<string, number>();

  private constructor(
    private readonly graph: StudioGraph,
    private readonly layers: OnnxLayer[],
    private readonly input: ResolvedInput,
    private readonly modelOutput: string,
    private readonly opts: SessionOptions,
  ) {}

  static async create(graph: StudioGraph, layers: OnnxLayer[], input: ResolvedInput, modelOutput: string, opts: SessionOptions = {}): Promise<OnnxRunner> {
    const r = new OnnxRunner(graph, layers, input, modelOutput, opts);
    r.plain = await createSession(encodeGraph(graph, graph.nodes, graph.inputs, graph.outputs, 'studio'), opts);
    return r;
  }

  /** Which execution provider the session runs on ('wasm' or 'webgpu'). */
  get provider(): string {
    return this.opts.provider ?? 'wasm';
  }

  private weightFeed(i: number, view: Float32Array | undefined): ort.Tensor {
    const layer = this.layers[i];
    if (!view) {
      let t = this.floatFeeds.get(layer.name);
      if (!t) this.floatFeeds.set(layer.name, (t = tensorOf(fromView(layer.weights, layer.onnx.layout), layer.onnx.weightDims, layer.onnx.weightType)));
      return t;
    }
    let t = this.viewFeeds.get(view);
    if (!t) this.viewFeeds.set(view, (t = tensorOf(fromView(view, layer.onnx.layout), layer.onnx.weightDims, layer.onnx.weightType)));
    return t;
  }

  private feeds(x: Float32Array, n: number, weights?: ReadonlyMap<string, Float32Array>): Feeds {
    const feeds: Feeds = { [this.input.name]: tensorOf(x, [n, ...this.input.dims.slice(1)], this.input.elemType) };
    this.layers.forEach((layer, i) => {
      feeds[weightInput(i)] = this.weightFeed(i, weights?.get(layer.name));
      if (layer.onnx.feedsBias) feeds[biasInput(i)] = tensorOf(layer.bias, [layer.filters], layer.onnx.weightType);
    });
    return feeds;
  }

  /** One batch of n examples (`x` holds n examples back to back, model input order). */
  async run(x: Float32Array, n: number, opts: RunOptions = {}): Promise<RunResult> {
    const feeds = this.feeds(x, n, opts.weights);
    const quantize = opts.quantize && opts.quantize.size > 0 ? opts.quantize : null;
    const points = new Map<string, RunTensor>();
    if (!quantize) {
      const fetch = [this.modelOutput, ...(opts.capture ?? []).filter((p) => p !== this.modelOutput)];
      const out = await this.plain!.run(feeds, fetch);
      for (const p of opts.capture ?? []) points.set(p, { data: floatData(out[p]), dims: [...out[p].dims] });
      for (const [k, t] of Object.entries(out)) this.pointTypes.set(k, t.type === 'float16' ? DataType.FLOAT16 : DataType.FLOAT);
      return { output: { data: floatData(out[this.modelOutput]), dims: [...out[this.modelOutput].dims] }, points };
    }
    return this.runStaged(feeds, quantize, opts.capture ?? []);
  }

  private async stagesFor(points: string[]) {
    const key = points.join('\n');
    let s = this.stages.get(key);
    if (!s) {
      const built = stageGraphs(this.graph, [this.modelOutput], points, (p) => this.pointTypes.get(p) ?? DataType.FLOAT);
      s = { sessions: [], inputs: built.map((b) => b.inputs), outputs: built.map((b) => b.outputs) };
      for (const b of built) s.sessions.push(await createSession(b.bytes, this.opts));
      if (this.stages.size >= 4) {
        const [old, v] = this.stages.entries().next().value!;
        this.stages.delete(old);
        for (const ss of v.sessions) await ss.release();
      }
      this.stages.set(key, s);
    }
    return s;
  }

  private async runStaged(feeds: Feeds, quantize: ReadonlyMap<string, (v: Float32Array) => Float32Array>, capture: readonly string[]): Promise<RunResult> {
    const order = new Map(this.graph.nodes.flatMap((nd, i) => nd.output.map((o) => [o, i] as const)));
    const cut = [...quantize.keys()].filter((p) => order.has(p)).sort((a, b) => order.get(a)! - order.get(b)!);
    const s = await this.stagesFor(cut);
    const points = new Map<string, RunTensor>();
    const values: Feeds = { ...feeds };
    for (let k = 0; k < s.sessions.length; k++) {
      const ins: Feeds = {};
      for (const name of s.inputs[k]) ins[name] = values[name];
      const out = await s.sessions[k].run(ins, s.outputs[k]);
      for (const name of s.outputs[k]) {
        const t = out[name];
        const q = quantize.get(name);
        if (!q || k >= cut.length) {
          values[name] = t;
          continue;
        }
        const dims = [...t.dims];
        const quantized = q(floatData(t));
        values[name] = tensorOf(quantized, dims, t.type === 'float16' ? DataType.FLOAT16 : DataType.FLOAT);
        if (capture.includes(name)) points.set(name, { data: quantized, dims });
      }
    }
    const y = values[this.modelOutput];
    return { output: { data: floatData(y), dims: [...y.dims] }, points };
  }

  async release(): Promise<void> {
    await this.plain?.release();
    this.plain = null;
    for (const s of this.stages.values()) for (const ss of s.sessions) await ss.release();
    this.stages.clear();
  }
}

/** Threads and wasm file location for onnxruntime-web (set once by the worker or the CLI). */
export function configureOnnxRuntime(opts: { wasmPaths?: string | { wasm?: string; mjs?: string }; numThreads?: number }): void {
  if (opts.wasmPaths) ort.env.wasm.wasmPaths = opts.wasmPaths;
  ort.env.wasm.numThreads = opts.numThreads ?? 1;
  ort.env.logLevel = 'error';
}
