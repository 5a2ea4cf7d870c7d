/**
 * AIMET encoding files (Qualcomm AI Model Efficiency Toolkit; consumed by QNN / QAIRT and by
 * AIMET's own `load_encodings`) in the three versions a pipeline meets:
 *
 * - **2.0.0** (current): `{version, encodings: [{name, output_dtype, y_scale, y_zero_point?, axis?}]}`,
 *   one list for activations and parameters, each entry the inputs of an ONNX
 *   `QuantizeLinear`: y = saturate(round(x / y_scale) + y_zero_point) in `output_dtype`.
 *   Only the ONNX integer types exist (int2/4/8/16, uint2/4/8/16), so a 3-, 5-, 6- or 7-bit
 *   tensor has no 2.0.0 encoding (1.0.0 holds it). Per-channel entries need the channel `axis`.
 * - **1.0.0**: `{version, activation_encodings: [...], param_encodings: [...], excluded_layers}`,
 *   entries `{name, enc_type: PER_TENSOR|PER_CHANNEL, dtype: INT, bw, is_sym, scale[], offset[]}`,
 *   any bit-width 2..32; per-channel arrays have one element per output channel.
 * - **0.6.1** (legacy): name → list of `{bitwidth, dtype, is_symmetric, max, min, offset, scale}`,
 *   one element per channel; bit-widths 4..32 only.
 *
 * AIMET's offset convention (0.6.1, 1.0.0): real = (q + offset) · scale for q in 0 … 2^b − 1,
 * so offset = the lowest code of the studio's grid (grid.ts): −127 for signed 8-bit
 * fixed (narrow range, "strict symmetric"), −128 for 8-bit dfp, 0 for unsigned.
 * min = offset · scale, max = hi · scale. Example: 4-bit fixed, s = 0.1 → offset −7,
 * min −0.7, max 0.7. In 2.0.0 the zero point is 0 for every studio grid and is omitted.
 *
 * What has no integer grid (log2, log2-sqrt2, nlq, per-filter bit-widths that differ) is
 * left out and reported in `skipped` — AIMET files have no field for a note; the studio's
 * config stays the one record of those decisions.
 */
import { activationGrid, tfjsTensorNames, weightGrid, type ExportSkip, type IntegerGrid, type NameLayer, type TensorNames } from './grid';
import type { LayerConfig, StudioConfig } from '../types';

interface Aimet061Encoding {
  bitwidth: number;
  dtype: 'int';
  is_symmetric: 'True' | 'False';
  max: number;
  min: number;
  offset: number;
  scale: number;
}

interface Aimet061File {
  version: '0.6.1';
  activation_encodings: Record<string, Aimet061Encoding[]>;
  param_encodings: Record<string, Aimet061Encoding[]>;
}

export interface Aimet100Encoding {
  name: string;
  enc_type: 'PER_TENSOR' | 'PER_CHANNEL';
  dtype: 'INT';
  bw: number;
  is_sym: boolean;
  scale: number[];
  offset: number[];
}

interface Aimet100File {
  version: '1.0.0';
  activation_encodings: Aimet100Encoding[];
  param_encodings: Aimet100Encoding[];
  /** Layers left unquantized (float weights and activations). */
  excluded_layers: string[];
}

interface Aimet2Encoding {
  name: string;
  output_dtype: string;
  y_scale: number | number[];
  axis?: number;
}

interface Aimet2File {
  version: '2.0.0';
  encodings: Aimet2Encoding[];
}

export interface Written<F> {
  file: F;
  /** Layers (or a layer's activations) left out, with the reason. */
  skipped: ExportSkip[];
}

/** The ONNX integer type name of a grid, or null when ONNX has none of that width. */
function onnxIntType(bits: number, signed: boolean): string | null {
  return [2, 4, 8, 16].includes(bits) ? `${signed ? '' : 'u'}int${bits}` : null;
}

interface Visit {
  layer: LayerConfig;
  names: TensorNames;
  weights: IntegerGrid | null;
  activations: IntegerGrid | null;
  /** Float weights and float activations: the layer is not quantized at all. */
  unquantized: boolean;
}

/** Walks the layers once; grids that exist are visited, the rest go to `skipped`. */
function visitLayers(config: StudioConfig, nameLayer: NameLayer, skipped: ExportSkip[]): Visit[] {
  const out: Visit[] = [];
  for (const layer of config.layers) {
    const names = nameLayer(layer);
    const w = weightGrid(layer, names.weightsSigned ?? true);
    if ('reason' in w && w.kind !== 'float') skipped.push({ layer: layer.name, reason: w.reason, kind: w.kind });
    const a = activationGrid(layer);
    if (a && 'reason' in a) skipped.push({ layer: `${layer.name} (activations)`, reason: a.reason, kind: a.kind });
    const unquantized = 'kind' in w && w.kind === 'float' && a === null;
    out.push({ layer, names, weights: 'grid' in w ? w.grid : null, activations: a && 'grid' in a ? a.grid : null, unquantized });
  }
  return out;
}

/** AIMET 0.6.1 / 1.0.0 min/max of one channel. */
function aimetMinMax(g: IntegerGrid, scale: number): { min: number; max: number } {
  return { min: g.lo * scale, max: g.hi * scale };
}

function encoding061(g: IntegerGrid, scale: number): Aimet061Encoding {
  return { bitwidth: g.bits, dtype: 'int', is_symmetric: g.symmetric ? 'True' : 'False', ...aimetMinMax(g, scale), offset: g.lo, scale };
}

/** AIMET 0.6.1 (legacy): bit-widths 4..32 only. */
export function aimet061(config: StudioConfig, nameLayer: NameLayer = tfjsTensorNames): Written<Aimet061File> {
  const skipped: ExportSkip[] = [];
  const file: Aimet061File = { version: '0.6.1', activation_encodings: {}, param_encodings: {} };
  const tooNarrow = (g: IntegerGrid, layer: string, what: string) => {
    if (g.bits >= 4) return false;
    skipped.push({ layer, reason: `${what}: ${g.bits} bits — AIMET 0.6.1 encodings start at 4 bits (use 1.0.0)`, kind: 'no-grid' });
    return true;
  };
  for (const v of visitLayers(config, nameLayer, skipped)) {
    const n = v.layer.name;
    if (v.weights && !tooNarrow(v.weights, n, `${n} weights`)) {
      const g = v.weights;
      file.param_encodings[v.names.weight] = g.scales.map((s) => encoding061(g, s));
    }
    if (v.activations && !tooNarrow(v.activations, `${n} (activations)`, `${n} activations`)) {
      file.activation_encodings[v.names.activation] = [encoding061(v.activations, v.activations.scales[0])];
    }
  }
  return { file, skipped };
}

function encoding100(name: string, g: IntegerGrid): Aimet100Encoding {
  return {
    name, enc_type: g.perChannel ? 'PER_CHANNEL' : 'PER_TENSOR', dtype: 'INT', bw: g.bits, is_sym: g.symmetric,
    scale: g.scales.slice(), offset: g.scales.map(() => g.lo),
  };
}

/** AIMET 1.0.0: any bit-width, per-channel scales as arrays. */
export function aimet100(config: StudioConfig, nameLayer: NameLayer = tfjsTensorNames): Written<Aimet100File> {
  const skipped: ExportSkip[] = [];
  const file: Aimet100File = { version: '1.0.0', activation_encodings: [], param_encodings: [], excluded_layers: [] };
  for (const v of visitLayers(config, nameLayer, skipped)) {
    if (v.weights) file.param_encodings.push(encoding100(v.names.weight, v.weights));
    if (v.activations) file.activation_encodings.push(encoding100(v.names.activation, v.activations));
    if (v.unquantized) file.excluded_layers.push(v.layer.name);
  }
  return { file, skipped };
}

/** One 2.0.0 entry, or the reason the grid has no ONNX type / axis. */
function encoding2(name: string, g: IntegerGrid, channelAxis: number | null): Aimet2Encoding | string {
  const dtype = onnxIntType(g.bits, g.signed);
  if (!dtype) return `${g.bits} bits has no ONNX integer type (int2/4/8/16) — AIMET 1.0.0 holds it`;
  if (!g.perChannel) return { name, output_dtype: dtype, y_scale: g.scales[0] };
  if (channelAxis === null) return 'its filters are not one axis of the weight tensor, so per-channel scales cannot be written';
  return { name, output_dtype: dtype, y_scale: g.scales.slice(), axis: channelAxis };
}

/** AIMET 2.0.0 (the current format, aligned with ONNX QuantizeLinear). */
export function aimet2(config: StudioConfig, nameLayer: NameLayer = tfjsTensorNames): Written<Aimet2File> {
  const skipped: ExportSkip[] = [];
  const file: Aimet2File = { version: '2.0.0', encodings: [] };
  const add = (layer: string, what: string, e: Aimet2Encoding | string) => {
    if (typeof e === 'string') skipped.push({ layer, reason: `${what}: ${e}`, kind: 'no-grid' });
    else file.encodings.push(e);
  };
  for (const v of visitLayers(config, nameLayer, skipped)) {
    const n = v.layer.name;
    if (v.activations) add(`${n} (activations)`, `${n} activations`, encoding2(v.names.activation, v.activations, null));
    if (v.weights) add(n, `${n} weights`, encoding2(v.names.weight, v.weights, v.names.channelAxis));
  }
  return { file, skipped };
}
