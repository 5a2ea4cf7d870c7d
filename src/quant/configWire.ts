/**
 * A StudioConfig for postMessage: the per-filter sweep tables (one SQNR per filter, scheme
 * and bit-width: 1.16M numbers for ResNet-50) travel as ONE Float64Array, transferred, not
 * as arrays of numbers. Structured clone writes a number array element by element and
 * rebuilds it on the other side with every number boxed (ResNet-50: 10 MiB on the wire and
 * 27 MiB on the receiving heap, against 9 MiB transferred and 9 MiB of unboxed arrays).
 *
 * Encoding of an SqnrJson: a number is itself, null is NaN, 'Infinity' is +Infinity.
 * Example: rows fixed/"2" = [1.5, null] and fixed/"3" = ['Infinity'] →
 * perFilter = [1.5, NaN, Infinity], rows = [{layer 0, fixed, "2", 2}, {layer 0, fixed, "3", 1}].
 */
import type { SqnrJson, StudioConfig } from './types';

export interface WireConfig {
  /** The config with every weightsPerFilter table emptied ({}). */
  config: StudioConfig;
  /** All per-filter rows back to back, in `rows` order. */
  perFilter: Float64Array;
  rows: { layer: number; scheme: string; bits: string; length: number }[];
}

const encode = (v: SqnrJson): number => (v === null ? NaN : v === 'Infinity' ? Infinity : v);
const decode = (v: number): SqnrJson => (Number.isNaN(v) ? null : v === Infinity ? 'Infinity' : v);

/** The wire form; `config` itself is not changed (its layers are copied shallowly). */
export function packConfig(config: StudioConfig): WireConfig {
  const rows: WireConfig['rows'] = [];
  let total = 0;
  config.layers.forEach((l, layer) => {
    for (const [scheme, byBits] of Object.entries(l.sweep?.weightsPerFilter ?? {})) {
      for (const [bits, row] of Object.entries(byBits ?? {})) {
        rows.push({ layer, scheme, bits, length: row.length });
        total += row.length;
      }
    }
  });
  const perFilter = new Float64Array(total);
  let at = 0;
  for (const r of rows) {
    const row = (config.layers[r.layer].sweep!.weightsPerFilter as Record<string, Record<string, SqnrJson[]>>)[r.scheme][r.bits];
    for (let i = 0; i < row.length; i++) perFilter[at + i] = encode(row[i]);
    at += row.length;
  }
  const layers = config.layers.map((l) => (l.sweep ? { ...l, sweep: { ...l.sweep, weightsPerFilter: {} } } : l));
  return { config: { ...config, layers }, perFilter, rows };
}

/** The config back, its per-filter tables rebuilt (numbers unboxed where a row has no null). */
export function unpackConfig(wire: WireConfig): StudioConfig {
  const { config, perFilter, rows } = wire;
  let at = 0;
  for (const r of rows) {
    const sweep = config.layers[r.layer]?.sweep;
    if (!sweep) throw new Error(`config wire: row for layer ${r.layer}, which has no sweep`);
    const tables = sweep.weightsPerFilter as Record<string, Record<string, SqnrJson[]>>;
    const row: SqnrJson[] = [];
    for (let i = 0; i < r.length; i++) row.push(decode(perFilter[at + i]));
    (tables[r.scheme] ??= {})[r.bits] = row;
    at += r.length;
  }
  if (at !== perFilter.length) throw new Error(`config wire: ${perFilter.length} per-filter values for rows of ${at}`);
  return config;
}
