/**
 * A StudioConfig for postMessage: the per-filter sweep tables (one SQNR per filter, scheme
 * and bit-width: 1.16M numbers for ResNet-50) travel as Float64Arrays, one per layer,
 * transferred, not as arrays of numbers. Structured clone writes a number array element by
 * element and rebuilds it on the other side with every number boxed (ResNet-50: 10 MiB on
 * the wire and 27 MiB on the receiving heap, against 9 MiB transferred and 9 MiB of unboxed
 * arrays). A `WirePacker` can take each layer's tables as soon as it is swept, so the sender
 * never holds the whole model's tables as numbers and as packed arrays at once.
 *
 * Encoding of an SqnrJson: a number is itself, null is NaN, 'Infinity' is +Infinity.
 * Example: layer 0 with fixed/"2" = [1.5, null] and log2/"3" = ['Infinity'] →
 * chunks [[1.5, NaN, Infinity]], rows [{0, fixed, "2", 2}, {0, log2, "3", 1}].
 */
import { sqnrFromNumber, sqnrToNumber } from './sqnr';
import type { LayerSweep, SqnrJson, StudioConfig } from './types';

export interface WireRow {
  layer: number;
  scheme: string;
  bits: string;
  length: number;
}

export interface WireConfig {
  /** The config with the packed weightsPerFilter tables emptied ({}). */
  config: StudioConfig;
  /** One array per packed layer; `rows` read them in order, back to back. */
  chunks: Float64Array[];
  rows: WireRow[];
}

type Tables = LayerSweep['weightsPerFilter'];

const encode = sqnrToNumber;
const decode = sqnrFromNumber;

/** One layer's per-filter tables packed: its values back to back, and the rows that read them. */
export interface PackedLayer {
  layer: number;
  chunk: Float64Array;
  rows: WireRow[];
}

/** Packs one layer's tables (they are not changed). */
export function packLayer(layer: number, tables: Tables): PackedLayer {
  const rows: WireRow[] = [];
  let total = 0;
  for (const [scheme, byBits] of Object.entries(tables)) {
    for (const [bits, row] of Object.entries(byBits ?? {})) {
      rows.push({ layer, scheme, bits, length: row.length });
      total += row.length;
    }
  }
  const chunk = new Float64Array(total);
  let at = 0;
  for (const r of rows) {
    const row = (tables as Record<string, Record<string, SqnrJson[]>>)[r.scheme][r.bits];
    for (let i = 0; i < row.length; i++) chunk[at + i] = encode(row[i]);
    at += row.length;
  }
  return { layer, chunk, rows };
}

/** Collects packed per-filter tables, layer by layer. */
export class WirePacker {
  readonly chunks: Float64Array[] = [];
  readonly rows: WireRow[] = [];
  private readonly packed = new Set<number>();

  /** Packs one layer's tables (they are not changed). */
  add(layer: number, tables: Tables): void {
    this.addPacked(packLayer(layer, tables));
  }

  /** Takes one layer's tables packed elsewhere (by packLayer, e.g. in a sweep worker). */
  addPacked(p: PackedLayer): void {
    const total = p.rows.reduce((a, r) => a + r.length, 0);
    if (total !== p.chunk.length || p.rows.some((r) => r.layer !== p.layer)) {
      throw new Error(`config wire: layer ${p.layer} packed as ${p.chunk.length} values for rows of ${total}`);
    }
    this.chunks.push(p.chunk);
    this.rows.push(...p.rows);
    this.packed.add(p.layer);
  }

  has(layer: number): boolean {
    return this.packed.has(layer);
  }

  /**
   * The wire form of `config`: layers not packed yet are packed now, and every packed
   * layer's tables are emptied in a shallow copy (`config` itself is not changed).
   */
  finish(config: StudioConfig): WireConfig {
    config.layers.forEach((l, i) => {
      if (!this.has(i) && l.sweep) this.add(i, l.sweep.weightsPerFilter);
    });
    const layers = config.layers.map((l, i) => (l.sweep && this.has(i) ? { ...l, sweep: { ...l.sweep, weightsPerFilter: {} } } : l));
    return { config: { ...config, layers }, chunks: this.chunks, rows: this.rows };
  }
}

/** The wire form; `config` itself is not changed (its layers are copied shallowly). */
export function packConfig(config: StudioConfig): WireConfig {
  return new WirePacker().finish(config);
}

/** The config back, its per-filter tables rebuilt (numbers unboxed where a row has no null). */
export function unpackConfig(wire: WireConfig): StudioConfig {
  const { config, chunks, rows } = wire;
  let chunk = 0;
  let at = 0;
  for (const r of rows) {
    while (chunk < chunks.length && at === chunks[chunk].length && r.length > 0) {
      chunk++;
      at = 0;
    }
    const values = chunks[chunk];
    if (r.length > 0 && (!values || at + r.length > values.length)) throw new Error(`config wire: the per-filter values end before row ${r.layer}/${r.scheme}/${r.bits}`);
    const sweep = config.layers[r.layer]?.sweep;
    if (!sweep) throw new Error(`config wire: row for layer ${r.layer}, which has no sweep`);
    const tables = sweep.weightsPerFilter as Record<string, Record<string, SqnrJson[]>>;
    const row: SqnrJson[] = [];
    for (let i = 0; i < r.length; i++) row.push(decode(values[at + i]));
    (tables[r.scheme] ??= {})[r.bits] = row;
    at += r.length;
  }
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const used = rows.reduce((a, r) => a + r.length, 0);
  if (total !== used) throw new Error(`config wire: ${total} per-filter values for rows of ${used}`);
  return config;
}

/** The buffers to transfer with a wire config. */
export function wireTransfers(wire: WireConfig): ArrayBuffer[] {
  return wire.chunks.map((c) => c.buffer as ArrayBuffer);
}
