/**
 * onnxruntime's `TensorQuantOverrides` (the `extra_options` entry of
 * `onnxruntime.quantization.quantize_static`, validated by its TensorQuantOverridesHelper):
 * a dict from ONNX tensor name to a list of override dicts — one dict for a per-tensor
 * override, one per channel (the first carrying `axis`) for a per-channel weight.
 * Every dict here pins `scale` and `zero_point` (so no `symmetric` / `reduce_range` /
 * `rmin` / `rmax`, which the helper rejects beside them) and `quant_type`.
 *
 * JSON has no Python enum, so `quant_type` is written as the `QuantType` member name
 * ("QInt8", "QUInt8", "QInt4", "QUInt4", "QInt16", "QUInt16") and scales / zero points as
 * plain numbers; docs/formats.md shows the five-line loader that turns the file into the dict
 * onnxruntime expects (`QuantType[name]`, `np.float32` scales, typed zero points).
 *
 * Only those types exist, so weights and activations of 2, 3, 5, 6 or 7 bits are left out
 * (with the reason), as is everything without an integer grid (grid.ts). Names must be the
 * ONNX graph's own tensor names; for a tfjs model the file is still written with the
 * studio's names, but onnxruntime will only accept it for an ONNX model with those names.
 */
import { activationGrid, tfjsTensorNames, weightGrid, type ExportSkip, type IntegerGrid, type NameLayer } from './grid';
import type { StudioConfig } from '../types';

type OrtQuantType = 'QInt8' | 'QUInt8' | 'QInt4' | 'QUInt4' | 'QInt16' | 'QUInt16';

interface TensorQuantOverride {
  quant_type: OrtQuantType;
  scale: number;
  zero_point: number;
  axis?: number;
}

export type TensorQuantOverrides = Record<string, TensorQuantOverride[]>;

/** onnxruntime's QuantType of a grid, or null when it has none of that width. */
function ortQuantType(bits: number, signed: boolean): OrtQuantType | null {
  if (bits !== 4 && bits !== 8 && bits !== 16) return null;
  return `Q${signed ? 'Int' : 'UInt'}${bits}` as OrtQuantType;
}

/** The override list of one grid, or the reason there is none. */
function overridesFor(g: IntegerGrid, channelAxis: number | null): TensorQuantOverride[] | string {
  const quant_type = ortQuantType(g.bits, g.signed);
  if (!quant_type) return `${g.bits} bits has no onnxruntime QuantType (4, 8 or 16 bits)`;
  if (!g.perChannel) return [{ quant_type, scale: g.scales[0], zero_point: 0 }];
  if (channelAxis === null) return 'its filters are not one axis of the weight tensor, so per-channel scales cannot be written';
  return g.scales.map((scale, c) => (c === 0 ? { quant_type, scale, zero_point: 0, axis: channelAxis } : { quant_type, scale, zero_point: 0 }));
}

export function tensorQuantOverrides(config: StudioConfig, nameLayer: NameLayer = tfjsTensorNames): { file: TensorQuantOverrides; skipped: ExportSkip[] } {
  const file: TensorQuantOverrides = {};
  const skipped: ExportSkip[] = [];
  const add = (layer: string, what: string, name: string, o: TensorQuantOverride[] | string) => {
    if (typeof o === 'string') skipped.push({ layer, reason: `${what}: ${o}`, kind: 'no-grid' });
    else file[name] = o;
  };
  for (const layer of config.layers) {
    const names = nameLayer(layer);
    const w = weightGrid(layer, names.weightsSigned ?? true);
    if ('grid' in w && w.grid.perChannel && names.weightIsInitializer === false) {
      skipped.push({ layer: layer.name, reason: `${layer.name} weights: onnxruntime takes per-channel overrides only for initializers, and this kernel is a Constant node's output`, kind: 'no-grid' });
    } else if ('grid' in w) add(layer.name, `${layer.name} weights`, names.weight, overridesFor(w.grid, names.channelAxis));
    else if (w.kind !== 'float') skipped.push({ layer: layer.name, reason: w.reason, kind: w.kind });
    const a = activationGrid(layer);
    const what = `${layer.name} (activations)`;
    if (a && 'grid' in a) add(what, `${layer.name} activations`, names.activation, overridesFor(a.grid, null));
    else if (a) skipped.push({ layer: what, reason: a.reason, kind: a.kind });
  }
  return { file, skipped };
}
