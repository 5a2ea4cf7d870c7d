/** Two configs side by side, layer by layer: what differs in bits, scheme, SQNR and size. */
import { layerStorageBits } from '../../../quant/config/summary';
import { readSqnr } from '../../../quant/sqnr';
import type { LayerConfig, StudioConfig } from '../../../quant/types';

interface CompareSide {
  bits: string;
  scheme: string;
  sqnrDb: number | null;
  bytes: number;
}

interface CompareRow {
  name: string;
  a: CompareSide | null;
  b: CompareSide | null;
  /** Bits or scheme differ. */
  differs: boolean;
}

function bitsText(b: number | readonly number[]): string {
  if (typeof b === 'number') return String(b);
  const lo = Math.min(...b);
  const hi = Math.max(...b);
  return lo === hi ? String(lo) : `${lo}–${hi} per filter`;
}

function side(l: LayerConfig | undefined): CompareSide | null {
  if (!l) return null;
  return { bits: bitsText(l.weights.bits), scheme: l.weights.scheme, sqnrDb: readSqnr(l.sqnr?.weightsDb), bytes: layerStorageBits(l) / 8 };
}

/** One row per layer of `a` (then any only in `b`), in model order. */
export function compareRows(a: StudioConfig, b: StudioConfig): CompareRow[] {
  const byB = new Map(b.layers.map((l) => [l.name, l]));
  const names = [...a.layers.map((l) => l.name), ...b.layers.filter((l) => !a.layers.some((x) => x.name === l.name)).map((l) => l.name)];
  const byA = new Map(a.layers.map((l) => [l.name, l]));
  return names.map((name) => {
    const sa = side(byA.get(name));
    const sb = side(byB.get(name));
    return { name, a: sa, b: sb, differs: !sa || !sb || sa.bits !== sb.bits || sa.scheme !== sb.scheme };
  });
}
