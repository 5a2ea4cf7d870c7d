/**
 * The encoding formats a pipeline consumes, as one list: the page renders one export button
 * per entry and the CLI (`--export-encodings <dir>`) writes one file per entry, so both say
 * the same thing about what each format holds and what it leaves out.
 *
 * A format is blocked (button disabled with the reason, CLI error) when the config is
 * malformed — nonsense is never written as a plausible-looking file —, while edited layers'
 * scales are still being measured, or when not one tensor of the config fits the format.
 */
import { aimet061, aimet100, aimet2 } from './aimet';
import { tfjsTensorNames, type ExportSkip, type NameLayer } from './grid';
import { tensorQuantOverrides } from './tensorQuantOverrides';
import type { StudioConfig } from '../types';

export type EncodingFormatId = 'aimet-2' | 'aimet-1' | 'aimet-0.6.1' | 'ort-overrides';

export interface EncodingFormat {
  id: EncodingFormatId;
  /** Button label. */
  title: string;
  /** What the file is, for tooltips and the CLI. */
  description: string;
  legacy: boolean;
  /** File name suffix after the model name. */
  suffix: string;
  write(config: StudioConfig, names: NameLayer): { file: unknown; skipped: ExportSkip[]; count: number };
}

const countOf = (o: Record<string, unknown> | unknown[]) => (Array.isArray(o) ? o.length : Object.keys(o).length);

export const ENCODING_FORMATS: readonly EncodingFormat[] = [
  {
    id: 'aimet-2', title: 'AIMET 2.0.0', legacy: false, suffix: 'aimet-2.0.0.encodings.json',
    description: 'AIMET encodings 2.0.0 (current; QuantizeLinear-aligned: output_dtype, y_scale, axis) of every integer-grid tensor of 2, 4, 8 or 16 bits',
    write: (c, n) => {
      const r = aimet2(c, n);
      return { ...r, count: r.file.encodings.length };
    },
  },
  {
    id: 'aimet-1', title: 'AIMET 1.0.0', legacy: false, suffix: 'aimet-1.0.0.encodings.json',
    description: 'AIMET encodings 1.0.0 (per-tensor / per-channel scale and offset arrays, any bit-width) of every integer-grid tensor',
    write: (c, n) => {
      const r = aimet100(c, n);
      return { ...r, count: r.file.param_encodings.length + r.file.activation_encodings.length };
    },
  },
  {
    id: 'aimet-0.6.1', title: 'AIMET 0.6.1 (legacy)', legacy: true, suffix: 'encodings.json',
    description: 'AIMET encodings 0.6.1 (legacy; one min/max/scale/offset entry per channel, 4 bits and up)',
    write: (c, n) => {
      const r = aimet061(c, n);
      return { ...r, count: countOf(r.file.param_encodings) + countOf(r.file.activation_encodings) };
    },
  },
  {
    id: 'ort-overrides', title: 'ORT TensorQuantOverrides', legacy: false, suffix: 'ort-tensor-quant-overrides.json',
    description: "onnxruntime quantize_static's TensorQuantOverrides (quant_type, scale, zero_point, axis) of every integer-grid tensor of 4, 8 or 16 bits",
    write: (c, n) => {
      const r = tensorQuantOverrides(c, n);
      return { ...r, count: countOf(r.file) };
    },
  },
];

function encodingFormat(id: EncodingFormatId): EncodingFormat {
  const f = ENCODING_FORMATS.find((x) => x.id === id);
  if (!f) throw new Error(`unknown encoding format '${String(id)}'`);
  return f;
}

export interface WrittenEncodings {
  fileName: string;
  text: string;
  skipped: ExportSkip[];
  /** Tensors written. */
  count: number;
}

function encodingsFileName(config: StudioConfig, f: EncodingFormat): string {
  return `${config.model.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'model'}.${f.suffix}`;
}

/**
 * Why the format cannot be written for this config now, or null. Blockers, in order: no
 * config; a malformed layer (named); scales not measured yet; no tensor fits the format.
 */
export function encodingsBlocker(config: StudioConfig | null, id: EncodingFormatId, names: NameLayer = tfjsTensorNames): string | null {
  if (!config) return 'Load a model first';
  const f = encodingFormat(id);
  const r = f.write(config, names);
  const bad = r.skipped.find((s) => s.kind === 'malformed');
  if (bad) return `The config is malformed: ${bad.reason}`;
  if (r.skipped.some((s) => s.kind === 'pending')) return 'Scales of edited layers are being re-measured; try again in a moment';
  if (r.count === 0) return `No tensor of this config fits ${f.title}${r.skipped[0] ? ` (${r.skipped[0].reason})` : ' (every layer is float)'}`;
  return null;
}

/** Writes the file, or throws the blocker as an Error. */
export function writeEncodings(config: StudioConfig, id: EncodingFormatId, names: NameLayer = tfjsTensorNames): WrittenEncodings {
  const blocker = encodingsBlocker(config, id, names);
  if (blocker) throw new Error(blocker);
  const f = encodingFormat(id);
  const r = f.write(config, names);
  return { fileName: encodingsFileName(config, f), text: `${JSON.stringify(r.file, null, 2)}\n`, skipped: r.skipped, count: r.count };
}
