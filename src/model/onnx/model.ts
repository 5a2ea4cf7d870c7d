/**
 * An ONNX model behind the model seam (../runtime/types.ts LoadedModel): what the
 * analysis, the methods, the evaluation and the export see, whatever runtime holds it.
 *
 * - Layers: Conv / ConvTranspose / Gemm / MatMul kernels in the seam's filter-last layout.
 * - withPlan: the plan's kernels are fed as the studio graph's weight inputs; its
 *   activation fake-quant runs the graph in stages, each quantized point quantized with
 *   the src/quant registry quantizer (runtime.ts). Nothing in the live model changes, so
 *   nothing needs restoring; runs are still serialised, as the seam promises.
 * - capture: the activation points are outputs of the studio graph.
 * - Gradients: none (onnxruntime-web runs inference only); CQ and EBS say so.
 * - Models whose input fixes the batch (e.g. [1, 3, 224, 224]) run in chunks of that size,
 *   the last one zero-padded and the padding rows dropped.
 * - Image inputs are presented channels-last ([null, H, W, C], layout 'NHWC') whatever the
 *   file stores, so the data code (image decoding, the demo digits, resizing to the input)
 *   has one layout for every runtime; examples are moved to NCHW here, before each run.
 *   The CLI's --input-shape stays in the file's own order (N,C,H,W for PyTorch exports).
 */
import { getQuantizer } from '../../quant/registry';
import type {
  ActivationSubstitution, CapturedTensor, ExportedModel, ExportOptions, InputSpec, LoadedModel, PlanRunner, QuantLayer, QuantPlan, RuntimeCapabilities, TensorLayout,
} from '../runtime/types';
import { toInputLayout } from '../runtime/input';
import { loadOnnxModel, type LoadedOnnxModel, type OnnxLoadOptions } from './load';
import { exportQdq } from './qdq';
import type { RunOptions as RunnerOptions, RunResult } from './runtime';

const ONNX_GRADIENTS_REASON = 'this ONNX model runs in onnxruntime-web, which computes no gradients; open the model as TensorFlow.js to use CQ or EBS';

const ONNX_CAPABILITIES: RuntimeCapabilities = {
  gradients: { available: false, reason: ONNX_GRADIENTS_REASON },
  exportFormats: [{ id: 'onnx-qdq', title: 'ONNX QDQ (integer weights, Q/DQ activations)' }],
};

function pointLayout(dims: number[]): TensorLayout {
  return dims.length === 4 ? 'NCHW' : dims.length === 2 ? 'NC' : 'other';
}

function activationFn(a: ActivationSubstitution): (v: Float32Array) => Float32Array {
  const q = getQuantizer(a.params.scheme);
  const p = { scheme: a.params.scheme, bits: a.params.bits, signed: a.params.signed, scale: a.params.scale };
  return (v) => q.apply(v, p);
}

/** The seam's view of a loaded ONNX model. */
export class OnnxModel implements LoadedModel {
  readonly format = 'onnx' as const;
  readonly droppedKeys: string[] = [];
  readonly capabilities = ONNX_CAPABILITIES;
  readonly gradients = null;
  readonly layers: QuantLayer[];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly onnx: LoadedOnnxModel) {
    this.layers = onnx.layers.map((l) => ({
      name: l.name, kind: l.kind, op: l.op, weightShape: l.weightShape, filters: l.filters, params: l.params, macs: l.macs,
      outputShape: l.outputShape, weights: l.weights, bias: l.bias, foldedBatchNorm: l.foldedBatchNorm, activation: l.activation,
      activationPoint: l.activationPoint, producers: l.producers,
    }));
  }

  get name() { return this.onnx.name; }
  get hash() { return this.onnx.hash; }
  get parameters() { return this.onnx.parameters; }
  get skipped() { return this.onnx.skipped; }
  get input(): InputSpec {
    const { dims, layout, studioShape, name } = this.onnx.input;
    if (layout !== 'other') return { name, shape: studioShape, layout: 'NHWC' };
    return { name, shape: [null, ...dims.slice(1)], layout: dims.length === 2 ? 'NC' : 'other' };
  }

  /** Channels-last examples → the file's own order (NCHW models), else as they are. */
  private toModelOrder(input: Float32Array, count: number): Float32Array {
    const { layout, dims } = this.onnx.input;
    if (layout !== 'NCHW') return input;
    const [c, h, w] = dims.slice(1);
    return toInputLayout(input, count, [h, w, c], { name: '', shape: [null, c, h, w], layout: 'NCHW' });
  }
  get outputs() {
    return this.onnx.outputs.map((o) => ({ ...o, node: o.name }));
  }

  backendName(): string {
    return `onnxruntime-web ${this.onnx.runner.provider}`;
  }

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Runs `count` examples, in chunks of the input's fixed batch size where it has one. */
  private async runChunked(input: Float32Array, count: number, opts: RunnerOptions): Promise<RunResult[]> {
    const fixed = this.onnx.input.declared[0];
    const per = count > 0 ? input.length / count : 0;
    if (typeof fixed !== 'number' || fixed <= 0) return [await this.onnx.runner.run(input, count, opts)];
    const out: RunResult[] = [];
    for (let s = 0; s < count; s += fixed) {
      const n = Math.min(fixed, count - s);
      const x = new Float32Array(fixed * per);
      x.set(input.subarray(s * per, (s + n) * per));
      const r = await this.onnx.runner.run(x, fixed, opts);
      const rows = (t: { data: Float32Array; dims: number[] }) => ({ data: t.data.subarray(0, (t.data.length / fixed) * n), dims: [n, ...t.dims.slice(1)] });
      out.push({ output: rows(r.output), points: new Map([...r.points].map(([k, v]) => [k, rows(v)])) });
    }
    return out;
  }

  withPlan<T>(plan: QuantPlan, use: (runner: PlanRunner) => Promise<T>): Promise<T> {
    const weights = new Map(plan.weights.map((w) => [w.layer, w.values]));
    const quantize = new Map(plan.activations.map((a) => [a.point, activationFn(a)]));
    return this.exclusive(() => use({
      run: async (input, count, opts) => {
        const parts = await this.runChunked(this.toModelOrder(input, count), count, { weights, quantize: opts?.activations === false ? undefined : quantize });
        return concat(parts.map((p) => p.output.data));
      },
    }));
  }

  capture(input: Float32Array, count: number, points: readonly string[]): Promise<CapturedTensor[]> {
    return this.exclusive(async () => {
      const parts = await this.runChunked(this.toModelOrder(input, count), count, { capture: points });
      return points.map((p) => {
        const first = parts[0].points.get(p);
        if (!first) throw new Error(`no activation point '${p}' in this model`);
        return { values: concat(parts.map((r) => r.points.get(p)!.data)), shape: first.dims.slice(1), layout: pointLayout(first.dims) };
      });
    });
  }

  /**
   * The dropped model rewritten as a QDQ model (qdq.ts): integer kernels feeding
   * DequantizeLinear, Q/DQ pairs at quantized activation points; what has no integer grid
   * stays fake-quantized in float and is named in the tensors' notes.
   */
  async exportModel(plan: QuantPlan, opts: ExportOptions = {}): Promise<ExportedModel> {
    const ex = exportQdq(this.onnx, plan, { producedBy: opts.producedBy });
    const notes = new Map(ex.notes.map((n) => [n.layer, n.reason]));
    const tensors = ex.tensors.map((t) => (t.layer && notes.has(t.layer) && !t.note ? { ...t, note: notes.get(t.layer) } : t));
    return { files: new Map([[`${this.onnx.name.replace(/\.onnx$/i, '')}.qdq.onnx`, ex.bytes]]), tensors, weightBytes: ex.weightBytes, floatWeightBytes: ex.floatWeightBytes, notes: ex.notes };
  }

  dispose(): void {
    void this.onnx.dispose().catch(() => undefined);
  }
}

function concat(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0];
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Opens ONNX bytes as a seam model (see load.ts for what is checked). */
export async function openOnnxModel(bytes: Uint8Array, opts: OnnxLoadOptions = {}): Promise<OnnxModel> {
  return new OnnxModel(await loadOnnxModel(bytes, opts));
}
