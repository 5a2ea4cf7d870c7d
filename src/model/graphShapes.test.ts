/**
 * Static output shapes (graphShapes.ts) against what tfjs computes by running the graph:
 * on the graph fixtures, on a synthetic ResNet GraphModel (every node), on a graph using
 * every op the rules cover, on random conv / pool settings (fast-check), and the probe
 * fallback for an op the rules do not cover.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphModelFiles } from '../../scripts/make-graph-fixture';
import { buildResNetGraph, GraphWriter } from '../../scripts/bench/resnetGraph';
import { probeShapes } from './graphLayers';
import { inferGraphShapes, windowOutput, type ConstReader } from './graphShapes';
import { parseGraphTopology } from './graphTopology';
import { loadModelFromFiles } from './load';
import type { TfjsModel } from './tfjs/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function constsOf(model: GraphModel): ConstReader {
  const w = model.weights as unknown as Record<string, tf.Tensor[]>;
  return {
    shape: (n) => w[n]?.[0]?.shape.slice() ?? null,
    values: (n) => (w[n]?.[0] && w[n][0].size <= 64 ? Array.from(w[n][0].dataSync(), Number) : null),
  };
}

/** Static shapes (batch dropped) and probed shapes of every non-Const node. */
function bothWays(loaded: TfjsModel): { names: string[]; inferred: ((number | null)[] | null)[]; probed: (number | null)[][] } {
  const model = loaded.model as GraphModel;
  const json = (model as unknown as { artifacts: { modelTopology: unknown } }).artifacts.modelTopology;
  const topo = parseGraphTopology(json);
  const names = topo.order.filter((n) => n.op !== 'Const' && n.op !== 'Placeholder').map((n) => n.name);
  const input = model.inputs[0];
  const inferred = inferGraphShapes(topo, constsOf(model), new Map([[input.name, [1, ...input.shape!.slice(1)]]]), names);
  const probed = probeShapes(model, names);
  return { names, inferred: names.map((n) => inferred.get(n)?.slice(1) ?? null), probed: names.map((n) => probed.get(n)!) };
}

async function load(g: GraphWriter): Promise<TfjsModel> {
  return loadModelFromFiles(g.files('graphShapes.test'));
}

describe('static graph shapes', () => {
  it.each([['fused', {}], ['unfused', { unfused: true }]])('equal the probed shapes on the %s graph fixture', async (_n, opts) => {
    const m = await loadModelFromFiles(graphModelFiles('float32', opts));
    const { inferred, probed } = bothWays(m);
    expect(inferred).toEqual(probed);
    expect(m.shapeSource).toEqual({ static: 3, probed: 0 });
    expect(m.layers.map((l) => l.outputShape)).toEqual([[26, 26, 4], [24, 24, 8], [10]]);
    m.dispose();
  });

  it('equal the probed shapes on every node of a synthetic ResNet GraphModel (odd input size)', async () => {
    const g = buildResNetGraph({ name: 'tiny', block: 'bottleneck', stem: 8, widths: [4, 6, 8, 10], depths: [1, 2, 1, 1], classes: 7, inputSize: 45 });
    const m = await load(g);
    const { names, inferred, probed } = bothWays(m);
    expect(names.length).toBeGreaterThan(30);
    expect(inferred).toEqual(probed);
    expect(m.shapeSource).toEqual({ static: m.layers.length, probed: 0 });
    m.dispose();
  });

  it('cover pad, dilation, explicit padding, depthwise, pools, concat, reshape, reductions, transpose, slices', async () => {
    const g = new GraphWriter(3);
    const x = g.input('x', [-1, 19, 17, 3]);
    const p = g.op('pad', 'MirrorPad', [x, g.ints('pad/p', [0, 0, 2, 1, 1, 2, 0, 0], [4, 2])], { mode: { s: btoa('REFLECT') } });
    const c1 = g.conv('c1', p, [3, 3, 3, 6], { dilation: 2 });
    const c2 = g.conv('c2', c1, [5, 3, 6, 4], { strides: 2, padding: 'EXPLICIT', explicit: [0, 0, 1, 2, 2, 0, 0, 0] });
    const d1 = g.conv('d1', c2, [3, 3, 4, 2], { depthwise: true, strides: 2, padding: 'SAME' });
    const a1 = g.pool('a1', 'AvgPool', d1, 2, 1, 'VALID');
    const m1 = g.pool('m1', 'MaxPool', d1, 3, 2, 'SAME');
    const up = g.op('up', 'ResizeNearestNeighbor', [m1, g.ints('up/size', [5, 4])], { align_corners: { b: false }, half_pixel_centers: { b: false } });
    const cat = g.op('cat', 'ConcatV2', [a1, g.op('id', 'Identity', [up]), g.ints('cat/axis', [-1])], { N: { i: '2' }, Tidx: { type: 'DT_INT32' } });
    const sl = g.op('sl', 'Slice', [cat, g.ints('sl/b', [0, 1, 0, 2]), g.ints('sl/s', [-1, 2, -1, -1])], { Index: { type: 'DT_INT32' } });
    const mean = g.op('mean', 'Mean', [sl, g.ints('mean/a', [1])], { keep_dims: { b: true } });
    const tr = g.op('tr', 'Transpose', [mean, g.ints('tr/p', [0, 3, 1, 2])], { Tperm: { type: 'DT_INT32' } });
    const sq = g.op('sq', 'Squeeze', [tr], { squeeze_dims: { list: { i: ['2'] } } });
    const ex = g.op('ex', 'ExpandDims', [sq, g.ints('ex/a', [1])], { Tdim: { type: 'DT_INT32' } });
    const flat = g.op('flat', 'Reshape', [ex, g.ints('flat/s', [-1, 56])], { Tshape: { type: 'DT_INT32' } });
    const w = g.constant('mm/w', [5, 56], g.small(280));
    const mm = g.op('mm', 'MatMul', [flat, w], { transpose_a: { b: false }, transpose_b: { b: true } });
    const b = g.constant('mm/b', [5], g.small(5));
    g.op('out', 'Relu6', [g.op('add', 'AddV2', [mm, b])]);
    const m = await load(g);
    const { names, inferred, probed } = bothWays(m);
    expect(inferred).toEqual(probed);
    expect(names).toContain('flat');
    expect(m.layers.map((l) => [l.name, l.outputShape])).toEqual([
      ['c1', [22, 20, 6]], ['c2', [11, 10, 4]], ['d1', [6, 5, 8]], ['mm', [5]],
    ]);
    m.dispose();
  });

  it('equal the probed shapes for random conv and pool settings', async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({
        h: fc.integer({ min: 5, max: 24 }), w: fc.integer({ min: 5, max: 24 }), k: fc.integer({ min: 1, max: 5 }),
        stride: fc.integer({ min: 1, max: 3 }), dilation: fc.integer({ min: 1, max: 3 }),
        padding: fc.constantFrom<'SAME' | 'VALID'>('SAME', 'VALID'), depthwise: fc.boolean(),
        pool: fc.constantFrom<'MaxPool' | 'AvgPool'>('MaxPool', 'AvgPool'), poolK: fc.integer({ min: 1, max: 3 }),
      }).filter((r) => (r.stride === 1 || r.dilation === 1) && windowOutput(Math.min(r.h, r.w), r.k, r.stride, r.dilation, r.padding, [0, 0]) >= 3),
      async (r) => {
        const g = new GraphWriter(1);
        const x = g.input('x', [-1, r.h, r.w, 2]);
        const c = g.conv('c', x, [r.k, r.k, 2, 3], { strides: r.stride, dilation: r.dilation, padding: r.padding, depthwise: r.depthwise });
        g.pool('p', r.pool, c, r.poolK, r.poolK, r.padding);
        const m = await load(g);
        const { inferred, probed } = bothWays(m);
        m.dispose();
        expect(inferred).toEqual(probed);
      },
    ), { numRuns: 40 });
  });

  it('probe only the layers behind an op the rules do not cover, and say so', async () => {
    const g = new GraphWriter(5);
    const x = g.input('x', [-1, 12, 12, 2]);
    const c1 = g.conv('c1', x, [3, 3, 2, 4]);
    // Cumsum keeps the shape, but the rules do not know it: c2 and fc have no static shape.
    const cs = g.op('cs', 'Cumsum', [c1, g.ints('cs/axis', [1])], { exclusive: { b: false }, reverse: { b: false }, Tidx: { type: 'DT_INT32' } });
    const c2 = g.conv('c2', cs, [3, 3, 4, 4], { strides: 2 });
    const f = g.op('f', 'Reshape', [c2, g.ints('f/s', [-1, 144])]);
    g.dense('fc', f, 144, 3);
    const m = await load(g);
    expect(m.shapeSource).toEqual({ static: 1, probed: 2, backend: 'cpu' });
    expect(m.layers.map((l) => l.outputShape)).toEqual([[12, 12, 4], [6, 6, 4], [3]]);
    m.dispose();
  });

  it('give no shape for inconsistent graphs instead of a wrong one', () => {
    const g = new GraphWriter(1);
    const x = g.input('x', [-1, 8, 8, 3]);
    g.conv('c', x, [3, 3, 4, 2]); // kernel expects 4 input channels
    const topo = parseGraphTopology({ node: g.nodes });
    const shapes = new Map(g.tensors.map((t) => [t.name, t.shape]));
    const consts: ConstReader = { shape: (n) => shapes.get(n) ?? null, values: () => null };
    expect(inferGraphShapes(topo, consts, new Map([['x', [1, 8, 8, 3]]]), ['c']).get('c')).toBeNull();
    expect(inferGraphShapes(topo, consts, new Map(), ['c']).get('c')).toBeNull();
  });
});
