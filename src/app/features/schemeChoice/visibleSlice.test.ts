import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visibleSlice } from './visibleSlice';

describe('visibleSlice', () => {
  it('covers every layer any pixel of the view shows, and stays inside the chart', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 30000 }), (count, width, left) => {
      const px = 88;
      const scroll = Math.min(left, Math.max(0, count * px - width));
      const { first, end } = visibleSlice(scroll, width, count, px);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(end).toBeLessThanOrEqual(count);
      if (count === 0) return;
      const firstShown = Math.floor(scroll / px);
      const lastShown = Math.min(count - 1, Math.floor((scroll + width - 1) / px));
      expect(first).toBeLessThanOrEqual(firstShown);
      expect(end).toBeGreaterThan(lastShown);
      expect(end - first).toBeLessThanOrEqual(Math.max(5, Math.ceil(width / px) + 2));
    }));
  });

  it('draws a few layers before the view is measured, and small charts whole', () => {
    expect(visibleSlice(0, 0, 74, 88)).toEqual({ first: 0, end: 12 });
    expect(visibleSlice(0, 900, 3, 88)).toEqual({ first: 0, end: 3 });
    expect(visibleSlice(880, 400, 74, 88)).toEqual({ first: 9, end: 16 });
    expect(visibleSlice(1e6, 400, 74, 88)).toEqual({ first: 67, end: 74 });
  });
});
