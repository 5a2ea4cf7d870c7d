import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_CELL_W, MAX_CELL_W, ROW_H, RULER_H, cellWidthLimits, clampScroll, hitTest, initialCellWidth,
  fractionStep, moveCursor, pixelSpan, rangeBetween, revealScroll, rowCellWidths, rulerStep, zoomAround,
} from './viewport';

describe('zoom limits', () => {
  it('zooms out to fit every filter and in to MAX_CELL_W', () => {
    expect(cellWidthLimits(800, 2048)).toEqual({ min: 800 / 2048, max: MAX_CELL_W });
    expect(cellWidthLimits(800, 4)).toEqual({ min: MAX_CELL_W, max: MAX_CELL_W });
    expect(cellWidthLimits(0, 0).min).toBe(MAX_CELL_W);
  });
  it('opens at the default width or narrower so that all filters fit', () => {
    expect(initialCellWidth(800, 10)).toBe(DEFAULT_CELL_W);
    expect(initialCellWidth(800, 2000)).toBeCloseTo(0.4);
  });
});

describe('zoomAround', () => {
  it('keeps the filter under the anchor in place', () => {
    const z = zoomAround({ cellW: 10, scrollX: 100 }, 2, 50, 400, 1000);
    expect(z).toEqual({ cellW: 20, scrollX: 250 });
  });
  it('keeps the anchor fixed for any factor while unclamped (property)', () => {
    fc.assert(fc.property(
      fc.double({ min: 1, max: 20, noNaN: true }), fc.double({ min: 0.5, max: 2, noNaN: true }),
      fc.double({ min: 0, max: 400, noNaN: true }),
      (cellW, factor, anchor) => {
        const columns = 10_000;
        const viewW = 400;
        const scrollX = 2000;
        const z = zoomAround({ cellW, scrollX }, factor, anchor, viewW, columns);
        const newW = Math.min(MAX_CELL_W, Math.max(viewW / columns, cellW * factor));
        expect(z.cellW).toBeCloseTo(newW, 9);
        const before = (scrollX + anchor) / cellW;
        const after = (z.scrollX + anchor) / z.cellW;
        if (z.scrollX > 0 && z.scrollX < columns * z.cellW - viewW) expect(after).toBeCloseTo(before, 6);
      },
    ));
  });
  it('clamps zoom and scroll', () => {
    const out = zoomAround({ cellW: 40, scrollX: 0 }, 10, 0, 400, 100);
    expect(out.cellW).toBe(MAX_CELL_W);
    const fit = zoomAround({ cellW: 4, scrollX: 300 }, 0.001, 200, 400, 200);
    expect(fit).toEqual({ cellW: 2, scrollX: 0 });
  });
  it('clampScroll keeps the window inside the content', () => {
    expect(clampScroll(900, 1000, 300)).toBe(700);
    expect(clampScroll(-5, 1000, 300)).toBe(0);
    expect(clampScroll(50, 100, 300)).toBe(0);
  });
});

describe('hitTest', () => {
  const view = { cellW: 10, scrollX: 0, scrollY: 0 };
  const filters = [4, 2];
  it('finds the cell under a point', () => {
    expect(hitTest(5, RULER_H + 1, view, filters)).toEqual({ layer: 0, filter: 0 });
    expect(hitTest(35, RULER_H + 1, view, filters)).toEqual({ layer: 0, filter: 3 });
    expect(hitTest(15, RULER_H + ROW_H + 2, view, filters)).toEqual({ layer: 1, filter: 1 });
  });
  it('returns null over the ruler, past a short layer, or past the last row', () => {
    expect(hitTest(5, RULER_H - 1, view, filters)).toBeNull();
    expect(hitTest(35, RULER_H + ROW_H + 2, view, filters)).toBeNull();
    expect(hitTest(5, RULER_H + 2 * ROW_H + 1, view, filters)).toBeNull();
    expect(hitTest(-1, RULER_H + 1, view, filters)).toBeNull();
  });
  it('accounts for scrolling', () => {
    expect(hitTest(5, RULER_H + 1, { cellW: 10, scrollX: 10, scrollY: ROW_H }, filters)).toEqual({ layer: 1, filter: 1 });
    expect(hitTest(5, RULER_H + 1, { cellW: 10, scrollX: 20, scrollY: ROW_H }, filters)).toBeNull();
  });
});

describe('pixelSpan', () => {
  it('takes the filter under the pixel centre when zoomed in', () => {
    expect(pixelSpan(10, 4)).toEqual([2, 3]);
    expect(pixelSpan(11, 4)).toEqual([2, 3]);
    expect(pixelSpan(12, 4)).toEqual([3, 4]);
  });
  it('covers every filter under the pixel when zoomed out', () => {
    expect(pixelSpan(10, 0.25)).toEqual([40, 44]);
    expect(pixelSpan(0, 0.3)).toEqual([0, 4]);
  });
  it('never skips a filter across consecutive pixels (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), (cellW) => {
      let next = 0;
      for (let p = 0; p < 50; p++) {
        const [from, to] = pixelSpan(p, cellW);
        expect(from).toBeLessThanOrEqual(next);
        expect(to).toBeGreaterThan(from);
        next = to;
      }
    }));
  });
});

describe('ruler, reveal, ranges, cursor', () => {
  it('picks 1-2-5 ruler steps at least 60 px apart', () => {
    expect(rulerStep(12)).toBe(5);
    expect(rulerStep(0.4)).toBe(200);
    expect(rulerStep(48)).toBe(2);
    expect(rulerStep(60)).toBe(1);
  });
  it('reveals an item with minimal scrolling', () => {
    expect(revealScroll(30, 10, 0, 200)).toBe(110);
    expect(revealScroll(2, 10, 50, 200)).toBe(20);
    expect(revealScroll(10, 10, 50, 200)).toBe(50);
  });
  it('normalises a brush into an inclusive ascending range', () => {
    expect(rangeBetween({ layer: 3, filter: 9 }, { layer: 1, filter: 2 })).toEqual({
      layerStart: 1, layerEnd: 3, filterStart: 2, filterEnd: 9,
    });
  });
  it('moves the keyboard cursor inside existing cells', () => {
    const filters = [8, 3];
    expect(moveCursor(null, 0, 0, filters)).toEqual({ layer: 0, filter: 0 });
    expect(moveCursor({ layer: 0, filter: 7 }, 1, 0, filters)).toEqual({ layer: 1, filter: 2 });
    expect(moveCursor({ layer: 1, filter: 0 }, 5, -4, filters)).toEqual({ layer: 1, filter: 0 });
    expect(moveCursor({ layer: 0, filter: 0 }, 0, 1e9, filters)).toEqual({ layer: 0, filter: 7 });
    expect(moveCursor(null, 0, 0, [])).toBeNull();
  });
});

describe('row layouts', () => {
  it('gives every row the same cell width by index, or stretches rows to the full width', () => {
    expect(rowCellWidths([4, 16], 2, 'index')).toEqual([2, 2]);
    expect(rowCellWidths([4, 16], 2, 'stretch')).toEqual([8, 2]);
    expect(rowCellWidths([0, 16], 2, 'stretch')).toEqual([2, 2]);
  });
  it('hit-tests with per-row widths', () => {
    const widths = rowCellWidths([4, 16], 2, 'stretch');
    const view = { cellW: widths, scrollX: 0, scrollY: 0 };
    expect(hitTest(31, RULER_H + 1, view, [4, 16])).toEqual({ layer: 0, filter: 3 });
    expect(hitTest(31, RULER_H + ROW_H + 1, view, [4, 16])).toEqual({ layer: 1, filter: 15 });
  });
  it('picks fraction ruler steps at least 60 px apart', () => {
    expect(fractionStep(800)).toBe(0.1);
    expect(fractionStep(200)).toBe(0.5);
    expect(fractionStep(50)).toBe(1);
    expect(fractionStep(10000)).toBe(0.01);
  });
});
