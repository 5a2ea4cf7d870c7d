import { describe, expect, it } from 'vitest';
import { DEFAULT_TOUR_STEPS, placeCard, tourStep } from './tour';

describe('tourStep', () => {
  it('moves forward and back and finishes after the last step', () => {
    expect(tourStep(0, 5, 'next')).toEqual({ index: 1 });
    expect(tourStep(4, 5, 'next')).toEqual({ index: 4, end: 'finished' });
    expect(tourStep(0, 5, 'back')).toEqual({ index: 0 });
    expect(tourStep(3, 5, 'back')).toEqual({ index: 2 });
    expect(tourStep(2, 5, 'skip')).toEqual({ index: 2, end: 'skipped' });
  });
  it('copes with out-of-range indices and empty tours', () => {
    expect(tourStep(9, 3, 'back')).toEqual({ index: 1 });
    expect(tourStep(0, 0, 'next')).toEqual({ index: 0, end: 'finished' });
  });
  it('walks through loading, a method, the Pareto chart, an edit and an export, pointing at documented test ids', () => {
    expect(DEFAULT_TOUR_STEPS.map((s) => s.target)).toEqual(expect.arrayContaining(['drop.input', 'method.panel', 'pareto.chart', 'layers.table', 'export.config']));
    expect(DEFAULT_TOUR_STEPS.length).toBeLessThanOrEqual(9);
    expect(DEFAULT_TOUR_STEPS.map((s) => s.target)).toContain('bitmap.canvas');
  });
});

describe('placeCard', () => {
  const card = { width: 300, height: 150 };
  const vp = { width: 1000, height: 800 };
  it('goes below the target when there is room', () => {
    expect(placeCard({ left: 100, top: 50, width: 200, height: 40 }, card, vp)).toEqual({ left: 100, top: 102, placement: 'below' });
  });
  it('goes above, then right, then left, then centre', () => {
    expect(placeCard({ left: 100, top: 600, width: 200, height: 100 }, card, vp).placement).toBe('above');
    expect(placeCard({ left: 100, top: 100, width: 200, height: 650 }, card, vp).placement).toBe('right');
    expect(placeCard({ left: 600, top: 100, width: 380, height: 650 }, card, vp).placement).toBe('left');
    expect(placeCard({ left: 0, top: 0, width: 1000, height: 800 }, card, vp).placement).toBe('center');
    expect(placeCard(null, card, vp)).toEqual({ left: 350, top: 325, placement: 'center' });
  });
  it('stays inside the viewport', () => {
    const p = placeCard({ left: 950, top: 10, width: 40, height: 20 }, card, vp);
    expect(p.left + card.width).toBeLessThanOrEqual(vp.width - 12);
    const tiny = placeCard(null, card, { width: 200, height: 100 });
    expect(tiny.left).toBe(12);
    expect(tiny.top).toBe(12);
  });
});
