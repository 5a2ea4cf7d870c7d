/**
 * MXQN — mixed fixed/log quantization chosen by SQNR, no retraining (docs/methods.md).
 *
 * 1. Weights are fixed-point (max-abs, per tensor); activations of each layer use whichever
 *    of fixed / log2 / log2-sqrt2 has the higher SQNR on calibration data at that layer's
 *    bit-width (measured by the analysis sweep, not assumed).
 * 2. Bit-widths, knob = target SQNR T (dB):
 *    - 'per-layer' (default): every weight tensor and activation gets the smallest b ∈ 2..8
 *      whose SQNR ≥ T (8 when none reaches it);
 *    - 'output': T is the target *output* SQNR, using 1/SQNR_out ≈ Σ_l 1/SQNR_l (linear):
 *      start everything at 2 bits and repeatedly add one bit where it removes the most noise
 *      per stored bit, until Σ 1/SQNR_l ≤ 10^(−T/10).
 *
 * Example (per-layer, T = 20 dB): a layer whose weights reach 19.5 dB at 4 bits and 25.6 dB
 * at 5 → 5-bit weights; activations at 3 bits: fixed 14.1 dB, log2-sqrt2 16.8 dB; at 4 bits:
 * fixed 20.2, log2-sqrt2 19.0 → 4-bit fixed activations.
 */
import type { ActivationScheme, LayerActivationsConfig, StudioConfig } from '../types';
import { ACTIVATION_SCHEMES } from '../types';
import { dbToLinear } from '../sqnr';
import { decideLayer, floatActivations, methodConfig, noiseRatio, type MethodInput } from './common';
import { activationSqnr, sqnrRank, weightSqnr } from './sqnrTables';

type MxqnMode = 'per-layer' | 'output';

export interface MxqnSettings {
  mode?: MxqnMode;
  /** Candidate activation schemes (default all three; ['fixed'] gives the pure fixed-point baseline). */
  activationSchemes?: ActivationScheme[];
  /** Force every activation to this bit-width (the scheme is still chosen by SQNR). */
  activationBits?: number;
  /** Force every weight tensor to this bit-width. */
  weightBits?: number;
}

export const MXQN_DEFAULT_TARGET_DB = 20;
const BITS = [2, 3, 4, 5, 6, 7, 8];

/** The best activation scheme of layer l at b bits and its SQNR (fixed when nothing is tabulated). */
function bestActivationScheme(input: MethodInput, l: number, bits: number,
  candidates: readonly ActivationScheme[] = ACTIVATION_SCHEMES): { scheme: ActivationScheme; db: number | null | undefined } {
  let best: ActivationScheme = candidates.includes('fixed') ? 'fixed' : candidates[0];
  let bestDb = activationSqnr(input, l, best, bits);
  for (const s of candidates) {
    const db = activationSqnr(input, l, s, bits);
    if (sqnrRank(db) > sqnrRank(bestDb)) {
      best = s;
      bestDb = db;
    }
  }
  return { scheme: best, db: bestDb };
}

function smallestMeeting(sqnrAt: (b: number) => number | null | undefined, target: number): number {
  for (const b of BITS) if (sqnrRank(sqnrAt(b)) >= target) return b;
  return BITS[BITS.length - 1];
}

interface Choice { w: number; a: number | null }

/** Greedy allocation for a target output SQNR (see module comment). */
function allocateForOutput(input: MethodInput, targetDb: number, candidates: readonly ActivationScheme[],
  hasActs: boolean[], fixedW?: number, fixedA?: number): Choice[] {
  const layers = input.base.layers;
  const wNoise = (l: number, b: number) => noiseRatio(weightSqnr(input, l, 'fixed', b));
  const aNoise = (l: number, b: number) => noiseRatio(bestActivationScheme(input, l, b, candidates).db);
  const choice: Choice[] = layers.map((_, l) => ({ w: fixedW ?? 2, a: hasActs[l] ? fixedA ?? 2 : null }));
  const total = () => choice.reduce((s, c, l) => s + wNoise(l, c.w) + (c.a === null ? 0 : aNoise(l, c.a)), 0);
  const limit = 1 / dbToLinear(targetDb);
  const actElems = (l: number) => layers[l].macs / Math.max(layers[l].params / layers[l].filters, 1);
  for (let guard = 0; guard < layers.length * 14 && total() > limit; guard++) {
    let best: { l: number; kind: 'w' | 'a'; gain: number } | null = null;
    choice.forEach((c, l) => {
      if (fixedW === undefined && c.w < 8) {
        const gain = (wNoise(l, c.w) - wNoise(l, c.w + 1)) / Math.max(layers[l].params, 1);
        if (!best || gain > best.gain) best = { l, kind: 'w', gain };
      }
      if (fixedA === undefined && c.a !== null && c.a < 8) {
        const gain = (aNoise(l, c.a) - aNoise(l, c.a + 1)) / Math.max(actElems(l), 1);
        if (!best || gain > best.gain) best = { l, kind: 'a', gain };
      }
    });
    if (!best) break;
    const b = best as { l: number; kind: 'w' | 'a' };
    if (b.kind === 'w') choice[b.l].w++;
    else choice[b.l].a = (choice[b.l].a as number) + 1;
  }
  return choice;
}

/** MXQN config at target SQNR `targetDb` (see module comment). */
export function mxqnConfig(input: MethodInput, targetDb: number = MXQN_DEFAULT_TARGET_DB, settings: MxqnSettings = {}): StudioConfig {
  if (!Number.isFinite(targetDb)) throw new Error(`mxqn: target SQNR must be a finite number of dB, got ${String(targetDb)}`);
  const mode = settings.mode ?? 'per-layer';
  const candidates = settings.activationSchemes ?? [...ACTIVATION_SCHEMES];
  const layers = input.base.layers;
  const hasActs = layers.map((l) => Boolean(l.sweep?.activations));
  let choice: Choice[];
  if (mode === 'output') {
    choice = allocateForOutput(input, targetDb, candidates, hasActs, settings.weightBits, settings.activationBits);
  } else {
    choice = layers.map((_, l) => ({
      w: settings.weightBits ?? smallestMeeting((b) => weightSqnr(input, l, 'fixed', b), targetDb),
      a: !hasActs[l] ? null : settings.activationBits ?? smallestMeeting((b) => bestActivationScheme(input, l, b, candidates).db, targetDb),
    }));
  }
  const decided = layers.map((l, i) => {
    const c = choice[i];
    let activations: LayerActivationsConfig = floatActivations();
    if (c.a !== null) activations = { scheme: bestActivationScheme(input, i, c.a, candidates).scheme, bits: c.a };
    else if (settings.activationBits !== undefined) activations = { scheme: 'fixed', bits: settings.activationBits };
    return decideLayer(l, { scheme: 'fixed', bits: c.w, granularity: 'per-tensor' }, activations);
  });
  const noActs = hasActs.filter((h) => !h).length;
  return methodConfig(input, 'mxqn', targetDb, {
    mode, activationSchemes: candidates,
    ...(settings.activationBits !== undefined ? { activationBits: settings.activationBits } : {}),
    ...(settings.weightBits !== undefined ? { weightBits: settings.weightBits } : {}),
    ...(noActs ? { note: `${noActs} layer(s) have no activation sweep (no calibration data): activations left ${settings.activationBits ? 'fixed' : 'float'}` } : {}),
  }, decided);
}
