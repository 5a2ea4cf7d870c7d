/**
 * Opens an ONNX model: decode and check (graph.ts), resolve the input (inputs.ts), infer
 * static shapes (shapes.ts), list the quantizable layers (layers.ts), build the studio
 * graph (rewrite.ts) and start onnxruntime on it (runtime.ts). One probe run on a zero
 * example fills any output shape static inference could not (and so the MACs) and proves
 * the graph runs before the model replaces the previous one.
 *
 * Every failure is a ModelLoadError whose one-line message starts with the file name.
 */
import { ModelLoadError, oneLine } from '../errors';
import type { ModelOutput, SkippedLayer } from '../types';
import { sha256Hex } from '../sha256';
import { parseOnnx, type ParsedOnnx } from './graph';
import { resolveInput, type ResolvedInput } from './inputs';
import { scanLayers, type OnnxLayer } from './layers';
import { studioGraph } from './rewrite';
import { OnnxRunner, type SessionOptions } from './runtime';
import { inferShapes } from './shapes';
import type { ExternalDataFiles } from './tensors';

export interface OnnxLoadOptions extends SessionOptions {
  /** Shown in messages and used as the model name (default 'model.onnx'). */
  fileName?: string;
  /** External data files dropped beside the .onnx, by the location tensors name. */
  external?: ExternalDataFiles;
  /** Concrete input dims in the model input's own order (fills dynamic dims). */
  inputShape?: number[];
}

/** What the studio can do with a model of this runtime. */
interface OnnxCapabilities {
  /**
   * Gradients of the loss with respect to weights and activations (CQ importance, EBS):
   * onnxruntime-web runs inference only, so none.
   */
  gradients: false;
}

export interface LoadedOnnxModel {
  format: 'onnx';
  name: string;
  /** Hex SHA-256 of the .onnx bytes (and external data, in the order tensors name them). */
  hash: string;
  input: ResolvedInput;
  /** Studio-order input shape with the batch as null ([null, H, W, C] for images). */
  inputShape: (number | null)[];
  outputs: ModelOutput[];
  parameters: number;
  layers: OnnxLayer[];
  skipped: SkippedLayer[];
  opset: number;
  producer: string;
  capabilities: OnnxCapabilities;
  runner: OnnxRunner;
  parsed: ParsedOnnx;
  dispose(): Promise<void>;
}

function fail(file: string, e: unknown): never {
  const why = e instanceof Error ? e.message : String(e);
  throw new ModelLoadError(`${file}: ${oneLine(why.replace(/^failed to call OrtRun\(\)\. /, '').replace(/^Error: /, ''))}`, file);
}

export async function loadOnnxModel(bytes: Uint8Array, opts: OnnxLoadOptions = {}): Promise<LoadedOnnxModel> {
  const file = opts.fileName ?? 'model.onnx';
  let parsed: ParsedOnnx;
  let input: ResolvedInput;
  let scan: ReturnType<typeof scanLayers>;
  const externalRead: string[] = [];
  const external: ExternalDataFiles | undefined = opts.external
    ? (loc) => {
      const f = opts.external!(loc);
      if (f && !externalRead.includes(loc)) externalRead.push(loc);
      return f;
    }
    : undefined;
  try {
    parsed = parseOnnx(bytes, external);
    input = resolveInput(parsed, opts.inputShape);
    const shapes = inferShapes(parsed, new Map([[input.name, input.dims]]));
    scan = scanLayers(parsed, shapes, input.name);
  } catch (e) {
    fail(file, e);
  }
  const modelOutput = parsed.outputs[0];
  let runner: OnnxRunner;
  let outputDims: number[] = [];
  try {
    const graph = studioGraph(parsed, scan.layers);
    runner = await OnnxRunner.create(graph, scan.layers, input, modelOutput, opts);
    const per = input.dims.slice(1).reduce((p, d) => p * d, 1);
    const probe = await runner.run(new Float32Array(per), 1, { capture: scan.layers.map((l) => l.activationPoint) });
    outputDims = probe.output.dims;
    for (const l of scan.layers) {
      const p = probe.points.get(l.activationPoint);
      if (p && l.outputShape.length === 0) l.outputShape = p.dims.slice(1);
      if (p && l.macs === 0) {
        const outs = p.dims.slice(1).reduce((a, b) => a * b, 1);
        l.macs = outs * (l.params / l.filters);
      }
    }
  } catch (e) {
    fail(file, e);
  }
  const hash = await sha256Hex([bytes, ...externalRead.map((loc) => opts.external!(loc)!)]);
  const name = parsed.graph.name && parsed.graph.name !== 'main_graph' && parsed.graph.name !== 'torch_jit' ? parsed.graph.name : file.replace(/\.onnx$/i, '');
  return {
    format: 'onnx', name, hash, input, inputShape: input.studioShape,
    outputs: [{ name: modelOutput, shape: [null, ...outputDims.slice(1)], node: modelOutput }],
    parameters: scan.parameters, layers: scan.layers, skipped: scan.skipped, opset: parsed.opset, producer: parsed.producer,
    capabilities: { gradients: false }, runner, parsed,
    dispose: () => runner.release(),
  };
}
