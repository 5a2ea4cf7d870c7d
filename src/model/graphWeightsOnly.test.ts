/**
 * The weights-only listing of a graph model (graphWeightsOnly.ts, no tfjs) against the
 * listing of the same files loaded into tfjs (graphLayers.ts): same layers, weights, shapes,
 * skipped nodes, input and outputs; the same errors; and null where only a run of the model
 * gives the shapes.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { buildFixtures, type FileMap } from '../../scripts/make-graph-fixture';
import { buildResNetGraph, GraphWriter } from '../../scripts/bench/resnetGraph';
import { SYNTHETIC_RESNETS } from '../../scripts/bench/resnetTopology';
import { curveModelFiles } from '../../scripts/bench/curveBench';
import { loadGraphWeightsOnly } from './graphWeightsOnly';
import { loadPreparedModel, ModelLoadError, prepareModelFiles } from './load';
import type { LoadedModel } from './runtime/types';

await tf.setBackend('cpu');
const fixtures = await buildFixtures();

/** Everything a weights-only analysis reads, as plain data. */
function listing(m: LoadedModel & { shapeSource?: unknown }) {
  return {
    format: m.format, name: m.name, hash: m.hash, parameters: m.parameters, droppedKeys: m.droppedKeys,
    input: m.input, outputs: m.outputs, skipped: m.skipped, shapeSource: m.shapeSource,
    layers: m.layers.map((l) => ({ ...l, weights: Array.from(l.weights), bias: Array.from(l.bias) })),
  };
}

async function bothWays(files: FileMap) {
  const prepared = await prepareModelFiles(files);
  const weightsOnly = loadGraphWeightsOnly(prepared);
  const tfjs = await loadPreparedModel(prepared);
  try {
    return { weightsOnly: weightsOnly && listing(weightsOnly), tfjs: listing(tfjs) };
  } finally {
    tfjs.dispose();
  }
}

async function errorOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelLoadError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('loadGraphWeightsOnly', () => {
  it.each(['graph-float32', 'graph-float16', 'graph-uint8', 'graph-unfused'])('lists %s as tfjs does (weights bit for bit, BN folded)', async (name) => {
    const { weightsOnly, tfjs } = await bothWays(fixtures[name]);
    expect(weightsOnly).not.toBeNull();
    expect(weightsOnly).toEqual(tfjs);
    expect(tfjs.layers.length).toBeGreaterThan(0);
  });

  it('lists a synthetic ResNet and the 30-layer curve model as tfjs does', async () => {
    const spec = SYNTHETIC_RESNETS.find((s) => s.name === 'resnet-1m')!;
    for (const files of [buildResNetGraph(spec, 3).files('test'), curveModelFiles()]) {
      const { weightsOnly, tfjs } = await bothWays(files);
      expect(weightsOnly).toEqual(tfjs);
      expect(tfjs.layers.length).toBeGreaterThan(10);
    }
  });

  it('reports ops tfjs cannot run as tfjs does, and the signature\'s inputs and outputs', async () => {
    const g = new GraphWriter(4);
    const x = g.input('x', [-1, 8, 8, 2]);
    const c = g.conv('c1', x, [3, 3, 2, 4]);
    g.op('odd', 'NoSuchOpInTfjs', [c]);
    g.op('out', 'Relu', [g.conv('c2', c, [1, 1, 4, 3])]);
    const files = g.files('test');
    const json = JSON.parse(new TextDecoder().decode(files.get('model.json')));
    json.signature = { inputs: { image: { name: 'x:0' } }, outputs: { y: { name: 'out:0' } } };
    files.set('model.json', new TextEncoder().encode(JSON.stringify(json)));
    const { weightsOnly, tfjs } = await bothWays(files);
    expect(tfjs.skipped.map((s) => s.name)).toEqual(['odd']);
    expect(tfjs.outputs.map((o) => o.name)).toEqual(['out']);
    expect(weightsOnly).toEqual(tfjs);
  });

  it('gives null where the shapes need a run of the model (tfjs probes them)', async () => {
    const g = new GraphWriter(5);
    const x = g.input('x', [-1, 12, 12, 2]);
    const c1 = g.conv('c1', x, [3, 3, 2, 4]);
    const cs = g.op('cs', 'Cumsum', [c1, g.ints('cs/axis', [1])], { exclusive: { b: false }, reverse: { b: false }, Tidx: { type: 'DT_INT32' } });
    g.conv('c2', cs, [3, 3, 4, 4], { strides: 2 });
    const prepared = await prepareModelFiles(g.files('test'));
    expect(loadGraphWeightsOnly(prepared)).toBeNull();
    const tfjs = await loadPreparedModel(prepared);
    expect(tfjs.shapeSource).toEqual({ static: 1, probed: 1, backend: 'cpu' });
    tfjs.dispose();
  });

  it('gives null for a layers model, and for a graph tfjs would refuse (no versions)', async () => {
    expect(loadGraphWeightsOnly(await prepareModelFiles(fixtures['layers-float32']))).toBeNull();
    const files = new Map(fixtures['graph-float32']);
    const json = JSON.parse(new TextDecoder().decode(files.get('model.json')));
    delete json.modelTopology.versions;
    files.set('model.json', new TextEncoder().encode(JSON.stringify(json)));
    expect(loadGraphWeightsOnly(await prepareModelFiles(files))).toBeNull();
  });

  it('fails as tfjs loading does: a Const without weight, no quantizable layer', async () => {
    const edit = (fn: (j: { modelTopology: { node: { name: string; op: string; attr?: object; input?: string[] }[] } }) => void) => {
      const files = new Map(fixtures['graph-float32']);
      const json = JSON.parse(new TextDecoder().decode(files.get('model.json')));
      fn(json);
      files.set('model.json', new TextEncoder().encode(JSON.stringify(json)));
      return files;
    };
    const messages: string[] = [];
    for (const files of [
      edit((j) => { j.modelTopology.node.push({ name: 'orphan', op: 'Const', attr: {} }); }),
      edit((j) => {
        for (const n of j.modelTopology.node) if (/Conv2D|MatMul|Depthwise/.test(n.op)) n.op = 'AddN';
      }),
    ]) {
      const prepared = await prepareModelFiles(files);
      const weightsOnly = await errorOf(() => loadGraphWeightsOnly(prepared));
      expect(weightsOnly).toBe(await errorOf(() => loadPreparedModel(prepared)));
      messages.push(weightsOnly);
    }
    expect(messages[0]).toMatch(/'orphan' has no weight in weightsManifest/);
    expect(messages[1]).toMatch(/no quantizable layer found/);
  });
});
