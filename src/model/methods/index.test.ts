import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shuffledScores } from './cq';
import { getMethod, isMethodName, listMethods, METHOD_LIST, METHOD_NAMES } from './index';

describe('method registry', () => {
  it('lists every method once, with a default inside its own curve range and a gradient flag', () => {
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_LIST.length);
    for (const info of listMethods()) {
      expect(info.curve.length).toBeGreaterThan(0); // w8a8 is one reference point
      expect([...info.curve].sort((a, b) => a - b)).toEqual(info.curve);
      expect(info.defaultBudget).toBeGreaterThanOrEqual(info.curve[0]);
      expect(info.defaultBudget).toBeLessThanOrEqual(info.curve[info.curve.length - 1]);
      expect(getMethod(info.name).info).toEqual(info);
    }
    expect(listMethods().filter((m) => m.needsGradients).map((m) => m.name)).toEqual(['cq', 'ebs']);
  });

  it('listMethods returns copies: editing one leaves the registry as it was', () => {
    const first = listMethods()[0];
    (first.curve as number[]).push(99);
    expect(listMethods()[0].curve).not.toContain(99);
  });

  it('an unknown name is refused with the known names', () => {
    expect(isMethodName('uniform')).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName(3)).toBe(false);
    expect(() => getMethod('gptq')).toThrow(`unknown method 'gptq' (known: ${METHOD_NAMES.join(', ')})`);
  });
});

describe('CQ control: shuffledScores', () => {
  it('permutes within each layer, keeps every layer\'s histogram, and is reproducible by seed', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 40 }), { maxLength: 5 }), fc.integer(),
      (scores, seed) => {
        const a = shuffledScores(scores, seed);
        expect(a.map((l) => [...l].sort())).toEqual(scores.map((l) => [...l].sort()));
        expect(shuffledScores(scores, seed)).toEqual(a);
      }));
  });

  it('moves scores: a 64-filter layer of distinct scores is not left in order', () => {
    const layer = Array.from({ length: 64 }, (_, i) => i);
    expect(shuffledScores([layer], 1)[0]).not.toEqual(layer);
  });
});
