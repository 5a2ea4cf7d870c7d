import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MIN_X_RATIO, MIN_Y_SPAN, covers, fitLinear, fitLog, fitWindow, formatZoomedPercent, hiddenNote, linearTicks, logTicks, onPlot,
  pixelToData, safeLogRange, selectionWindow, splitByWindow, zoomAround,
} from './paretoZoom';
import type { PlotArea, ZoomWindow } from './paretoZoom';
import { formatX } from './paretoData';

const area: PlotArea = { x: 70, y: 16, width: 500, height: 200 };
const full: ZoomWindow = { x: [1, 1000], y: [0, 100] };

/** Any number a pointer, a model or a bug could produce. */
const anyNumber = fc.oneof(fc.double(), fc.constantFrom(0, -1, NaN, Infinity, -Infinity, 1e-300, 1e300));
const anyRange = fc.tuple(anyNumber, anyNumber);

function valid(w: ZoomWindow): void {
  for (const v of [...w.x, ...w.y]) expect(Number.isFinite(v)).toBe(true);
  expect(w.x[0]).toBeGreaterThan(0);
  expect(w.x[1] / w.x[0]).toBeGreaterThanOrEqual(MIN_X_RATIO * (1 - 1e-9));
  expect(w.y[1] - w.y[0]).toBeGreaterThanOrEqual(MIN_Y_SPAN * (1 - 1e-9));
}

describe('fitting a window', () => {
  it('sorts, widens a zero-width range around its centre and shifts it inside the outer range', () => {
    expect(fitLinear([95, 95], [0, 100], 0.5)).toEqual([94.75, 95.25]);
    expect(fitLinear([98, 103], [0, 100], 1)).toEqual([95, 100]);
    expect(fitLinear([60, 40], [0, 100], 1)).toEqual([40, 60]);
    expect(fitLinear([-50, 200], [0, 100], 1)).toEqual([0, 100]);
    expect(fitLinear([NaN, 3], [0, 100], 1)).toEqual([0, 100]);
    const [lo, hi] = fitLog([50, 50], [1, 1000]);
    expect(hi / lo).toBeCloseTo(MIN_X_RATIO, 9);
    expect(Math.sqrt(lo * hi)).toBeCloseTo(50, 9);
  });
  it('never lets x ≤ 0 or a NaN reach a log domain', () => {
    expect(safeLogRange([0, 10])).toEqual([1, 10]);
    expect(safeLogRange([-5, 10])).toEqual([1, 10]);
    expect(safeLogRange([4, 4])).toEqual([2, 8]);
    expect(fitLog([0, 10], [1, 1000])).toEqual([1, 1000]);
    expect(fitLog([2, 20], [-1, 0])).toEqual([1, 10]);
  });
  it('any input fits into a valid window inside the outer one (property)', () => {
    fc.assert(fc.property(anyRange, anyRange, (x, y) => {
      const w = fitWindow({ x, y }, full);
      valid(w);
      expect(w.x[0]).toBeGreaterThanOrEqual(1 * (1 - 1e-12));
      expect(w.x[1]).toBeLessThanOrEqual(1000 * (1 + 1e-12));
      expect(w.y[0]).toBeGreaterThanOrEqual(0);
      expect(w.y[1]).toBeLessThanOrEqual(100);
    }));
  });
});

describe('pixels to data', () => {
  it('maps the plot corners to the window corners on a log x axis, clamped to the plot', () => {
    expect(pixelToData({ px: 70, py: 16 }, area, full)).toEqual({ x: 1, y: 100 });
    const mid = pixelToData({ px: 320, py: 116 }, area, full)!;
    expect(mid.x).toBeCloseTo(Math.sqrt(1000), 9);
    expect(mid.y).toBeCloseTo(50, 9);
    expect(pixelToData({ px: 9999, py: -50 }, area, full)).toEqual({ x: 1000, y: 100 });
    expect(pixelToData({ px: 100, py: 100 }, { ...area, width: 0 }, full)).toBeNull();
    expect(pixelToData({ px: NaN, py: 100 }, area, full)).toBeNull();
    expect(onPlot({ px: 69, py: 50 }, area)).toBe(false);
    expect(onPlot({ px: 70, py: 50 }, area)).toBe(true);
    expect(onPlot({ px: 100, py: 50 }, null)).toBe(false);
  });
  it('a drag selects a box, a band, or nothing for a click', () => {
    expect(selectionWindow({ px: 100, py: 100 }, { px: 103, py: 102 }, area, full)).toBeNull();
    const box = selectionWindow({ px: 320, py: 16 }, { px: 70, py: 116 }, area, full)!;
    expect(box.kind).toBe('box');
    expect(box.window.x[0]).toBeCloseTo(1, 9);
    expect(box.window.x[1]).toBeCloseTo(Math.sqrt(1000), 9);
    expect(box.window.y).toEqual([50, 100]);
    const xBand = selectionWindow({ px: 70, py: 100 }, { px: 320, py: 102 }, area, full)!;
    expect(xBand.kind).toBe('x-band');
    expect(xBand.window.y).toEqual([0, 100]);
    const yBand = selectionWindow({ px: 200, py: 16 }, { px: 200, py: 66 }, area, full)!;
    expect(yBand.kind).toBe('y-band');
    expect(yBand.window).toEqual({ x: [1, 1000], y: [75, 100] });
  });
  it('every drag, fitted, gives a valid window inside the one it was drawn on (property)', () => {
    const px = fc.oneof(fc.double({ min: -100, max: 800, noNaN: true }), fc.constant(NaN));
    fc.assert(fc.property(px, px, px, px, (ax, ay, bx, by) => {
      const sel = selectionWindow({ px: ax, py: ay }, { px: bx, py: by }, area, full);
      if (!sel) return;
      const w = fitWindow(sel.window, full);
      valid(w);
      expect(covers(full, w)).toBe(true);
    }));
  });
});

describe('zooming around a point', () => {
  it('halves the span around the centre and keeps a point at its place on screen', () => {
    const w: ZoomWindow = { x: [1, 100], y: [80, 100] };
    const z = zoomAround(w, full, null, 0.5);
    expect(z.x[0]).toBeCloseTo(10 ** 0.5, 9);
    expect(z.x[1]).toBeCloseTo(10 ** 1.5, 9);
    expect(z.y).toEqual([85, 95]);
    const at = zoomAround(w, full, { x: 10, y: 90 }, 0.5);
    expect(at.y).toEqual([85, 95]);
    const edge = zoomAround(w, full, { x: 1, y: 100 }, 0.5);
    expect(edge.x[0]).toBeCloseTo(1, 9);
    expect(edge.y[1]).toBe(100);
  });
  it('zooming out stops at the outer window, and bad factors or centres change nothing unsafe', () => {
    const out = zoomAround({ x: [10, 100], y: [90, 95] }, full, null, 1000);
    expect(out).toEqual(full);
    expect(covers(out, full)).toBe(true);
    valid(zoomAround({ x: [10, 100], y: [90, 95] }, full, { x: -3, y: NaN }, NaN));
  });
  it('in then out by the same factor is the window again (property)', () => {
    const lo = fc.double({ min: 2, max: 50, noNaN: true });
    const ratio = fc.double({ min: 2, max: 10, noNaN: true });
    const y0 = fc.double({ min: 10, max: 80, noNaN: true });
    fc.assert(fc.property(lo, ratio, y0, (a, r, y) => {
      const w: ZoomWindow = { x: [a, a * r], y: [y, y + 10] };
      const back = zoomAround(zoomAround(w, full, null, 0.5), full, null, 2);
      expect(back.x[0]).toBeCloseTo(w.x[0], 6);
      expect(back.x[1]).toBeCloseTo(w.x[1], 6);
      expect(back.y[0]).toBeCloseTo(w.y[0], 6);
    }));
  });
});

describe('which points are inside', () => {
  it('splits points into inside and each side, a corner point counted once by y', () => {
    const w: ZoomWindow = { x: [10, 100], y: [90, 100] };
    const pts = [{ x: 10, y: 90 }, { x: 50, y: 95 }, { x: 5, y: 95 }, { x: 200, y: 95 }, { x: 50, y: 40 }, { x: 5, y: 40 }, { x: 50, y: 100.5 }];
    const s = splitByWindow(pts, w);
    expect(s.inside).toEqual([{ x: 10, y: 90 }, { x: 50, y: 95 }]);
    expect([s.below, s.above, s.left, s.right]).toEqual([2, 1, 1, 1]);
    expect(hiddenNote(s, w, (v) => `${v} KB`, (v) => String(v))).toBe('5 points outside the view: 2 below 90 %, 1 above 100 %, 1 left of 10 KB, 1 right of 100 KB');
    expect(hiddenNote({ below: 0, above: 0, left: 0, right: 1 }, w, String, String)).toBe('1 point outside the view: 1 right of 100');
    expect(hiddenNote(splitByWindow([{ x: 20, y: 95 }], w), w, String, String)).toBeNull();
  });
  it('every point is either inside or counted once (property)', () => {
    const pt = fc.record({ x: fc.double({ min: 0.1, max: 1e4, noNaN: true }), y: fc.double({ min: 0, max: 100, noNaN: true }) });
    fc.assert(fc.property(fc.array(pt, { maxLength: 30 }), anyRange, anyRange, (pts, x, y) => {
      const w = fitWindow({ x, y }, full);
      const s = splitByWindow(pts, w);
      expect(s.inside.length + s.below + s.above + s.left + s.right).toBe(pts.length);
      for (const p of s.inside) {
        expect(p.y).toBeGreaterThanOrEqual(w.y[0] - 1e-6);
        expect(p.x).toBeLessThanOrEqual(w.x[1] * (1 + 1e-6));
      }
    }));
  });
});

describe('ticks of a zoomed range', () => {
  it('gives round linear ticks at any scale', () => {
    expect(linearTicks([90, 100])).toEqual([90, 92, 94, 96, 98, 100]);
    expect(linearTicks([92.3, 93.1])).toEqual([92.4, 92.6, 92.8, 93]);
    expect(linearTicks([5, 5])).toEqual([5]);
    expect(linearTicks([NaN, 5])).toEqual([]);
    expect(formatZoomedPercent(92.4, [92.3, 93.1])).toBe('92.4');
    expect(formatZoomedPercent(98, [93, 99.7])).toBe('98');
    expect(formatZoomedPercent(92.45, [92.4, 92.5])).toBe('92.45');
    expect(formatZoomedPercent(92.4, [90, 91.5])).toBe('92.4');
    expect(formatZoomedPercent(NaN, [90, 95])).toBe('n/a');
  });
  it('gives 1-2-5 log ticks over decades and round ticks in a narrow log range', () => {
    expect(logTicks([20, 2000])).toEqual([20, 50, 100, 200, 500, 1000, 2000]);
    expect(logTicks([100, 130])).toEqual([100, 110, 120, 130]);
    expect(logTicks([0, -4])).toEqual([1, 2, 5, 10]);
  });
  it('a fitted window always gets 2 or more distinct finite ticks inside it, in order (property)', () => {
    fc.assert(fc.property(anyRange, anyRange, (x, y) => {
      const w = fitWindow({ x, y }, { x: [0.01, 1e12], y: [0, 100] });
      for (const [ticks, r] of [[logTicks(w.x), w.x], [linearTicks(w.y), w.y]] as const) {
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        for (const t of ticks) {
          expect(Number.isFinite(t)).toBe(true);
          expect(t).toBeGreaterThanOrEqual(r[0] * (1 - 1e-9) - 1e-9);
          expect(t).toBeLessThanOrEqual(r[1] * (1 + 1e-9) + 1e-9);
        }
        for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBeGreaterThan(ticks[i - 1]);
      }
      // The y tick labels read differently from each other.
      const labels = linearTicks(w.y).map((t) => formatZoomedPercent(t, w.y));
      expect(new Set(labels).size).toBe(labels.length);
      // …and so do the x tick labels, in KB and in BitOPs.
      for (const axis of ['size', 'bitops'] as const) {
        const xl = logTicks(w.x).map((t) => formatX(t, axis));
        expect(new Set(xl).size).toBe(xl.length);
      }
    }));
  });
  it('the narrowest windows still get distinct x labels (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 1e12, noNaN: true }), fc.double({ min: MIN_X_RATIO, max: 1.6, noNaN: true }), (lo, r) => {
      const ticks = logTicks([lo, lo * r]);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      for (const axis of ['size', 'bitops'] as const) {
        const xl = ticks.map((t) => formatX(t, axis));
        expect(new Set(xl).size).toBe(xl.length);
      }
    }));
  });
});
