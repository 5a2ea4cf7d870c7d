import { describe, expect, it } from 'vitest';
import { cellTooltip, formatNumber } from './cellInfo';

describe('cellTooltip', () => {
  const layers = [
    { name: 'conv1', bits: [8, 4, 4, 2], importance: [3, 1, 0.5, 0], sqnrDb: [40.12, Infinity, null, NaN] },
    { name: 'dense', bits: [32] },
  ];
  it('lists layer, filter, bits, importance and SQNR', () => {
    expect(cellTooltip(layers, { layer: 0, filter: 0 })).toEqual([
      ['Layer', 'conv1 (#0)'], ['Filter', '0 of 4'], ['Bits', '8 bits'], ['Importance', '3'], ['SQNR', '40.1 dB'],
    ]);
  });
  it('never prints NaN: lossless / n/a', () => {
    expect(cellTooltip(layers, { layer: 0, filter: 1 })?.at(-1)).toEqual(['SQNR', 'lossless']);
    expect(cellTooltip(layers, { layer: 0, filter: 2 })?.at(-1)).toEqual(['SQNR', 'n/a']);
    expect(cellTooltip(layers, { layer: 0, filter: 3 })?.at(-1)).toEqual(['SQNR', 'n/a']);
    expect(formatNumber(NaN)).toBe('n/a');
    expect(formatNumber(0.012345)).toBe('0.0123');
  });
  it('omits missing rows and rejects cells outside the layer', () => {
    expect(cellTooltip(layers, { layer: 1, filter: 0 })).toEqual([['Layer', 'dense (#1)'], ['Filter', '0 of 1'], ['Bits', 'float']]);
    expect(cellTooltip(layers, { layer: 1, filter: 1 })).toBeNull();
    expect(cellTooltip(layers, { layer: 5, filter: 0 })).toBeNull();
  });
});
