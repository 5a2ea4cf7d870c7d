/**
 * A real-size GraphModel written at test time (nothing big is committed): a MobileNet-like
 * network as the tfjs converter exports one — stem `_FusedConv2D`, then blocks of
 * `FusedDepthwiseConv2dNative` + 1×1 `_FusedConv2D` (ReLU6) with `AddV2` residuals where
 * shapes allow, `Mean` over H and W, `_FusedMatMul`, Softmax. The default is 74 quantizable
 * layers and ≈ 2.5M parameters on a 96×96×3 input, which no bundled data set matches (the
 * studio evaluates it on synthetic inputs).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphWriter } from '../../scripts/bench/resnetGraph';

export interface GeneratedGraphSpec {
  input: number;
  stem: number;
  /** [channels, blocks] per stage; each stage's first block has stride 2. */
  stages: [number, number][];
  classes: number;
}

export const DEFAULT_GRAPH: GeneratedGraphSpec = {
  input: 96, stem: 32, stages: [[64, 4], [128, 8], [256, 16], [384, 8]], classes: 100,
};

/** Writes model.json + shards into `dir`; returns the file paths and the layer count. */
export function writeGeneratedGraph(dir: string, spec: GeneratedGraphSpec = DEFAULT_GRAPH, seed = 11): { files: string[]; layers: number; parameters: number } {
  const g = new GraphWriter(seed);
  let x = g.input('input', [-1, spec.input, spec.input, 3]);
  x = g.conv('stem', x, [3, 3, 3, spec.stem], { strides: 2, activation: 'Relu6' });
  let c = spec.stem;
  let layers = 1;
  spec.stages.forEach(([width, blocks], s) => {
    for (let b = 0; b < blocks; b++) {
      const name = `s${s + 1}b${b + 1}`;
      const stride = b === 0 ? 2 : 1;
      const dw = g.conv(`${name}_dw`, x, [3, 3, c, 1], { depthwise: true, strides: stride, activation: 'Relu6' });
      const pw = g.conv(`${name}_pw`, dw, [1, 1, c, width], { activation: b === 0 ? 'Relu6' : null });
      x = b === 0 ? pw : g.op(`${name}_add`, 'AddV2', [pw, x]);
      c = width;
      layers += 2;
    }
  });
  x = g.op('pool', 'Mean', [x, g.ints('pool/axes', [1, 2])], { keep_dims: { b: false }, Tidx: { type: 'DT_INT32' } });
  x = g.dense('logits', x, c, spec.classes);
  g.op('Identity', 'Softmax', [x]);
  layers += 1;
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [name, bytes] of g.files('e2e/models/generatedGraph.ts')) {
    writeFileSync(join(dir, name), bytes);
    files.push(join(dir, name));
  }
  const parameters = g.tensors.filter((t) => t.dtype === 'float32').reduce((a, t) => a + t.values.length, 0);
  return { files, layers, parameters };
}
