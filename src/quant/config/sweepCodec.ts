/**
 * A layer's sweep tables in a config file: read (with every value checked) and written.
 * See docs/config-format.md, "The sweep".
 */
import { BITS_KEY_PATTERN } from '../bits';
import { ACTIVATION_SCHEMES, WEIGHT_SCHEMES, type LayerSweep, type SchemeBitsTable } from '../types';
import { ConfigError, list, obj, oneOf, orDefault, sqnr } from './read';

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
    weightsPerFilter: bitsTable(orDefault(s.weightsPerFilter, {}), `${path}.weightsPerFilter`, WEIGHT_SCHEMES, sqnrList),
    ...(s.activations !== undefined ? { activations: bitsTable(s.activations, `${path}.activations`, ACTIVATION_SCHEMES, sqnr) } : {}),
  };
}
