import { describe, expect, it } from 'vitest';
import {
  BIT_COLORS, BIT_LEGEND, CODE_FLOAT, CODE_NONE, EMPTY_COLOR, FLOAT_COLOR, bitClass, bitColor, classCode,
  codeRank, codeToClass, formatBits, hexToRgb, packedPalette,
} from './bitColors';

describe('bit colour scale', () => {
  it('gives every bit-width 2..8 its own colour, and float another', () => {
    const colours = [2, 3, 4, 5, 6, 7, 8].map(bitColor);
    expect(new Set([...colours, bitColor(32)]).size).toBe(8);
    expect(bitColor(32)).toBe(FLOAT_COLOR);
    expect(bitColor(Infinity)).toBe(FLOAT_COLOR);
    for (let b = 2; b <= 8; b++) expect(bitColor(b)).toBe(BIT_COLORS[b as 2]);
  });

  it('classifies out-of-legend values without NaN', () => {
    expect(bitClass(12)).toBe(8);
    expect(bitClass(16)).toBe(8);
    expect(bitClass(4.4)).toBe(4);
    expect(bitClass(NaN)).toBe('none');
    expect(bitClass(1)).toBe('none');
    expect(bitClass(-3)).toBe('none');
    expect(bitColor(NaN)).toBe(EMPTY_COLOR);
  });

  it('is ordered dark (few bits) to light (many bits)', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = hexToRgb(hex);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let b = 2; b < 8; b++) expect(luminance(BIT_COLORS[(b + 1) as 2])).toBeGreaterThan(luminance(BIT_COLORS[b as 2]));
  });

  it('round-trips codes and packs the palette as little-endian RGBA', () => {
    for (const c of [2, 3, 4, 5, 6, 7, 8, 'float', 'none'] as const) expect(codeToClass(classCode(c))).toBe(c);
    const pal = packedPalette();
    const [r, g, b] = hexToRgb(BIT_COLORS[2]);
    expect(pal[2]).toBe(((255 << 24) | (b << 16) | (g << 8) | r) >>> 0);
    expect(hexToRgb('#440154')).toEqual([68, 1, 84]);
  });

  it('ranks fewer bits first, then float, then none', () => {
    expect(codeRank(2)).toBeLessThan(codeRank(8));
    expect(codeRank(8)).toBeLessThan(codeRank(CODE_FLOAT));
    expect(codeRank(CODE_FLOAT)).toBeLessThan(codeRank(CODE_NONE));
  });

  it('has a legend of 2..8 plus float, and readable labels', () => {
    expect(BIT_LEGEND.map((e) => e.label)).toEqual(['2 b', '3 b', '4 b', '5 b', '6 b', '7 b', '8 b', 'float']);
    expect(formatBits(4)).toBe('4 bits');
    expect(formatBits(32)).toBe('float');
    expect(formatBits(NaN)).toBe('—');
  });
});
