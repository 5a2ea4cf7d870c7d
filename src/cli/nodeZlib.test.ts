/**
 * Node's zlib as the config codec: each codec reads what the other wrote, configs written
 * with either load back the same, and a table that inflates past its declared size is
 * refused by both (no decompression bomb).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { packPerFilter, unpackPerFilter } from '../quant/config/sweepCodec';
import { fflateZlib, useZlibCodec, zlibCodec } from '../quant/config/zlibCodec';
import { nodeZlib } from './nodeZlib';

const table = {
  fixed: { 4: Array.from({ length: 300 }, (_, f) => 20 + (f % 17) * 0.37), 8: Array.from({ length: 300 }, (_, f) => 44 + (f % 5)) },
  log2: { 4: Array.from({ length: 300 }, (_, f) => (f === 7 ? 'Infinity' as const : 12 + f / 100)), 8: Array.from({ length: 300 }, (_, f) => (f === 3 ? null : 15)) },
};

afterEach(() => void useZlibCodec(fflateZlib));

describe('nodeZlib', () => {
  it('reads what fflate wrote and the other way round', () => {
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251);
    expect([...nodeZlib.inflate(fflateZlib.deflate(bytes), bytes.length + 1)]).toEqual([...bytes]);
    expect([...fflateZlib.inflate(nodeZlib.deflate(bytes), bytes.length + 1)]).toEqual([...bytes]);
  });

  it('packs a per-filter table that unpacks to the same values with either codec', () => {
    useZlibCodec(nodeZlib);
    const packed = packPerFilter(table)!;
    expect(zlibCodec()).toBe(nodeZlib);
    const viaNode = unpackPerFilter(packed, 'p');
    useZlibCodec(fflateZlib);
    expect(unpackPerFilter(packed, 'p')).toEqual(viaNode);
    expect(viaNode.log2!['4'][7]).toBe('Infinity');
    expect(viaNode.log2!['8'][3]).toBeNull();
    expect(viaNode.fixed!['4'][5]).toBeCloseTo(20 + 5 * 0.37, 2);
  });

  it('refuses a stream that inflates past its capacity', () => {
    const big = new Uint8Array(10_000);
    expect(() => nodeZlib.inflate(nodeZlib.deflate(big), 100)).toThrow();
    useZlibCodec(nodeZlib);
    const packed = packPerFilter(table)!;
    // The same data declared as a smaller table: the stream runs past the declared size.
    expect(() => unpackPerFilter({ ...packed, shape: [2, 2, 10] }, 'p')).toThrow(/not the zlib-compressed base64 of the table/);
  });
});
