/**
 * Corpus cases that keep every file readable but make the content wrong: dtypes, shapes
 * and dimensions that do not match the data, absurd sizes, NaN/Inf weights (float32 and
 * float16 storage), layers/ops the studio cannot quantize, and prototype-polluting keys.
 */
import { editJson, enc, kernels, patchWeight, transcode, withFile, type Bases, type BaseModel, type FileMap, type Json } from './base';
import { error, lit, loads, type CorpusEntry, type Expectation } from './types';

function model(id: string, category: CorpusEntry['category'], note: string, files: FileMap, expect: Expectation): CorpusEntry {
  return { id, category, note, kind: 'model', files, expect };
}

/** First weight spec in the manifest with the given name (on a parsed copy). */
function spec(json: Json, name: string): Json {
  for (const g of json.weightsManifest) for (const w of g.weights) if (w.name === name) return w;
  throw new Error(`no weight ${name}`);
}

function topoConfig(json: Json): Json {
  const t = json.modelTopology;
  return t.model_config ? t.model_config.config : t.config;
}

/** Appends a layer after the model's output (Sequential or functional topology). */
function appendLayer(json: Json, layer: Json): void {
  const cfg = topoConfig(json);
  const layers = Array.isArray(cfg) ? cfg : cfg.layers;
  if (Array.isArray(cfg) || !cfg.output_layers) {
    layers.push(layer);
    return;
  }
  const [out] = cfg.output_layers[0];
  layers.push({ ...layer, name: layer.config.name, inbound_nodes: [[[out, 0, 0, {}]]] });
  cfg.output_layers = [[layer.config.name, 0, 0]];
}

/** model.json with `"key": rawValue` spliced into the object found by `at` (text-level, so "__proto__" stays a key). */
function injectKey(b: BaseModel, at: (json: Json) => Json, key: string, rawValue: string): FileMap {
  const json = structuredClone(b.json);
  at(json).__INJECT__ = 0;
  const text = JSON.stringify(json).replace('"__INJECT__":0', `${JSON.stringify(key)}:${rawValue}`);
  return withFile(b.files, 'model.json', enc(text));
}

function dtypeAndShapeCases(b: BaseModel): CorpusEntry[] {
  const [k0] = kernels(b);
  const big = kernels(b).reduce((a, w) => (w.byteLength > a.byteLength ? w : a));
  const bias = b.weights.find((w) => w.shape.length === 1 && w.dtype === 'float32')!;
  const out: CorpusEntry[] = [];
  for (const dtype of ['float64', 'complex64', 'string', 'int8', 'uint8']) {
    out.push(model(`unknown-dtype-${dtype}`, 'unknown-dtype', `${k0.name} dtype ${dtype}`,
      editJson(b, (j) => { spec(j, k0.name).dtype = dtype; }), error(lit(k0.name), /dtype/, lit(dtype))));
  }
  out.push(model('unknown-dtype-quant-int4', 'unknown-dtype', `${k0.name} quantization dtype int4`,
    editJson(b, (j) => { spec(j, k0.name).quantization = { dtype: 'int4', scale: 1, min: 0 }; }), error(lit(k0.name), /dtype/, /int4/)));
  const shapes: [string, string, (s: number[]) => number[], Expectation][] = [
    ['kernel-doubled', 'last dimension doubled (data too short)', (s) => [...s.slice(0, -1), s[s.length - 1] * 2], error(/truncated|need/i)],
    ['kernel-halved', 'first dimension halved (data too long)', (s) => [Math.max(1, s[0] >> 1), ...s.slice(1)], error(/too long|need/i)],
    ['kernel-permuted', 'same element count, dimensions rotated', (s) => [...s.slice(1), s[0]], error(/shape/i, lit(big.name.split('/')[0]))],
    ['bias-rank2', 'bias [n] written as [1, n]', (s) => [1, ...s], error(/shape/i, lit(bias.name.split('/')[0]))],
  ];
  for (const [id, note, f, expect] of shapes) {
    const w = id.startsWith('bias') ? bias : big;
    out.push(model(`shape-mismatch-${id}`, 'shape-mismatch', `${w.name}: ${note}`,
      editJson(b, (j) => { spec(j, w.name).shape = f(w.shape); }), expect));
  }
  const dims: [string, string][] = [['negative', '-1'], ['fraction', '2.5'], ['string', '"3"'], ['null', 'null'], ['infinite', '1e400'], ['boolean', 'true']];
  for (const [id, raw] of dims) {
    const text = JSON.stringify(b.json).replace(
      `{"name":${JSON.stringify(k0.name)},"shape":[${k0.shape[0]},`, `{"name":${JSON.stringify(k0.name)},"shape":[${raw},`);
    out.push(model(`bad-dimension-${id}`, 'bad-dimension', `${k0.name} first dimension ${raw}`,
      withFile(b.files, 'model.json', enc(text)), error(lit(k0.name), /shape|dimension/i)));
  }
  const absurd: [string, number[]][] = [['1e9x1e9', [1e9, 1e9]], ['2pow31', [2 ** 31, 1]], ['65536cubed', [65536, 65536, 65536]], ['40000sq', [40000, 40000]]];
  for (const [id, shape] of absurd) {
    out.push(model(`absurd-size-${id}`, 'absurd-size', `${k0.name} shape [${shape.join(', ')}]`,
      editJson(b, (j) => { spec(j, k0.name).shape = shape; }), error(lit(k0.name), /\d(\.\d+)? (GiB|TiB|PiB|EiB)|2\^31/, /refus|limit|absurd/i)));
  }
  return out;
}

function nonFiniteCases(b: BaseModel): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const [quant, bytesPer, nan, inf, ninf] of [
    ['float32', 4, [0, 0, 0xc0, 0x7f], [0, 0, 0x80, 0x7f], [0, 0, 0x80, 0xff]],
    ['float16', 2, [0x00, 0x7e], [0x00, 0x7c], [0x00, 0xfc]],
  ] as const) {
    const base = quant === 'float32' ? b : transcode(b, 'float16', 1 << 22, `${b.source} as float16`);
    if (quant === 'float16') out.push(model('float16-valid', 'control', 'the base model stored as float16', base.files, loads()));
    const ks = kernels(base);
    const big = ks.reduce((a, w) => (w.byteLength > a.byteLength ? w : a));
    const last = [...base.weights].reverse().find((w) => w.dtype === 'float32')!;
    const cases: [string, typeof big, number, readonly number[], RegExp][] = [
      ['nan-first', ks[0], 0, nan, /NaN/],
      ['inf-middle', big, Math.floor(big.byteLength / bytesPer / 2), inf, /Infinity/],
      ['neg-inf-last', last, last.byteLength / bytesPer - 1, ninf, /-Infinity/],
    ];
    for (const [id, w, element, value, re] of cases) {
      out.push(model(`non-finite-${quant}-${id}`, 'non-finite', `${w.name}[${element}] = ${re.source} (${quant})`,
        patchWeight(base, w, element * bytesPer, Uint8Array.from(value)), error(lit(w.name), re)));
    }
  }
  out.push(model('uint8-valid', 'control', 'the base model stored as uint8', transcode(b, 'uint8', 1 << 22, 'uint8').files, loads()));
  return out;
}

function unsupportedCases(b: BaseModel, g: BaseModel): CorpusEntry[] {
  const ks = kernels(b);
  const units = ks[ks.length - 1].shape[ks[ks.length - 1].shape.length - 1];
  const ln = editJson(b, (j) => {
    appendLayer(j, { class_name: 'LayerNormalization', config: { axis: -1, epsilon: 1e-3, center: true, scale: true, name: 'extra_ln', trainable: true } });
    j.weightsManifest.push({ paths: ['group9-shard1of1.bin'], weights: [
      { name: 'extra_ln/gamma', shape: [units], dtype: 'float32' }, { name: 'extra_ln/beta', shape: [units], dtype: 'float32' }] });
  });
  ln.set('group9-shard1of1.bin', new Uint8Array(new Float32Array([...Array(units).fill(1), ...Array(units).fill(0)]).buffer));
  const nothing = editJson(b, (j) => {
    j.modelTopology = { class_name: 'Sequential', config: { name: 'nothing', layers: [
      { class_name: 'Flatten', config: { name: 'flat_only', batch_input_shape: [null, 28, 28, 1], dtype: 'float32' } },
      { class_name: 'Activation', config: { name: 'act_only', activation: 'softmax' } }] } };
    j.weightsManifest = [];
  });
  const graphOp = (edit: (nodes: Json[]) => void) => editJson(g, (j) => edit(j.modelTopology.node));
  const quantOps = /Conv2D|Depthwise|MatMul/;
  return [
    model('unsupported-layer-weighted', 'unsupported-layer', 'LayerNormalization (with weights) appended',
      ln, loads({ skipped: ['extra_ln'] })),
    model('unsupported-layer-unknown-class', 'unsupported-layer', 'an unregistered custom layer class appended',
      editJson(b, (j) => appendLayer(j, { class_name: 'FancyCustomLayer', config: { name: 'fancy_custom' } })), loads({ skipped: ['fancy_custom'] })),
    model('unsupported-op-graph', 'unsupported-layer', 'GraphModel with MaxPool renamed to an unknown op',
      graphOp((n) => { n.find((x) => x.op === 'MaxPool').op = 'FancyUnknownOp'; }), loads({ skipped: ['pool1'] })),
    model('unsupported-only-layers', 'unsupported-layer', 'a LayersModel with no conv/dense layer', nothing, error(/quantiz/i)),
    model('unsupported-only-ops', 'unsupported-layer', 'a GraphModel whose conv/matmul ops are all unknown',
      graphOp((n) => { for (const x of n) if (quantOps.test(x.op)) x.op = `Fancy${x.op.replace(/^_/, '')}`; }), error(/quantiz/i)),
  ];
}

function prototypeCases(b: BaseModel): CorpusEntry[] {
  const poison = '{"polluted":"yes","toString":"no"}';
  const layer0 = (j: Json) => { const c = topoConfig(j); return (Array.isArray(c) ? c : c.layers)[0].config; };
  const at: [string, (j: Json) => Json, string, string][] = [
    ['top-proto', (j) => j, '__proto__', poison],
    ['topology-proto', (j) => j.modelTopology, '__proto__', poison],
    ['layer-config-proto', layer0, '__proto__', poison],
    ['manifest-proto', (j) => j.weightsManifest[0], '__proto__', poison],
    ['weight-spec-proto', (j) => j.weightsManifest[0].weights[0], '__proto__', '{"dtype":"float64","shape":[1e9,1e9]}'],
    ['top-constructor', (j) => j, 'constructor', `{"prototype":${poison}}`],
    ['layer-config-constructor', layer0, 'constructor', `{"prototype":${poison}}`],
    ['topology-prototype', (j) => topoConfig(j), 'prototype', poison],
    ['metadata-proto', (j) => { j.userDefinedMetadata = { note: 'x' }; return j.userDefinedMetadata; }, '__proto__', poison],
  ];
  return at.map(([id, where, key, raw]) => model(`prototype-keys-${id}`, 'prototype-keys', `"${key}" key in ${id.replace(/-\w+$/, '')}`,
    injectKey(b, where, key, raw), loads({ droppedKeys: true })));
}

export function contentCases(bases: Bases): CorpusEntry[] {
  return [...dtypeAndShapeCases(bases.primary), ...nonFiniteCases(bases.primary),
    ...unsupportedCases(bases.primary, bases.graph), ...prototypeCases(bases.primary)];
}
