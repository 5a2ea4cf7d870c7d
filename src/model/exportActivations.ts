/**
 * The activation half of an export plan, read from the config itself: an evaluated config
 * records each quantized activation point's scheme, bits, signedness and scale
 * (evaluate.ts), which is exactly what a QDQ model's QuantizeLinear/DequantizeLinear pairs
 * need — no recalibration, so the exported model quantizes as the config's figures were
 * measured. Points whose scale is not measured yet are left out with the reason (the runtime
 * that cannot express activations, tfjs, ignores the list).
 */
import type { ActivationScheme, StudioConfig } from '../quant/types';
import type { ActivationSubstitution } from './runtime/types';

interface ExportActivations {
  activations: ActivationSubstitution[];
  notes: { layer: string; reason: string }[];
}

export function exportActivations(layers: readonly { name: string; activationPoint: string }[], config: StudioConfig): ExportActivations {
  const points = new Map(layers.map((l) => [l.name, l.activationPoint]));
  const out: ExportActivations = { activations: [], notes: [] };
  for (const l of config.layers) {
    const a = l.activations;
    if (a.scheme === 'float' || a.bits === null) continue;
    const point = points.get(l.name);
    if (!point) continue;
    if (a.scale === undefined) {
      out.notes.push({ layer: l.name, reason: `${l.name} activations left float: their scale is not measured yet (evaluate the config first)` });
      continue;
    }
    out.activations.push({ layer: l.name, point, params: { scheme: a.scheme as ActivationScheme, bits: a.bits, signed: a.signed ?? false, scale: a.scale } });
  }
  return out;
}
