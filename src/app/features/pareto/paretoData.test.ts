import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  METHOD_ORDER, METHOD_STYLES, buildSeries, interestingDomain, methodStyles, separateOverlaps, formatBitops, formatKB, formatPercent, formatX, logAxis, methodStyle,
  paretoFront, percentDomain, percentTicks, xOf,
} from './paretoData';
import type { ParetoPoint } from './paretoData';

const pt = (id: string, sizeBytes: number, accuracy: number | null, extra: Partial<ParetoPoint> = {}): ParetoPoint => ({
  id, method: 'uniform', sizeBytes, bitops: sizeBytes * 10, accuracy, ...extra,
});

describe('paretoFront', () => {
  it('keeps non-dominated points sorted by size', () => {
    const pts = [pt('a', 10, 0.9), pt('b', 20, 0.95), pt('c', 15, 0.85), pt('d', 30, 0.95), pt('e', 40, 0.97)];
    expect(paretoFront(pts).map((p) => p.id)).toEqual(['a', 'b', 'e']);
  });
  it('handles empty input, nulls, NaN and duplicates', () => {
    expect(paretoFront([])).toEqual([]);
    expect(paretoFront([pt('a', 10, null), pt('b', 10, NaN)])).toEqual([]);
    expect(paretoFront([pt('a', 10, 0.9), pt('b', 10, 0.9)]).map((p) => p.id)).toEqual(['a']);
    expect(paretoFront([pt('a', 10, 0.8), pt('b', 10, 0.9)]).map((p) => p.id)).toEqual(['b']);
  });
  it('can use BitOPs and agreement', () => {
    const pts = [
      pt('a', 10, 0.5, { bitops: 500, agreement: 0.99 }),
      pt('b', 20, 0.9, { bitops: 100, agreement: 0.98 }),
    ];
    expect(paretoFront(pts, { x: 'bitops', metric: 'agreement' }).map((p) => p.id)).toEqual(['b', 'a']);
    expect(paretoFront(pts, { metric: 'agreement' }).map((p) => p.id)).toEqual(['a']);
  });
  it('no returned point is dominated and every other point is (property)', () => {
    const arb = fc.array(fc.record({ s: fc.integer({ min: 1, max: 50 }), a: fc.integer({ min: 0, max: 20 }) }), { maxLength: 40 });
    fc.assert(fc.property(arb, (rows) => {
      const pts = rows.map((r, i) => pt(String(i), r.s, r.a / 20));
      const front = paretoFront(pts);
      const dominates = (p: ParetoPoint, q: ParetoPoint) =>
        p.sizeBytes <= q.sizeBytes && p.accuracy! >= q.accuracy! && (p.sizeBytes < q.sizeBytes || p.accuracy! > q.accuracy!);
      for (const f of front) expect(pts.some((p) => dominates(p, f))).toBe(false);
      for (const p of pts) {
        if (front.includes(p)) continue;
        expect(front.some((f) => dominates(f, p) || (f.sizeBytes === p.sizeBytes && f.accuracy === p.accuracy))).toBe(true);
      }
      for (let i = 1; i < front.length; i++) expect(front[i].sizeBytes).toBeGreaterThan(front[i - 1].sizeBytes);
    }));
  });
});

describe('series and styles', () => {
  it('has a distinct colour for every known method', () => {
    const colours = METHOD_ORDER.map((m) => METHOD_STYLES[m].color);
    expect(new Set(colours).size).toBe(METHOD_ORDER.length);
    expect(methodStyle('something-new')).toMatchObject({ label: 'Something new' });
  });
  it('gives every method, known or new, its own marker and a readable name', () => {
    const methods = [...METHOD_ORDER, 'log-per-layer', 'random-bits', 'hawq-control'];
    const styles = methodStyles(methods, { 'random-bits': 'Random bits (control)' });
    const markers = methods.map((m) => `${styles.get(m)!.shape}|${styles.get(m)!.hollow ? 'o' : 'f'}`);
    expect(new Set(markers).size).toBe(methods.length);
    expect(styles.get('log-per-layer')!.label).toBe('Log per layer (NLQ baseline)');
    expect(styles.get('random-bits')!.label).toBe('Random bits (control)');
    expect(styles.get('hawq-control')!.label).toBe('Hawq control');
    for (const m of methods) expect(styles.get(m)!.label).not.toMatch(/-/);
  });
  it('groups by method in a fixed order, in percent, counting skipped points', () => {
    const pts = [
      pt('1', 100, 0.5, { method: 'mxqn' }), pt('2', 200, 0.7, { method: 'uniform' }),
      pt('3', 300, null, { method: 'cq' }), pt('4', 0, 0.9, { method: 'cq' }), pt('5', 50, 0.6, { method: 'zzz' }),
    ];
    const { series, skipped } = buildSeries(pts, 'size', 'accuracy');
    expect(series.map((s) => s.method)).toEqual(['uniform', 'mxqn', 'zzz']);
    expect(series[1].data[0]).toMatchObject({ x: 100 / 1024, y: 50 });
    expect(skipped).toBe(2);
  });
});

describe('axes and units', () => {
  it('makes 1-2-5 log ticks inside a padded domain', () => {
    const { domain, ticks } = logAxis(30_000, 400_000);
    expect(domain[0]).toBeCloseTo(30_000 / 1.1);
    expect(domain[1]).toBeCloseTo(440_000);
    expect(ticks).toEqual([50_000, 100_000, 200_000]);
    expect(logAxis(NaN, 5).domain).toEqual([1, 10]);
    const same = logAxis(1000, 1000);
    expect(same.domain[0]).toBeLessThan(1000);
    expect(same.domain[1]).toBeGreaterThan(1000);
    expect(same.ticks.length).toBeGreaterThanOrEqual(2);
  });
  it('pads the percent domain', () => {
    expect(percentDomain([72.4, 98.9])).toEqual([65, 100]);
    expect(percentDomain([])).toEqual([0, 100]);
    expect(percentDomain([2])).toEqual([0, 5]);
  });
  it('formats sizes, BitOPs and percentages without NaN', () => {
    expect(formatKB(2048)).toBe('2 KB');
    expect(formatKB(50_000)).toBe('48.8 KB');
    expect(percentTicks([65, 100])).toEqual([70, 80, 90, 100]);
    expect(percentTicks([80, 100])).toEqual([80, 85, 90, 95, 100]);
    expect(percentTicks([0, 100])).toEqual([0, 20, 40, 60, 80, 100]);
    expect(percentTicks([40, 85])).toEqual([40, 50, 60, 70, 80]);
    expect(formatKB(3_500_000)).toBe('3418 KB');
    expect(formatX(50, 'size')).toBe('50 KB');
    expect(formatX(0.5, 'size')).toBe('0.5 KB');
    expect(formatX(2e6, 'bitops')).toBe('2.00 M');
    expect(xOf({ sizeBytes: 2048, bitops: 5e6 }, 'size')).toBe(2);
    expect(xOf({ sizeBytes: 0, bitops: NaN }, 'bitops')).toBeNull();
    expect(formatBitops(1.5e9)).toBe('1.50 G');
    expect(formatBitops(950)).toBe('950');
    expect(formatPercent(0.9876)).toBe('98.8 %');
    expect(formatPercent(null)).toBe('n/a');
    expect(formatPercent(NaN)).toBe('n/a');
  });
});

describe('separateOverlaps and interestingDomain', () => {
  it('spreads points at the same spot apart and lists them together', () => {
    const a = { id: 'a', method: 'uniform', sizeBytes: 4096, bitops: 1, accuracy: 0.9 };
    const b = { id: 'b', method: 'knapsack', sizeBytes: 4100, bitops: 1, accuracy: 0.9005 };
    const c = { id: 'c', method: 'mxqn', sizeBytes: 40_960, bitops: 1, accuracy: 0.5 };
    const { series } = buildSeries([a, b, c], 'size', 'accuracy');
    const out = separateOverlaps(series, [40, 100]).flatMap((s) => s.data);
    const byId = new Map(out.map((d) => [d.point.id, d]));
    expect(byId.get('a')!.x).not.toBeCloseTo(byId.get('b')!.x, 3);
    expect(byId.get('a')!.stack!.map((p) => p.id).sort()).toEqual(['a', 'b']);
    expect(byId.get('c')!.stack).toBeUndefined();
    expect(byId.get('c')!.x).toBe(40);
  });
  it('starts the y axis near the best points, not at an outlier', () => {
    expect(interestingDomain([98.9, 98.1, 97, 42, 11])).toEqual([90, 100]);
    expect(interestingDomain([98, 80, 71, 40])).toEqual([65, 100]);
    expect(interestingDomain([60, 50])).toEqual([45, 60]);
    expect(interestingDomain([])).toEqual([0, 100]);
  });
});
