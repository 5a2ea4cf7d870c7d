/**
 * The JSON Schema of the config file (docs/config.schema.json), built from the constants the
 * validator reads (bit ranges, scheme lists), so the two cannot drift apart on a range or a
 * name. `npm run schema` writes the file; a test checks the file equals this and, with
 * random configs, that the schema and `restoreConfig` accept and refuse the same inputs
 * (cross-field rules, which JSON Schema cannot express, are the validator's alone).
 * Nothing loads the schema at run time: the validator is restore.ts.
 */
import { BITS_KEY_PATTERN, FLOAT_BITS, QUANT_BITS } from '../bits';
import { ACTIVATION_SCHEMES, MODEL_FORMATS, WEIGHT_SCHEMES } from '../types';
import { ACTIVATION_CALIBRATIONS } from '../calibration';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const object = (properties: Record<string, Schema>, required: string[] = []): Schema =>
  ({ type: 'object', ...(required.length ? { required } : {}), properties });
const int = (minimum: number, maximum?: number): Schema => ({ type: 'integer', minimum, ...(maximum !== undefined ? { maximum } : {}) });
const nonNegative: Schema = { type: 'number', minimum: 0 };
const ratio = (description?: string): Schema => ({ type: ['number', 'null'], minimum: 0, maximum: 1, ...(description ? { description } : {}) });
const byScheme = (scheme: string, cell: Schema): Schema => ({ type: 'object', propertyNames: ref(scheme), additionalProperties: cell });

const quantBits = int(QUANT_BITS.min, QUANT_BITS.max);

const definitions: Record<string, Schema> = {
  sqnr: {
    description: 'SQNR in dB; "Infinity" = lossless, null = undefined (all-zero signal). Never NaN.',
    anyOf: [{ type: 'number' }, { type: 'null' }, { const: 'Infinity' }],
  },
  weightScheme: { enum: [...WEIGHT_SCHEMES] },
  activationScheme: { enum: [...ACTIVATION_SCHEMES] },
  bitsOrFloat: {
    description: `a bit-width: ${QUANT_BITS.min}..${QUANT_BITS.max}, or ${FLOAT_BITS} = float32`,
    anyOf: [quantBits, { const: FLOAT_BITS }],
  },
  weightBits: {
    description: `weight bit-width including the sign bit: ${QUANT_BITS.min}..${QUANT_BITS.max}, or ${FLOAT_BITS} = left in float32`,
    anyOf: [quantBits, { const: FLOAT_BITS }],
  },
  sqnrByBits: { type: 'object', propertyNames: { type: 'string', pattern: BITS_KEY_PATTERN }, additionalProperties: ref('sqnr') },
  sqnrListByBits: {
    type: 'object', propertyNames: { type: 'string', pattern: BITS_KEY_PATTERN },
    additionalProperties: { type: 'array', items: ref('sqnr') },
  },
  packedPerFilter: {
    description: 'The per-filter SQNR table packed: values laid out [scheme][bits][filter]; int16 = round(dB · codesPerDb) ' +
      '(32767 lossless, -32768 n/a, -32767 no such row), float32 = dB (NaN n/a, +Infinity lossless, -Infinity no such row); ' +
      'little-endian bytes split into planes (byte 0 of every value, then byte 1, ...), zlib-compressed, base64. See docs/config-format.md.',
    ...object({
      schemes: { type: 'array', items: ref('weightScheme') },
      bits: { type: 'array', items: quantBits },
      dtype: { enum: ['int16', 'float32'] },
      codesPerDb: { type: 'number', exclusiveMinimum: 0 },
      shape: { type: 'array', items: int(0), minItems: 3, maxItems: 3 },
      compression: { const: 'zlib-byte-planes' },
      data: { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$' },
    }, ['schemes', 'bits', 'dtype', 'shape', 'compression', 'data']),
    if: { properties: { dtype: { const: 'int16' } } },
    then: { required: ['codesPerDb'] },
  },
  sweep: object({
    weights: byScheme('weightScheme', ref('sqnrByBits')),
    weightsPerFilter: { anyOf: [byScheme('weightScheme', ref('sqnrListByBits')), ref('packedPerFilter')] },
    activations: byScheme('activationScheme', ref('sqnrByBits')),
  }),
  layer: object({
    name: { type: 'string', minLength: 1 },
    kind: { enum: ['conv2d', 'depthwise', 'dense'] },
    weightShape: { type: 'array', items: int(0), minItems: 1 },
    filters: int(1),
    params: int(0),
    macs: nonNegative,
    weights: object({
      scheme: ref('weightScheme'),
      bits: { anyOf: [ref('weightBits'), { type: 'array', minItems: 1, items: ref('weightBits') }] },
      granularity: { enum: ['per-tensor', 'per-filter'] },
      scales: { type: 'array', items: nonNegative },
    }),
    activations: {
      ...object({
        scheme: { anyOf: [ref('activationScheme'), { const: 'float' }] },
        bits: { anyOf: [{ type: 'null' }, quantBits] },
        signed: { type: 'boolean' },
        scale: nonNegative,
        calibration: { description: 'How a fixed-point activation range is calibrated (default max-abs; src/quant/calibration.ts).', enum: [...ACTIVATION_CALIBRATIONS] },
      }),
      if: { properties: { scheme: { const: 'float' } } },
      then: { properties: { bits: { type: 'null' } } },
    },
    sqnr: object({ weightsDb: ref('sqnr'), activationsDb: ref('sqnr') }),
    importance: { type: 'array', items: { type: 'number' } },
    sweep: ref('sweep'),
    producers: {
      description: 'Indices of the layers whose outputs this layer multiplies; -1 = the network input. Absent in older configs (read as a chain).',
      type: 'array', items: int(-1),
    },
    inputBits: {
      description: 'Bits of the data this layer multiplies (derived by the cost model from producers; recomputed on import).',
      ...ref('bitsOrFloat'),
    },
  }, ['name', 'kind', 'weightShape', 'filters', 'params']),
  summary: object({
    accuracy: ratio(),
    floatAccuracy: ratio('top-1 accuracy of the float model on the same evaluation data'),
    weightOnlyAccuracy: ratio(),
    agreement: ratio(),
    outputSqnrDb: ref('sqnr'),
    outputCosine: {
      description: "cosine similarity of the model's outputs with the float model's on the same inputs (1 = same direction; null = not measured)",
      type: ['number', 'null'], minimum: -1, maximum: 1,
    },
    averageWeightBits: { type: 'number', minimum: 0, maximum: FLOAT_BITS },
    sizeBytes: nonNegative,
    floatSizeBytes: nonNegative,
    bitops: nonNegative,
    floatBitops: nonNegative,
    evaluatedOn: { type: 'string' },
  }),
};

/** The config file's JSON Schema (draft-07). */
export function configJsonSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://quantization-studio.local/config.schema.json',
    title: 'Quantization Studio config',
    description: 'A quantization config as written by the studio and the CLI (format quantization-studio/config, version 1). ' +
      'Generated from src/quant/config/schema.ts (npm run schema); the validator that runs is restoreConfig in src/quant/config/restore.ts, ' +
      'which also fills the defaults of missing optional fields and drops unknown ones. Cross-field rules JSON Schema cannot express ' +
      '(per-filter bit arrays of length = filters, scale counts, params = product of weightShape, unique layer names) are checked by restoreConfig only.',
    type: 'object',
    required: ['format', 'version', 'model', 'layers'],
    properties: {
      format: { const: 'quantization-studio/config' },
      version: { const: 1 },
      model: object({
        name: { type: 'string', minLength: 1 },
        hash: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'hex SHA-256 of the weight bytes in manifest order' },
        format: { enum: [...MODEL_FORMATS] },
        parameters: int(0),
      }, ['name', 'hash', 'format', 'parameters']),
      inputBits: {
        description: 'Bits of the network input (8 = 8-bit pixels, the default when absent; 32 = float input). The b_a of the layers fed by the input.',
        ...ref('bitsOrFloat'),
      },
      method: object({ name: { type: 'string', minLength: 1 }, budget: { type: ['number', 'null'] }, settings: { type: 'object' } }),
      data: object({ source: { type: 'string' }, calibration: int(0), note: { type: 'string' } }),
      layers: { type: 'array', items: ref('layer') },
      summary: ref('summary'),
    },
    definitions,
  };
}
