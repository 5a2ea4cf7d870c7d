import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyParts, rowWindow } from './rowWindow';

/** The row indices a list of body parts draws, and the rows' worth of height it fills. */
function drawn(parts: ReturnType<typeof bodyParts>): { rows: number[]; height: number } {
  const rows: number[] = [];
  let height = 0;
  for (const p of parts) {
    if ('gap' in p) height += p.gap;
    else for (let i = p.rows[0]; i < p.rows[1]; i++) { rows.push(i); height += 1; }
  }
  return { rows, height };
}

describe('rowWindow', () => {
  it('covers every row any pixel of the view shows, and stays inside the table', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 20000 }), (count, height, top) => {
      const scroll = Math.min(top, Math.max(0, count * 37 - height));
      const { first, end } = rowWindow(scroll, height, count, 37);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(end).toBeLessThanOrEqual(count);
      expect(first).toBeLessThanOrEqual(end);
      if (count === 0) return;
      expect(first).toBeLessThanOrEqual(Math.floor(scroll / 37));
      expect(end).toBeGreaterThan(Math.min(count - 1, Math.floor((scroll + height - 1) / 37)));
      expect(end - first).toBeLessThanOrEqual(Math.ceil(height / 37) + 14);
    }));
  });

  it('draws a few rows before the view is measured, and short tables whole', () => {
    expect(rowWindow(0, 0, 74)).toEqual({ first: 0, end: 24 });
    expect(rowWindow(0, 630, 5)).toEqual({ first: 0, end: 5 });
    expect(rowWindow(370, 630, 74, 37)).toEqual({ first: 4, end: 34 });
    expect(rowWindow(1e6, 630, 74, 37)).toEqual({ first: 74, end: 74 });
  });
});

describe('bodyParts', () => {
  it('draws the window and the kept row once each, in order, with gaps making up every row', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 60 }), fc.option(fc.integer({ min: -2, max: 210 })), (count, a, n, keep) => {
      const first = Math.min(a, count);
      const end = Math.min(count, first + n);
      const parts = bodyParts(first, end, count, keep);
      const { rows, height } = drawn(parts);
      expect(height).toBe(count);
      const want = new Set<number>();
      for (let i = first; i < end; i++) want.add(i);
      if (keep !== null && keep >= 0 && keep < count) want.add(keep);
      expect(rows).toEqual([...want].sort((x, y) => x - y));
      // No two gaps or two runs in a row.
      for (let i = 1; i < parts.length; i++) expect('gap' in parts[i]).not.toBe('gap' in parts[i - 1]);
    }));
  });

  it('example: a kept row above the window', () => {
    expect(bodyParts(10, 20, 40, 2)).toEqual([{ gap: 2 }, { rows: [2, 3] }, { gap: 7 }, { rows: [10, 20] }, { gap: 20 }]);
    expect(bodyParts(10, 20, 40, 20)).toEqual([{ gap: 10 }, { rows: [10, 21] }, { gap: 19 }]);
    expect(bodyParts(0, 5, 5, 0)).toEqual([{ rows: [0, 5] }]);
  });
});
