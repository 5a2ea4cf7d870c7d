/**
 * docs/config.schema.json against the validator that runs (restoreConfig): the committed file
 * is what schema.ts generates, and on random configs — valid ones, and ones with one field
 * broken or left out — ajv with the schema and validateConfig agree on accept/refuse.
 * ajv is a test tool only; nothing loads the schema at run time.
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_SCHEMES, WEIGHT_SCHEMES } from '../types';
import { validateConfig } from './restore';
import { configJsonSchema } from './schema';
import { packPerFilter } from './sweepCodec';

const committed: unknown = JSON.parse(readFileSync(new URL('../../../docs/config.schema.json', import.meta.url), 'utf8'));
const schemaValid = new Ajv({ allErrors: false, strict: false }).compile(committed as object);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- configs are broken in arbitrary ways here
type Raw = any;

const sqnrArb = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -50, max: 200 }), fc.constant(null), fc.constant('Infinity' as const));
const bitsArb = fc.oneof(fc.integer({ min: 2, max: 16 }), fc.constant(32));
const bitsKeyArb = fc.integer({ min: 2, max: 16 }).map(String);

function table<V>(schemes: readonly string[], cell: fc.Arbitrary<V>): fc.Arbitrary<Record<string, Record<string, V>>> {
  return fc.dictionary(fc.constantFrom(...schemes), fc.dictionary(bitsKeyArb, cell, { maxKeys: 3 }), { maxKeys: 3 });
}

const layerArb = (index: number) => fc.record({
  filters: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 1, max: 3 }), perFilter: fc.boolean(), withScales: fc.boolean(),
  scheme: fc.constantFrom(...WEIGHT_SCHEMES), bits: fc.array(bitsArb, { minLength: 4, maxLength: 4 }),
  aScheme: fc.constantFrom(...ACTIVATION_SCHEMES, 'float' as const), aBits: fc.integer({ min: 2, max: 16 }), signed: fc.boolean(),
  kind: fc.constantFrom('conv2d', 'depthwise', 'dense'), macs: fc.nat(), sqnr: fc.option(sqnrArb, { nil: undefined }),
  sweep: fc.boolean(), packed: fc.boolean(), sweepCell: sqnrArb, weightsTable: table(WEIGHT_SCHEMES, sqnrArb), actTable: table(ACTIVATION_SCHEMES, sqnrArb),
}).map((r) => {
  const f = r.filters;
  const layer: Raw = {
    name: `layer${index}`, kind: r.kind, weightShape: [r.k, f], filters: f, params: r.k * f, macs: r.macs,
    weights: {
      scheme: r.scheme, bits: r.perFilter ? r.bits.slice(0, f).concat(Array(Math.max(0, f - 4)).fill(8)) : r.bits[0],
      granularity: r.perFilter ? 'per-filter' : 'per-tensor',
      ...(r.withScales ? { scales: Array(r.perFilter ? f : 1).fill(0.5) } : {}),
    },
    activations: r.aScheme === 'float' ? { scheme: 'float', bits: null } : { scheme: r.aScheme, bits: r.aBits, signed: r.signed, scale: 0.25 },
  };
  if (r.sqnr !== undefined) layer.sqnr = { weightsDb: r.sqnr };
  if (r.sweep) {
    const perFilter = { [r.scheme]: { 4: Array(f).fill(r.sweepCell), 7: Array(f).fill(12.5) } };
    layer.sweep = {
      weights: r.weightsTable,
      weightsPerFilter: r.packed ? packPerFilter(perFilter) : perFilter,
      activations: r.actTable,
    };
  }
  return layer;
});

const configArb = fc.tuple(fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean()).chain(([ls, withSummary, withData]) =>
  fc.tuple(...ls.map((_, i) => layerArb(i))).map((layers) => {
    const c: Raw = {
      format: 'quantization-studio/config', version: 1,
      model: { name: 'm', hash: 'ab'.repeat(32), format: 'layers-model', parameters: 100 },
      method: { name: 'uniform', budget: 4, settings: { a: 1 } },
      layers,
    };
    if (withSummary) c.summary = { averageWeightBits: 4, sizeBytes: 10, bitops: 5, accuracy: 0.5, floatAccuracy: null, evaluatedOn: 'demo' };
    if (withData) c.data = { source: 'demo:mnist', calibration: 8, note: '' };
    return c;
  }));

/** One field broken (both must refuse) or left out / added (both must accept). */
const EDITS: [string, (c: Raw) => void][] = [
  ['format', (c) => { c.format = 'other'; }], ['version', (c) => { c.version = 2; }],
  ['hash', (c) => { c.model.hash = 'A'.repeat(64); }], ['model name', (c) => { c.model.name = ''; }],
  ['model format', (c) => { c.model.format = 'onnx'; }], ['parameters', (c) => { c.model.parameters = 1.5; }],
  ['layers', (c) => { c.layers = {}; }], ['layer name', (c) => { c.layers[0].name = ''; }],
  ['kind', (c) => { c.layers[0].kind = 'lstm'; }], ['weightShape', (c) => { c.layers[0].weightShape = []; }],
  ['filters', (c) => { c.layers[0].filters = 0; }], ['macs', (c) => { c.layers[0].macs = -1; }], ['macs null', (c) => { c.layers[0].macs = null; }],
  ['weights null', (c) => { c.layers[0].weights = null; }], ['scheme', (c) => { c.layers[0].weights.scheme = 'int4'; }],
  ['bits 1', (c) => { c.layers[0].weights.bits = 1; }], ['bits 17', (c) => { c.layers[0].weights.bits = 17; }],
  ['bits 31', (c) => { c.layers[0].weights.bits = 31; }], ['bits 2.5', (c) => { c.layers[0].weights.bits = 2.5; }],
  ['bits string', (c) => { c.layers[0].weights.bits = '8'; }], ['granularity', (c) => { c.layers[0].weights.granularity = 'per-channel'; }],
  ['scales', (c) => { c.layers[0].weights.scales = 'x'; }], ['negative scale', (c) => { c.layers[0].weights.scales = Array(c.layers[0].weights.granularity === 'per-filter' ? c.layers[0].filters : 1).fill(-1); }],
  ['activation scheme', (c) => { c.layers[0].activations.scheme = 'nlq'; }], ['activation bits 1', (c) => { c.layers[0].activations.bits = 1; }],
  ['activation bits 17', (c) => { c.layers[0].activations.bits = 17; }], ['signed', (c) => { c.layers[0].activations.signed = 'yes'; }],
  ['activation scale', (c) => { c.layers[0].activations.scale = -1; }], ['sqnr', (c) => { c.layers[0].sqnr = { weightsDb: 'NaN' }; }],
  ['importance', (c) => { c.layers[0].importance = ['a']; }], ['sweep', (c) => { c.layers[0].sweep = 'x'; }],
  ['sweep scheme', (c) => { c.layers[0].sweep = { weights: { int4: {} } }; }], ['sweep bits 1', (c) => { c.layers[0].sweep = { weights: { fixed: { 1: 3 } } }; }],
  ['sweep bits 32', (c) => { c.layers[0].sweep = { weights: { fixed: { 32: 3 } } }; }], ['sweep cell', (c) => { c.layers[0].sweep = { weights: { fixed: { 4: 'x' } } }; }],
  ['sweep list', (c) => { c.layers[0].sweep = { weightsPerFilter: { fixed: { 4: 3 } } }; }],
  ['packed dtype', (c) => { c.layers[0].sweep = { weightsPerFilter: { ...packPerFilter({ fixed: { 4: [1] } }), dtype: 'int8' } }; }],
  ['packed bits', (c) => { c.layers[0].sweep = { weightsPerFilter: { ...packPerFilter({ fixed: { 4: [1] } }), bits: [1] } }; }],
  ['packed data', (c) => { c.layers[0].sweep = { weightsPerFilter: { ...packPerFilter({ fixed: { 4: [1] } }), data: 5 } }; }],
  ['packed scale', (c) => { c.layers[0].sweep = { weightsPerFilter: { ...packPerFilter({ fixed: { 4: [1] } }), codesPerDb: 0 } }; }],
  ['packed compression', (c) => { c.layers[0].sweep = { weightsPerFilter: { ...packPerFilter({ fixed: { 4: [1] } }), compression: 'gzip' } }; }], ['sweep null', (c) => { c.layers[0].sweep = { weights: null }; }],
  ['accuracy', (c) => { c.summary = { accuracy: 1.5 }; }], ['mean bits', (c) => { c.summary = { averageWeightBits: 33 }; }],
  ['size', (c) => { c.summary = { sizeBytes: -5 }; }], ['evaluatedOn', (c) => { c.summary = { evaluatedOn: 5 }; }],
  ['summary null', (c) => { c.summary = null; }], ['method', (c) => { c.method = 'x'; }], ['method name', (c) => { c.method.name = ''; }],
  ['budget', (c) => { c.method.budget = 'x'; }], ['settings', (c) => { c.method.settings = 5; }],
  ['data', (c) => { c.data = 5; }], ['source', (c) => { c.data = { source: 5 }; }], ['calibration', (c) => { c.data = { calibration: -1 }; }],
  ['note', (c) => { c.data = { note: 5 }; }],
  // accepted by both: optional fields left out (defaults), unknown fields added
  ['no summary', (c) => { delete c.summary; }], ['no method', (c) => { delete c.method; }], ['no macs', (c) => { delete c.layers[0].macs; }],
  ['no activations', (c) => { delete c.layers[0].activations; }], ['no activation bits', (c) => { delete c.layers[0].activations.bits; }],
  ['no weight bits', (c) => { delete c.layers[0].weights.bits; }], ['no sweep', (c) => { delete c.layers[0].sweep; }],
  ['unknown fields', (c) => { c.extra = 1; c.layers[0].extra = { x: 1 }; }],
];

describe('docs/config.schema.json', () => {
  it('is what src/quant/config/schema.ts generates (run `npm run schema` after changing it)', () => {
    expect(committed).toEqual(configJsonSchema());
  });

  it('accepts exactly what the validator accepts, on random configs with one field broken or left out', () => {
    let refused = 0;
    fc.assert(fc.property(configArb, fc.constantFrom(...EDITS, null), (c, edit) => {
      if (edit) edit[1](c);
      const byValidator = validateConfig(c);
      const bySchema = schemaValid(c);
      if (!byValidator.ok) refused++;
      expect({ edit: edit?.[0] ?? 'none', schema: bySchema, errors: byValidator.ok ? [] : byValidator.errors })
        .toEqual({ edit: edit?.[0] ?? 'none', schema: byValidator.ok, errors: byValidator.ok ? [] : byValidator.errors });
    }), { numRuns: 600 });
    expect(refused).toBeGreaterThan(100);
  });
});
