import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixtures, type FileMap } from '../../scripts/make-graph-fixture';
import { ModelLoadError } from './errors';
import { loadModelFromFiles, loadPreparedModel, prepareModelFiles, releaseTfjsModel } from './load';

let fx: Record<string, FileMap>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await buildFixtures();
});

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const dec = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));

/** A copy of a fixture with model.json edited and/or files replaced. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit arbitrary model.json fields
type Json = any;

function variant(name: string, edit?: (json: Json) => void, files: Record<string, Uint8Array | null> = {}): FileMap {
  const out = new Map(fx[name]);
  if (edit) {
    const json = dec(out.get('model.json')!);
    edit(json);
    out.set('model.json', enc(json));
  }
  for (const [k, v] of Object.entries(files)) {
    if (v === null) out.delete(k);
    else out.set(k, v);
  }
  return out;
}

async function loadError(files: FileMap): Promise<ModelLoadError> {
  try {
    const m = await loadModelFromFiles(files);
    m.dispose();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelLoadError);
    expect((e as Error).message).not.toMatch(/\n/);
    return e as ModelLoadError;
  }
  throw new Error('expected the load to fail');
}

describe('loadModelFromFiles: fixtures', () => {
  it.each(['float32', 'float16', 'uint8'])('loads the LayersModel and GraphModel stored as %s, multi-shard', async (q) => {
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 3);
    const outs: Float32Array[] = [];
    for (const format of ['layers', 'graph']) {
      const files = fx[`${format}-${q}`];
      expect([...files.keys()].filter((k) => k.endsWith('.bin')).length).toBeGreaterThan(1);
      const m = await loadModelFromFiles(files);
      expect(m.format).toBe(format === 'layers' ? 'layers-model' : 'graph-model');
      expect(m.input.shape).toEqual([null, 28, 28, 1]);
      expect(m.layers.map((l) => [l.name, l.kind, l.filters])).toEqual([['conv1', 'conv2d', 4], ['dw1', 'depthwise', 8], ['fc1', 'dense', 10]]);
      expect(m.skipped).toEqual([]);
      expect(m.hash).toMatch(/^[0-9a-f]{64}$/);
      const y = m.predict(x);
      expect(y.shape).toEqual([2, 10]);
      outs.push(y.dataSync() as Float32Array);
      y.dispose();
      m.dispose();
    }
    // Same network either way: outputs agree to the storage precision.
    const tol = q === 'uint8' ? 2e-2 : q === 'float16' ? 1e-3 : 1e-5;
    outs[0].forEach((v, i) => expect(Math.abs(v - outs[1][i])).toBeLessThan(tol));
    x.dispose();
  });

  it('hashes the weight bytes: same bytes same hash, one flipped byte a different hash', async () => {
    const a = await loadModelFromFiles(fx['layers-float32']);
    const b = await loadModelFromFiles(new Map(fx['layers-float32']));
    const shard = fx['layers-float32'].get('group1-shard1of3.bin')!.slice();
    shard[100] ^= 1;
    const c = await loadModelFromFiles(variant('layers-float32', undefined, { 'group1-shard1of3.bin': shard }));
    expect(a.hash).toBe(b.hash);
    expect(c.hash).not.toBe(a.hash);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('finds model.json and shards inside a folder prefix', async () => {
    const files = new Map([...fx['graph-float32']].map(([k, v]) => [`my-net/${k}`, v]));
    const m = await loadModelFromFiles(files);
    expect(m.name).toBe('my-net');
    m.dispose();
  });

  it('drops __proto__/constructor keys without polluting prototypes and still loads', async () => {
    const text = new TextDecoder().decode(fx['layers-float32'].get('model.json')!)
      .replace('{"format"', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"format"')
      .replace('"config":{"name":"fixture"', '"config":{"__proto__":{"polluted":"yes"},"name":"fixture"');
    const files = new Map(fx['layers-float32']).set('model.json', enc(text));
    const m = await loadModelFromFiles(files);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(m.droppedKeys).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    expect(m.layers).toHaveLength(3);
    m.dispose();
  });
});

/** The fixture's shards copied into consecutive views of one buffer (as src/cli/files.ts reads them). */
function oneBuffer(files: FileMap): { files: FileMap; buffer: ArrayBuffer } {
  const paths = (dec(files.get('model.json')!).weightsManifest as { paths: string[] }[]).flatMap((g) => g.paths);
  const all = new Uint8Array(paths.reduce((a, p) => a + files.get(p)!.length, 0));
  const out: FileMap = new Map([['model.json', files.get('model.json')!]]);
  let at = 0;
  for (const p of paths) {
    all.set(files.get(p)!, at);
    out.set(p, all.subarray(at, at + files.get(p)!.length));
    at += files.get(p)!.length;
  }
  return { files: out, buffer: all.buffer };
}

describe('loadPreparedModel: memory', () => {
  it.each(['layers-float32', 'graph-float32', 'layers-uint8'])('%s: shards in one buffer are used in place, with the same hash and layers', async (fixture) => {
    const { files, buffer } = oneBuffer(fx[fixture]);
    const prepared = await prepareModelFiles(files);
    expect(prepared.weightData).toBe(buffer);
    const a = await loadPreparedModel(prepared);
    const b = await loadModelFromFiles(fx[fixture]);
    expect(a.hash).toBe(b.hash);
    expect(a.layers.map((l) => [l.name, [...l.weights]])).toEqual(b.layers.map((l) => [l.name, [...l.weights]]));
    a.dispose();
    b.dispose();
  });

  it.each(['layers-float32', 'graph-float32'])('%s: releaseWeightData empties prepared.weightData after the build, onBuilt runs then; the model still runs', async (fixture) => {
    const prepared = await prepareModelFiles(fx[fixture]);
    let seen = -1;
    const m = await loadPreparedModel(prepared, { releaseWeightData: true, onBuilt: () => { seen = prepared.weightData.byteLength; } });
    expect(seen).toBe(0);
    expect(prepared.weightData.byteLength).toBe(0);
    const ref = await loadModelFromFiles(fx[fixture]);
    expect(m.layers.map((l) => [...l.weights])).toEqual(ref.layers.map((l) => [...l.weights]));
    const x = tf.ones([1, 28, 28, 1]);
    const [y, yRef] = [m.predict(x), ref.predict(x)];
    expect(y.dataSync()).toEqual(yRef.dataSync());
    tf.dispose([x, y, yRef]);
    m.dispose();
    ref.dispose();
  });

  it.each([
    ['layers-float32', 3], ['graph-float32', 3], ['graph-unfused', 1], ['layers-uint8', 0],
  ] as const)('%s: shareWeights reads %i kernels in place (a LayersModel folds BN in place); same weights, same outputs', async (fixture, inPlace) => {
    const { files, buffer } = oneBuffer(fx[fixture]);
    const m = await loadPreparedModel(await prepareModelFiles(files), { releaseWeightData: true, shareWeights: true });
    const ref = await loadModelFromFiles(fx[fixture]);
    expect(m.layers.map((l) => [l.name, [...l.weights], [...l.bias]])).toEqual(ref.layers.map((l) => [l.name, [...l.weights], [...l.bias]]));
    // Views of the one weight buffer (uint8-stored weights are decoded: never views).
    expect(m.layers.filter((l) => l.weights.buffer === buffer)).toHaveLength(inPlace);
    if (fixture === 'layers-float32') expect(m.layers[0].foldedBatchNorm).toBe('bn1');
    // The fold wrote into the bytes, not into tfjs's tensors: the model computes as before.
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 5);
    const [y, yRef] = [m.predict(x), ref.predict(x)];
    expect(y.dataSync()).toEqual(yRef.dataSync());
    tf.dispose([x, y, yRef]);
    m.dispose();
    ref.dispose();
  });

  it('releaseTfjsModel disposes the model and keeps the listing; model and predict then throw', async () => {
    const before = tf.memory().numTensors;
    const loaded = await loadModelFromFiles(fx['layers-float32']);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    const layers = loaded.layers;
    const lite = releaseTfjsModel(loaded);
    expect(tf.memory().numTensors).toBe(before);
    expect(lite.layers).toBe(layers);
    expect([lite.name, lite.hash, lite.format, lite.parameters, lite.input.shape]).toEqual([loaded.name, loaded.hash, loaded.format, loaded.parameters, loaded.input.shape]);
    expect(() => lite.model).toThrow(/released/);
    const x = tf.zeros([1, 28, 28, 1]);
    expect(() => lite.predict(x)).toThrow(/released/);
    x.dispose();
    expect(() => lite.dispose()).not.toThrow();
    // Releasing again (the CLI does, after a weights-only analysis) keeps the listing.
    const again = releaseTfjsModel(lite);
    expect(again.layers).toBe(layers);
    expect(again.capabilities.gradients.available).toBe(false);
    await expect(async () => again.capture(new Float32Array(784), 1, ['conv1'])).rejects.toThrow(/released/);
  });
});

describe('loadModelFromFiles: every failure is one line naming the file', () => {
  it('no model.json', async () => {
    const e = await loadError(new Map([['a.bin', new Uint8Array(4)], ['b.bin', new Uint8Array(4)]]));
    expect(e.message).toMatch(/no model\.json among the 2 files/);
  });

  it('invalid JSON', async () => {
    const e = await loadError(new Map([['model.json', enc('{"modelTopology": {')]]));
    expect(e.message).toMatch(/^model\.json: invalid JSON/);
  });

  it('not a tfjs model', async () => {
    expect((await loadError(new Map([['model.json', enc({ hello: 1 })]]))).message).toMatch(/no modelTopology/);
  });

  it('missing shard', async () => {
    const e = await loadError(variant('layers-float32', undefined, { 'group1-shard2of3.bin': null }));
    expect(e.message).toBe('group1-shard2of3.bin: weight file listed in model.json is missing');
    expect(e.file).toBe('group1-shard2of3.bin');
  });

  it('truncated middle shard is named', async () => {
    const s = fx['graph-float32'].get('group1-shard2of3.bin')!;
    const e = await loadError(variant('graph-float32', undefined, { 'group1-shard2of3.bin': s.slice(0, s.length - 10) }));
    expect(e.message).toMatch(/^group1-shard2of3\.bin: weight data is truncated/);
  });

  it('over-long last shard is named', async () => {
    const s = fx['graph-float32'].get('group1-shard3of3.bin')!;
    const longer = new Uint8Array(s.length + 4);
    longer.set(s);
    const e = await loadError(variant('graph-float32', undefined, { 'group1-shard3of3.bin': longer }));
    expect(e.message).toMatch(/^group1-shard3of3\.bin: weight data is too long/);
  });

  it('unknown dtype and unknown quantization dtype', async () => {
    let e = await loadError(variant('layers-float32', (j) => { j.weightsManifest[0].weights[0].dtype = 'float64'; }));
    expect(e.message).toMatch(/unsupported dtype 'float64'/);
    e = await loadError(variant('layers-uint8', (j) => { j.weightsManifest[0].weights[0].quantization.dtype = 'int4'; }));
    expect(e.message).toMatch(/unknown quantization dtype 'int4'/);
    e = await loadError(variant('layers-uint8', (j) => { delete j.weightsManifest[0].weights[0].quantization.scale; }));
    expect(e.message).toMatch(/needs finite numbers scale and min/);
  });

  it('absurd and invalid shapes are refused up front with the memory they need', async () => {
    let e = await loadError(variant('layers-float32', (j) => { j.weightsManifest[0].weights[0].shape = [1e9, 1e9]; }));
    expect(e.message).toMatch(/shape \[1000000000,1000000000\] makes the model need 3\.47 EiB of memory/);
    e = await loadError(variant('layers-float32', (j) => { j.weightsManifest[0].weights[0].shape = [3, -1]; }));
    expect(e.message).toMatch(/invalid shape \[3,-1\]/);
  });

  it('manifest shape that does not match the topology', async () => {
    // Same byte count, different shape: conv1 kernel 3×3×1×4 stored as 3×3×4×1.
    const e = await loadError(variant('layers-float32', (j) => {
      const spec = j.weightsManifest[0].weights.find((w: { name: string }) => w.name === 'conv1/kernel');
      spec.shape = [3, 3, 4, 1];
    }));
    expect(e.message).toMatch(/^model\.json: tfjs could not build the LayersModel: .*shape/i);
  });

  it('NaN and Infinity weights name the tensor and the shard', async () => {
    for (const [bad, kind] of [[NaN, 'NaN'], [-Infinity, '-Infinity']] as const) {
      const files = new Map(fx['graph-float32']);
      const group = dec(files.get('model.json')!).weightsManifest[0];
      // float32 fixture: every value is 4 bytes; find dw1/kernel element 5 and its shard.
      let offset = 0;
      for (const w of group.weights) {
        if (w.name === 'dw1/kernel') break;
        offset += 4 * w.shape.reduce((a: number, b: number) => a * b, 1);
      }
      offset += 4 * 5;
      let path = '';
      for (const p of group.paths as string[]) {
        const len = files.get(p)!.length;
        if (offset < len) { path = p; break; }
        offset -= len;
      }
      const shard = files.get(path)!.slice();
      new DataView(shard.buffer).setFloat32(offset, bad, true);
      files.set(path, shard);
      const e = await loadError(files);
      expect(e.message).toBe(`${path}: weight 'dw1/kernel' holds ${kind} at element 5; quantization needs finite weights`);
      expect(e.file).toBe(path);
    }
    const f16 = variant('layers-float16');
    const json = dec(f16.get('model.json')!);
    const first = json.weightsManifest[0];
    const shard = f16.get(first.paths[0])!.slice();
    new Uint16Array(shard.buffer, 0, 1)[0] = 0x7c00; // +Infinity as float16 in the first weight
    f16.set(first.paths[0], shard);
    const e = await loadError(f16);
    expect(e.message).toBe(`${first.paths[0]}: weight '${first.weights[0].name}' holds Infinity at element 0; quantization needs finite weights`);
  });

  it('graph node reading a missing node, and a Const without weights', async () => {
    let e = await loadError(variant('graph-float32', (j) => { j.modelTopology.node.find((n: { name: string }) => n.name === "pool1").input[0] = "nowhere"; }));
    expect(e.message).toMatch(/reads 'nowhere', which is not in the graph/);
    e = await loadError(variant('graph-float32', (j) => {
      j.modelTopology.node.push({ name: 'orphan', op: 'Const', attr: {} });
    }));
    expect(e.message).toMatch(/'orphan' has no weight in weightsManifest/);
  });
});
