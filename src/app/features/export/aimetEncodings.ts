/**
 * AIMET-style encodings (`<model>.encodings.json`, format version 0.6.1) for the layers whose
 * quantization AIMET can express: per-tensor, uniform integer grids (`fixed`, `fixed-clip`)
 * with a stored scale. Everything else (per-filter bits, dfp, log, nlq, layers whose scale is
 * not known yet) is left out and listed in `skipped` with the reason — never a guessed number.
 *
 * AIMET's convention: real = (q + offset) · scale for integer q in [0, 2^b − 1], so
 *   min = offset · scale,  max = min + (2^b − 1) · scale.
 * The studio's signed grid is narrow-range symmetric, codes ±(2^(b−1) − 1) (src/quant/quantizers/fixed.ts),
 * i.e. AIMET's strict-symmetric encoding:
 *   offset = −(2^(b−1) − 1),  min = −(2^(b−1) − 1) · s,  max = (2^(b−1) − 1) · s,  is_symmetric "True".
 * Unsigned activations (codes 0..2^b − 1): offset = 0, min = 0, max = (2^b − 1) · s, is_symmetric "False".
 * Example: 4-bit weights, s = 0.1 → offset −7, min −0.7, max 0.7.
 * Weights go under "<layer>/kernel" in param_encodings, activations (the layer's output) under
 * "<layer>" in activation_encodings.
 */
import type { LayerConfig, StudioConfig } from '../../../quant/types';

export interface AimetEncoding {
  bitwidth: number;
  dtype: 'int';
  is_symmetric: 'True' | 'False';
  max: number;
  min: number;
  offset: number;
  scale: number;
}

export interface AimetEncodings {
  version: '0.6.1';
  activation_encodings: Record<string, AimetEncoding[]>;
  param_encodings: Record<string, AimetEncoding[]>;
}

export interface AimetExport {
  encodings: AimetEncodings;
  /** Layers (or a layer's activations) left out, with the reason. */
  skipped: { layer: string; reason: string }[];
}

const UNIFORM = new Set(['fixed', 'fixed-clip']);

export function aimetEncoding(bits: number, scale: number, signed: boolean): AimetEncoding {
  const offset = signed ? -(2 ** (bits - 1) - 1) : 0;
  const min = offset * scale;
  const max = signed ? -offset * scale : (2 ** bits - 1) * scale;
  return { bitwidth: bits, dtype: 'int', is_symmetric: signed ? 'True' : 'False', max, min, offset: offset, scale };
}

/** Why a layer's weights have no AIMET encoding, or null when they have one. */
export function weightProblem(l: LayerConfig): string | null {
  const w = l.weights;
  if (!UNIFORM.has(w.scheme)) return `${w.scheme} weights have no AIMET (uniform integer) encoding`;
  if (typeof w.bits !== 'number' || w.granularity !== 'per-tensor') return 'per-filter bits (only per-tensor layers are exported)';
  const s = w.scales;
  if (!s || s.length !== 1 || !(s[0] > 0) || !Number.isFinite(s[0])) return 'scale not known yet (evaluate the config first)';
  return null;
}

export function buildAimetEncodings(config: StudioConfig): AimetExport {
  const encodings: AimetEncodings = { version: '0.6.1', activation_encodings: {}, param_encodings: {} };
  const skipped: AimetExport['skipped'] = [];
  for (const l of config.layers) {
    const problem = weightProblem(l);
    if (problem) {
      skipped.push({ layer: l.name, reason: problem });
      continue;
    }
    encodings.param_encodings[`${l.name}/kernel`] = [aimetEncoding(l.weights.bits as number, l.weights.scales![0], true)];
    const a = l.activations;
    if (a.scheme === 'fixed' && a.bits != null && a.scale !== undefined && a.scale > 0 && Number.isFinite(a.scale)) {
      encodings.activation_encodings[l.name] = [aimetEncoding(a.bits, a.scale, a.signed ?? false)];
    } else if (a.scheme !== 'float') {
      skipped.push({ layer: `${l.name} (activations)`, reason: `${a.scheme} activations without a known uniform scale` });
    }
  }
  return { encodings, skipped };
}

/** Why the export cannot run now (no layer exportable), or null. */
export function aimetBlocker(config: StudioConfig | null): string | null {
  if (!config) return 'Load a model first';
  const problems = config.layers.map(weightProblem);
  if (problems.some((p) => p?.startsWith('scale not known'))) return 'Scales of edited layers are being re-measured; try again in a moment';
  if (problems.every((p) => p !== null)) return 'No per-tensor fixed-point layer: AIMET encodings cover only uniform per-tensor layers';
  return null;
}

export function aimetFileName(config: StudioConfig): string {
  return `${config.model.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'model'}.encodings.json`;
}
