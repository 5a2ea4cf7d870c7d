import { describe, expect, it } from 'vitest';
import { decodeFloat16, encodeFloat16, floatToHalf, halfToFloat } from './float16';

describe('float16', () => {
  it('matches the IEEE 754 half examples of the doc comment', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(floatToHalf(1 / 3)).toBe(0x3555);
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(floatToHalf(1e6)).toBe(0x7c00);
  });

  it('round-trips every finite half exactly, and rounds floats to the nearest half', () => {
    for (let h = 0; h < 0x10000; h++) {
      const v = halfToFloat(h);
      if (!Number.isFinite(v)) continue;
      expect(floatToHalf(v)).toBe(h);
    }
    const xs = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 ** ((i % 9) - 4));
    const back = decodeFloat16(encodeFloat16(xs));
    xs.forEach((x, i) => expect(Math.abs(back[i] - x)).toBeLessThanOrEqual(Math.max(Math.abs(x) * 2 ** -11, 2 ** -25)));
  });
});
