import { describe, expect, it } from 'vitest';
import { CODE_FLOAT, CODE_NONE, packedPalette } from './bitColors';
import { layerCodes, rasterize, spanCode } from './rasterize';
import { ROW_H, RULER_H } from './viewport';

const PAL = packedPalette();

describe('layerCodes / spanCode', () => {
  it('codes bits, float and blanks', () => {
    expect(Array.from(layerCodes([2, 8, 32, NaN, 12]))).toEqual([2, 8, CODE_FLOAT, CODE_NONE, 8]);
  });
  it('shows the fewest bits of a span and none past the end', () => {
    const c = layerCodes([8, 3, 32, 5]);
    expect(spanCode(c, 0, 4)).toBe(3);
    expect(spanCode(c, 2, 3)).toBe(CODE_FLOAT);
    expect(spanCode(c, 2, 4)).toBe(5);
    expect(spanCode(c, 4, 6)).toBe(CODE_NONE);
  });
});

describe('rasterize', () => {
  const width = 40;
  const height = RULER_H + 2 * ROW_H;
  const codes = [layerCodes([2, 4, 8, 32]), layerCodes([6, 6])];
  const px = (buf: Uint32Array, x: number, y: number) => buf[y * width + x];

  it('paints one colour per cell, leaves the ruler and row gaps transparent', () => {
    const buf = rasterize({ codes, width, height, dpr: 1, cellW: 10, scrollX: 0, scrollY: 0 });
    const y0 = RULER_H + 5;
    expect(px(buf, 5, 0)).toBe(0);
    expect(px(buf, 5, y0)).toBe(PAL[2]);
    expect(px(buf, 15, y0)).toBe(PAL[4]);
    expect(px(buf, 25, y0)).toBe(PAL[8]);
    expect(px(buf, 35, y0)).toBe(PAL[CODE_FLOAT]);
    expect(px(buf, 10, y0)).toBe(0xffffffff); // cell separator when cells are ≥ 6 px
    expect(px(buf, 5, RULER_H + ROW_H - 1)).toBe(0); // gap between rows
    const y1 = RULER_H + ROW_H + 5;
    expect(px(buf, 5, y1)).toBe(PAL[6]);
    expect(px(buf, 25, y1)).toBe(PAL[CODE_NONE]); // shorter layer: blank
  });

  it('follows scrolling', () => {
    const buf = rasterize({ codes, width, height, dpr: 1, cellW: 10, scrollX: 20, scrollY: ROW_H });
    expect(px(buf, 5, RULER_H + 5)).toBe(PAL[CODE_NONE]); // row 1, filter 2 does not exist
    const buf2 = rasterize({ codes, width, height, dpr: 1, cellW: 10, scrollX: 10, scrollY: 0 });
    expect(px(buf2, 5, RULER_H + 5)).toBe(PAL[4]);
  });

  it('shows the lowest bit-width when many filters share a pixel', () => {
    const many = new Array(1000).fill(8);
    many[537] = 2;
    const buf = rasterize({ codes: [layerCodes(many)], width: 10, height: RULER_H + ROW_H, dpr: 1, cellW: 0.01, scrollX: 0, scrollY: 0 });
    const row = Array.from(buf.subarray((RULER_H + 2) * 10, (RULER_H + 3) * 10));
    expect(row.filter((c) => c === PAL[2]).length).toBe(1);
    expect(row[5]).toBe(PAL[2]);
  });

  it('scales with the device pixel ratio', () => {
    const buf = rasterize({ codes, width: 80, height: 2 * height, dpr: 2, cellW: 10, scrollX: 0, scrollY: 0 });
    expect(buf[(2 * RULER_H + 4) * 80 + 25]).toBe(PAL[4]);
  });
});

describe('rasterize with per-row widths (stretch layout)', () => {
  it('spreads a short layer over the full width', () => {
    const codes = [layerCodes([2, 8]), layerCodes([4, 4, 4, 6])];
    const width = 40;
    const buf = rasterize({ codes, width, height: RULER_H + 2 * ROW_H, dpr: 1, cellW: [20, 10], scrollX: 0, scrollY: 0 });
    const y0 = RULER_H + 5;
    expect(buf[y0 * width + 35]).toBe(PAL[8]);
    expect(buf[(y0 + ROW_H) * width + 35]).toBe(PAL[6]);
  });
});
