import { describe, expect, it } from 'vitest';
import { claimVerdictLine } from './claimVerdicts';

describe('claim verdicts for the teaching panel', () => {
  it('has a verdict per demo model for each claimed method, none for a method without a claim', () => {
    for (const m of ['mxqn', 'cq', 'nlq', 'ebs']) expect(claimVerdictLine(m)).toMatch(/^lenet: (reproduced|not reproduced|inconclusive)/);
    expect(claimVerdictLine('uniform')).toBeNull();
  });
});
