/**
 * Encoding files of ONNX models name the graph's own tensors: checked against the model the
 * way consumers check them (onnxruntime's TensorQuantOverridesHelper.is_valid: every name is
 * an initializer or a node output, per-channel lists only for initializers, one dict per
 * channel along `axis`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tfjsToOnnx } from '../../../scripts/onnx/fromTfjs';
import { aimet2 } from '../../quant/export/aimet';
import { tensorQuantOverrides } from '../../quant/export/tensorQuantOverrides';
import { fakeQuantize } from '../../quant/registry';
import type { LayerConfig, StudioConfig } from '../../quant/types';
import { ROOT } from '../testingHelpers';
import { loadOnnxModel, type LoadedOnnxModel } from './load';
import { onnxTensorNames } from './names';

function configOf(m: LoadedOnnxModel, granularity: 'per-tensor' | 'per-filter'): StudioConfig {
  const layers: LayerConfig[] = m.layers.map((l) => ({
    name: l.name, kind: l.kind, weightShape: l.weightShape, filters: l.filters, params: l.params, macs: l.macs,
    weights: { scheme: 'fixed', bits: 8, granularity, scales: fakeQuantize(l.weights, 'fixed', 8, { granularity, filters: l.filters }).params.map((p) => p.scale) },
    activations: { scheme: 'fixed', bits: 8, signed: false, scale: 0.05 },
  }));
  return { format: 'quantization-studio/config', version: 1, model: { name: m.name, hash: m.hash, format: 'onnx', parameters: m.parameters },
    method: { name: 'test' }, layers, summary: { averageWeightBits: 8, sizeBytes: 1, bitops: 1 } };
}

function graphNames(m: LoadedOnnxModel) {
  const inits = new Map(m.parsed.graph.initializer.map((t) => [t.name!, t.dims]));
  const outputs = new Set(m.parsed.nodes.flatMap((n) => n.output));
  return { inits, outputs };
}

describe('ONNX tensor names in the encoding files', () => {
  it('bundled LeNet (initializers): AIMET 2.0.0 and TensorQuantOverrides name initializers and activation tensors, per-channel along the stored axis', async () => {
    const file = join(ROOT, 'public/models/lenet-onnx/model.onnx');
    if (!existsSync(file)) return;
    const m = await loadOnnxModel(new Uint8Array(readFileSync(file)), { fileName: 'model.onnx' });
    try {
      const { inits, outputs } = graphNames(m);
      const names = onnxTensorNames(m);
      const v2 = aimet2(configOf(m, 'per-filter'), names);
      expect(v2.skipped).toEqual([]);
      for (const e of v2.file.encodings) {
        if (Array.isArray(e.y_scale)) {
          expect(inits.has(e.name)).toBe(true);
          expect(inits.get(e.name)![e.axis!]).toBe(e.y_scale.length);
        } else expect(outputs.has(e.name)).toBe(true);
      }
      const tqo = tensorQuantOverrides(configOf(m, 'per-filter'), names);
      expect(Object.keys(tqo.file)).toHaveLength(2 * m.layers.length);
      for (const [name, list] of Object.entries(tqo.file)) {
        expect(inits.has(name) || outputs.has(name)).toBe(true);
        if (list.length > 1) {
          expect(inits.has(name)).toBe(true);
          expect(list).toHaveLength(inits.get(name)![list[0].axis!]);
        }
      }
    } finally {
      await m.dispose();
    }
  });

  it('weights in Constant nodes (tf2onnx style): per-channel overrides are left out with the reason, per-tensor ones name the tensor the node reads', async () => {
    const dir = join(ROOT, 'public/models/lenet');
    if (!existsSync(join(dir, 'model.json'))) return;
    const { model } = tfjsToOnnx(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')), new Uint8Array(readFileSync(join(dir, 'group1-shard1of1.bin'))), { layout: 'NHWC', constantNodes: true });
    const m = await loadOnnxModel(model, { fileName: 'nhwc.onnx' });
    try {
      const { outputs } = graphNames(m);
      const names = onnxTensorNames(m);
      const perFilter = tensorQuantOverrides(configOf(m, 'per-filter'), names);
      expect(perFilter.skipped.map((s) => s.layer)).toEqual(m.layers.map((l) => l.name));
      expect(perFilter.skipped[0].reason).toMatch(/only for initializers/);
      const perTensor = tensorQuantOverrides(configOf(m, 'per-tensor'), names);
      for (const name of Object.keys(perTensor.file)) expect(outputs.has(name)).toBe(true);
      expect(Object.keys(perTensor.file)).toHaveLength(2 * m.layers.length);
    } finally {
      await m.dispose();
    }
  });
});
