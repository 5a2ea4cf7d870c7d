import { describe, expect, it } from 'vitest';
import { WEIGHT_SCHEMES } from '../../../quant/types';
import { METHOD_NOTES, SCHEME_NOTES } from './methodNotes';

describe('method notes', () => {
  it('covers uniform, MXQN, NLQ, CQ, EBS and knapsack with a formula and a paragraph', () => {
    expect(METHOD_NOTES.map((m) => m.key)).toEqual(['uniform', 'mxqn', 'nlq', 'cq', 'ebs', 'knapsack']);
    for (const m of METHOD_NOTES) {
      expect(m.formula.length).toBeGreaterThan(10);
      expect(m.paragraph.length).toBeGreaterThan(100);
    }
  });
  it('marks exactly the reconstructed methods', () => {
    expect(METHOD_NOTES.filter((m) => m.reconstruction).map((m) => m.key)).toEqual(['nlq', 'cq', 'ebs']);
  });
  it('has a note for every scheme key', () => {
    for (const s of WEIGHT_SCHEMES) expect(SCHEME_NOTES[s].scheme).toBe(s);
  });
});
