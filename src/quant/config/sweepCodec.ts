/**
 * A layer's sweep tables in a config file: read (with every value checked) and written.
 * The per-tensor and activation tables stay readable JSON ({scheme: {bits: dB}}); the
 * per-filter table, which is nearly all of a config's bytes, is written packed (base64 int16
 * centi-dB, PackedPerFilter below). Configs written before the packing, with the per-filter
 * table as JSON lists, still load. See docs/config-format.md, "The sweep".
 */
import { encodeBase64, decodeBase64 } from '../base64';
import { BITS_KEY_PATTERN, QUANT_BITS, isQuantBits } from '../bits';
import { sqnrFromNumber, sqnrToNumber } from '../sqnr';
import {
  ACTIVATION_SCHEMES, WEIGHT_SCHEMES, type LayerSweep, type SchemeBitsTable, type SqnrJson, type StudioConfig, type WeightScheme,
} from '../types';
import { ConfigError, isObj, list, num, obj, oneOf, orDefault, sqnr } from './read';
import { zlibCodec } from './zlibCodec';

const BITS_KEY = new RegExp(BITS_KEY_PATTERN);

function bitsTable<S extends string, V>(v: unknown, path: string, keys: readonly S[], cell: (x: unknown, p: string) => V): SchemeBitsTable<S, V> {
  const out: SchemeBitsTable<S, V> = {};
  for (const [scheme, byBits] of Object.entries(obj(v, path))) {
    const key = oneOf(scheme, keys, `${path}.${scheme}`);
    const row: Record<string, V> = {};
    for (const [bits, x] of Object.entries(obj(byBits, `${path}.${scheme}`))) {
      if (!BITS_KEY.test(bits)) throw new ConfigError(`${path}.${scheme}`, `bad bit-width key "${bits}"`);
      row[bits] = cell(x, `${path}.${scheme}.${bits}`);
    }
    out[key] = row;
  }
  return out;
}

const sqnrList = (x: unknown, p: string) => list(x, p).map((y, i) => sqnr(y, `${p}[${i}]`));

/** Reads `layer.sweep` from untrusted JSON. */
export function restoreSweep(v: unknown, path: string): LayerSweep {
  const s = obj(v, path);
  return {
    weights: bitsTable(orDefault(s.weights, {}), `${path}.weights`, WEIGHT_SCHEMES, sqnr),
    weightsPerFilter: isObj(s.weightsPerFilter) && 'dtype' in s.weightsPerFilter
      ? unpackPerFilter(s.weightsPerFilter, `${path}.weightsPerFilter`)
      : bitsTable(orDefault(s.weightsPerFilter, {}), `${path}.weightsPerFilter`, WEIGHT_SCHEMES, sqnrList),
    ...(s.activations !== undefined ? { activations: bitsTable(s.activations, `${path}.activations`, ACTIVATION_SCHEMES, sqnr) } : {}),
  };
}

/**
 * The per-filter table packed for the file (the bulk of a config: one SQNR per filter, scheme
 * and bit-width). Cells are laid out [scheme][bits][filter] as little-endian values: dtype
 * "int16" holds round(dB · codesPerDb) with three reserved codes (32767 lossless, −32768 n/a,
 * −32767 no such row); "float32" (used when a value does not fit int16) holds the dB value, NaN
 * n/a, +Infinity lossless, −Infinity no such row. The bytes are then split into planes (byte 0
 * of every value, then byte 1, …: the high bytes of neighbouring SQNRs are nearly equal and
 * compress well), zlib-compressed (RFC 1950) and written as base64 in `data`.
 * Python: planes = zlib.decompress(b64decode(data)); values = np.frombuffer(planes, 'u1')
 *   .reshape(size, -1).T.copy().view('<i2').reshape(shape) / codesPerDb (sentinels aside).
 */
export interface PackedPerFilter {
  schemes: WeightScheme[];
  bits: number[];
  dtype: 'int16' | 'float32';
  codesPerDb?: number;
  shape: [number, number, number];
  compression: 'zlib-byte-planes';
  data: string;
}

/** Byte planes of little-endian values of `size` bytes: plane j holds byte j of every value. */
function toPlanes(bytes: Uint8Array, size: number): Uint8Array {
  const n = bytes.length / size;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < size; j++) out[j * n + i] = bytes[i * size + j];
  return out;
}

function fromPlanes(planes: Uint8Array, size: number): Uint8Array {
  const n = planes.length / size;
  const out = new Uint8Array(planes.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < size; j++) out[i * size + j] = planes[j * n + i];
  return out;
}

/** Codes per dB of the int16 packing: 0.01 dB steps (±0.005 dB error), ±327.66 dB range. */
const CODES_PER_DB = 100;
const INT16_LOSSLESS = 32767;
const INT16_NA = -32768;
const INT16_ABSENT = -32767;
const INT16_MAX_CODE = 32766;
/** Largest packed table read (256 MiB, far above any layer: ResNet-50's largest is 0.2 MiB). */
const MAX_TABLE_BYTES = 2 ** 28;

type PerFilter = LayerSweep['weightsPerFilter'];

/** Packs a layer's per-filter table; null when it is empty or its rows differ in length (then it stays a table). */
export function packPerFilter(table: PerFilter): PackedPerFilter | null {
  const schemes = WEIGHT_SCHEMES.filter((s) => table[s] && Object.keys(table[s]!).length > 0);
  const bits = [...new Set(schemes.flatMap((s) => Object.keys(table[s]!).map(Number)))].sort((a, b) => a - b);
  const rows = schemes.flatMap((s) => bits.map((b) => table[s]![String(b)]));
  const filters = rows.find((r) => r)?.length ?? 0;
  if (rows.length === 0 || rows.some((r) => r && r.length !== filters)) return null;
  const values = new Float64Array(rows.length * filters);
  rows.forEach((r, i) => {
    for (let f = 0; f < filters; f++) values[i * filters + f] = r ? sqnrToNumber(r[f]) : -Infinity;
  });
  const fitsInt16 = values.every((v) => !Number.isFinite(v) || Math.abs(Math.round(v * CODES_PER_DB)) <= INT16_MAX_CODE);
  const view = new DataView(new ArrayBuffer(values.length * (fitsInt16 ? 2 : 4)));
  values.forEach((v, i) => {
    if (!fitsInt16) view.setFloat32(i * 4, v, true);
    else view.setInt16(i * 2, Number.isNaN(v) ? INT16_NA : v === Infinity ? INT16_LOSSLESS : v === -Infinity ? INT16_ABSENT : Math.round(v * CODES_PER_DB), true);
  });
  return {
    schemes, bits, dtype: fitsInt16 ? 'int16' : 'float32', ...(fitsInt16 ? { codesPerDb: CODES_PER_DB } : {}),
    shape: [schemes.length, bits.length, filters], compression: 'zlib-byte-planes',
    data: encodeBase64(zlibCodec().deflate(toPlanes(new Uint8Array(view.buffer), fitsInt16 ? 2 : 4))),
  };
}

/** Reads a packed per-filter table from untrusted JSON (see PackedPerFilter). */
export function unpackPerFilter(v: unknown, path: string): PerFilter {
  const p = obj(v, path);
  const dtype = oneOf(p.dtype, ['int16', 'float32'] as const, `${path}.dtype`);
  const schemes = list(p.schemes, `${path}.schemes`).map((s, i) => oneOf(s, WEIGHT_SCHEMES, `${path}.schemes[${i}]`));
  const bits = list(p.bits, `${path}.bits`).map((b, i) => {
    if (!isQuantBits(b)) throw new ConfigError(`${path}.bits[${i}]`, `expected an integer ${QUANT_BITS.min}..${QUANT_BITS.max}, got ${JSON.stringify(b)}`);
    return b;
  });
  const shape = list(p.shape, `${path}.shape`).map((d, i) => num(d, `${path}.shape[${i}]`, { int: true, min: 0 }));
  const perDb = dtype === 'int16' || p.codesPerDb !== undefined ? num(p.codesPerDb, `${path}.codesPerDb`, { min: Number.MIN_VALUE }) : 1;
  if (typeof p.data !== 'string') throw new ConfigError(`${path}.data`, 'expected base64 text');
  if (shape.length !== 3 || shape[0] !== schemes.length || shape[1] !== bits.length) {
    throw new ConfigError(`${path}.shape`, `expected [${schemes.length} schemes, ${bits.length} bit-widths, filters], got ${JSON.stringify(shape)}`);
  }
  oneOf(p.compression, ['zlib-byte-planes'] as const, `${path}.compression`);
  const size = dtype === 'int16' ? 2 : 4;
  const filters = shape[2];
  const expected = schemes.length * bits.length * filters * size;
  if (expected > MAX_TABLE_BYTES) throw new ConfigError(`${path}.shape`, `${JSON.stringify(shape)} is larger than any layer the studio writes`);
  let bytes: Uint8Array;
  try {
    // Inflated into a buffer of the declared size (+1 to see overruns): a crafted stream cannot
    // grow past it (no decompression bomb).
    const planes = zlibCodec().inflate(decodeBase64(p.data), expected + 1);
    if (planes.length !== expected) throw new Error(`${planes.length} bytes for shape ${JSON.stringify(shape)} of ${dtype}`);
    bytes = fromPlanes(planes, size);
  } catch (e) {
    throw new ConfigError(`${path}.data`, `not the zlib-compressed base64 of the table (${(e as Error).message})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (i: number): number => {
    if (dtype === 'float32') return view.getFloat32(i * 4, true);
    const c = view.getInt16(i * 2, true);
    return c === INT16_NA ? NaN : c === INT16_LOSSLESS ? Infinity : c === INT16_ABSENT ? -Infinity : c / perDb;
  };
  const out: PerFilter = {};
  schemes.forEach((s, si) => bits.forEach((b, bi) => {
    const at = (si * bits.length + bi) * filters;
    const row: SqnrJson[] = [];
    let absent = 0;
    for (let f = 0; f < filters; f++) {
      const x = read(at + f);
      if (x === -Infinity) absent++;
      else row.push(sqnrFromNumber(x));
    }
    if (absent > 0 && absent < filters) throw new ConfigError(`${path}.data`, `row ${s}/${b} is only partly present`);
    if (absent === 0) (out[s] ??= {})[String(b)] = row;
  }));
  return out;
}

/**
 * The config as it is written to a file: each layer's per-filter table packed (the rest as is).
 * A shallow copy; `config` is not changed.
 */
export function compactConfig(config: StudioConfig): unknown {
  return {
    ...config,
    layers: config.layers.map((l) => {
      const packed = l.sweep ? packPerFilter(l.sweep.weightsPerFilter) : null;
      return packed && l.sweep ? { ...l, sweep: { ...l.sweep, weightsPerFilter: packed } } : l;
    }),
  };
}
