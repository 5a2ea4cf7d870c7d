/**
 * The image sets a method run uses — what it is evaluated on, what calibrates the
 * activations, what CQ and EBS learn and check on — built in one place for the page's
 * worker and the CLI, from whichever data the user chose:
 *
 * - **demo digits**: evaluated on the test split (or a class-balanced part of it when fewer
 *   are asked for); activations calibrated on class-balanced train digits; CQ/EBS learn on
 *   the train split and CQ checks its ε on 500 balanced train digits. No test digit is used
 *   for anything but the reported figures.
 * - **the user's images**: the first N are evaluated, the first C calibrate (the folder
 *   order interleaves classes, so both are balanced); labelled images also train and
 *   validate CQ/EBS — the same images, so those figures are optimistic (`learnsOnEvaluation`).
 * - **synthetic inputs** of the model's input shape when no data fits it: fidelity only
 *   (agreement, output SQNR), evaluation and calibration from different seeds.
 *
 * The ids name the images for caches and for the config's record of what was used.
 */
import { selectSplit, takeBalanced, type MnistDataset } from '../data/mnistBinary';
import type { EvaluationData } from './evaluate';
import type { MethodData } from './methods';
import { SYNTHETIC_SEED, syntheticInputs } from './synthetic';

interface SetSizes {
  /** Images to evaluate on (default: all there are). */
  evaluation?: number;
  /** Images that calibrate the activations (64 unless told). */
  calibration?: number;
  /** Build the train / validation sets too (CQ, EBS)? They cost memory: demo = 8,000 digits. */
  learning?: boolean;
}

export const DEFAULT_CALIBRATION = 64;
/** CQ's ε is checked on this many balanced train digits. */
const DEMO_VALIDATION = 500;

const asSet = (id: string, d: { images: Float32Array; labels: Uint8Array; count: number }): EvaluationData =>
  ({ id, images: d.images, labels: d.labels, count: d.count });

/** Sets from the demo digits (see module comment). */
export function demoSets(ds: MnistDataset, sizes: SetSizes = {}): MethodData {
  const testAll = selectSplit(ds, 'test');
  const n = Math.min(sizes.evaluation ?? testAll.count, testAll.count);
  const test = n === testAll.count ? testAll : takeBalanced(ds, n, 'test');
  const cal = takeBalanced(ds, sizes.calibration ?? DEFAULT_CALIBRATION, 'train');
  const data: MethodData = {
    evaluation: asSet(`demo:mnist:test:${test.count}`, test),
    calibration: { id: `demo:mnist:train-balanced:${cal.count}`, images: cal.images, count: cal.count },
  };
  if (!sizes.learning) return data;
  const train = selectSplit(ds, 'train');
  const validation = takeBalanced(ds, DEMO_VALIDATION, 'train');
  return { ...data, train: asSet(`demo:mnist:train:${train.count}`, train), validation: asSet(`demo:mnist:train-balanced:${validation.count}`, validation) };
}

/** Sets from the user's images, already fitted to the model input (see module comment). */
export function imageSets(all: EvaluationData, sizes: SetSizes = {}): MethodData {
  const per = all.images.length / Math.max(all.count, 1);
  const n = Math.min(sizes.evaluation ?? all.count, all.count);
  const c = Math.min(sizes.calibration ?? DEFAULT_CALIBRATION, all.count);
  const evaluation = n === all.count ? all
    : { id: `${all.id}:first${n}`, images: all.images.subarray(0, n * per), labels: all.labels?.subarray(0, n) ?? null, count: n };
  return {
    evaluation,
    ...(sizes.learning && all.labels ? { train: all, validation: all } : {}),
    calibration: { id: `${all.id}:first${c}`, images: all.images.subarray(0, c * per), count: c },
  };
}

/** Whether CQ/EBS would learn on the very images they are evaluated on (the figures are then optimistic). */
export function learnsOnEvaluation(data: MethodData): boolean {
  return data.train !== undefined && data.train.id === data.evaluation.id;
}

/** Seeded synthetic inputs of one example's shape `dims` (see module comment). */
export function syntheticSets(dims: readonly number[], sizes: { evaluation: number; calibration?: number }): MethodData {
  const n = sizes.evaluation;
  const c = sizes.calibration ?? DEFAULT_CALIBRATION;
  return {
    evaluation: { id: `synthetic:${SYNTHETIC_SEED + 1}:${n}`, images: syntheticInputs(dims, n, SYNTHETIC_SEED + 1), labels: null, count: n },
    calibration: { id: `synthetic:${SYNTHETIC_SEED}:${c}`, images: syntheticInputs(dims, c), count: c },
  };
}
