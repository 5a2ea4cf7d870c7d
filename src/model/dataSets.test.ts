import { describe, expect, it } from 'vitest';
import { encodeMnistBinary, parseMnistBinary, PIXELS_PER_IMAGE } from '../data/mnistBinary';
import { demoSets, imageSets, learnsOnEvaluation, syntheticSets } from './dataSets';
import { SYNTHETIC_SEED, syntheticInputs } from './synthetic';

/** 30 train + 10 test digits, 4 of each class in train order; pixel value = sample index (identifies it). */
const ds = parseMnistBinary(encodeMnistBinary(Array.from({ length: 40 }, (_, i) => ({
  label: i % 10, split: i < 30 ? 0 : 1, pixels: new Uint8Array(PIXELS_PER_IMAGE).fill(i),
}))).buffer);
const sampleIds = (images: Float32Array) => Array.from({ length: images.length / PIXELS_PER_IMAGE }, (_, k) => Math.round(images[k * PIXELS_PER_IMAGE] * 255));

describe('demoSets', () => {
  it('evaluates on the test split only; calibration, train and validation come from the train split', () => {
    const d = demoSets(ds, { calibration: 12, learning: true });
    expect(d.evaluation.id).toBe('demo:mnist:test:10');
    expect(sampleIds(d.evaluation.images)).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    expect(d.calibration!.id).toBe('demo:mnist:train-balanced:12');
    for (const set of [d.calibration!, d.train!, d.validation!]) expect(sampleIds(set.images).every((i) => i < 30)).toBe(true);
    // Balanced calibration: the first 10 are one of each class.
    expect(new Set(sampleIds(d.calibration!.images).slice(0, 10).map((i) => i % 10)).size).toBe(10);
    expect(d.train!.id).toBe('demo:mnist:train:30');
    expect(d.validation!.id).toBe('demo:mnist:train-balanced:30');
    expect(learnsOnEvaluation(d)).toBe(false);
  });

  it('fewer evaluation images = a balanced part of the test split; no learning sets unless asked', () => {
    const d = demoSets(ds, { evaluation: 5 });
    expect(d.evaluation.id).toBe('demo:mnist:test:5');
    expect(Array.from(d.evaluation.labels!)).toEqual([0, 1, 2, 3, 4]);
    expect(d.calibration!.count).toBe(30);
    expect(d.train).toBeUndefined();
    expect(d.validation).toBeUndefined();
  });
});

describe('imageSets', () => {
  const all = { id: 'folder:pets:6', images: Float32Array.from({ length: 12 }, (_, i) => i), labels: Uint8Array.from([0, 1, 0, 1, 0, 1]), count: 6 };

  it('labelled images learn on themselves (flagged), the first C calibrate', () => {
    const d = imageSets(all, { calibration: 4, learning: true });
    expect(d.evaluation).toBe(all);
    expect(d.train).toBe(all);
    expect(d.calibration).toEqual({ id: 'folder:pets:6:first4', images: all.images.subarray(0, 8), count: 4 });
    expect(learnsOnEvaluation(d)).toBe(true);
  });

  it('the first N evaluate; unlabelled images have nothing to learn from', () => {
    const d = imageSets({ ...all, labels: null }, { evaluation: 3, learning: true });
    expect(d.evaluation).toEqual({ id: 'folder:pets:6:first3', images: all.images.subarray(0, 6), labels: null, count: 3 });
    expect(d.calibration!.count).toBe(6);
    expect(d.train).toBeUndefined();
    expect(learnsOnEvaluation(d)).toBe(false);
  });
});

describe('syntheticSets', () => {
  it('evaluation and calibration from different seeds, named by seed and count', () => {
    const d = syntheticSets([2, 2, 1], { evaluation: 3, calibration: 2 });
    expect(d.evaluation.id).toBe(`synthetic:${SYNTHETIC_SEED + 1}:3`);
    expect(d.evaluation.labels).toBeNull();
    expect(d.evaluation.images).toEqual(syntheticInputs([2, 2, 1], 3, SYNTHETIC_SEED + 1));
    expect(d.calibration).toEqual({ id: `synthetic:${SYNTHETIC_SEED}:2`, images: syntheticInputs([2, 2, 1], 2), count: 2 });
    expect(d.calibration!.images).not.toEqual(d.evaluation.images.subarray(0, 8));
  });
});
