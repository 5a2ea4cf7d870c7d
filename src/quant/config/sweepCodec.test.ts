import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeBase64, decodeBase64 } from '../base64';
import type { LayerSweep, SqnrJson } from '../types';
import { configToJson } from './json';
import { ConfigError, restoreConfig } from './restore';
import { packPerFilter, unpackPerFilter } from './sweepCodec';

type PerFilter = LayerSweep['weightsPerFilter'];

describe('base64', () => {
  it('round-trips any bytes and matches Node for them', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      const text = encodeBase64(b);
      expect(text).toBe(Buffer.from(b).toString('base64'));
      expect([...decodeBase64(text)]).toEqual([...b]);
    }));
    expect(() => decodeBase64('AQI*')).toThrow(/not base64/);
  });
});

describe('packed per-filter tables', () => {
  const sqnr = fc.oneof(fc.double({ min: -300, max: 300, noNaN: true }), fc.constant(null), fc.constant('Infinity' as const));

  it('round-trip: null, lossless and absent rows exactly, dB within 0.005 (int16 centi-dB)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.array(sqnr, { minLength: 9, maxLength: 9 }), (filters, cells) => {
      const row = (k: number) => Array.from({ length: filters }, (_, f) => cells[(f + k) % cells.length]);
      const table: PerFilter = { fixed: { 2: row(0), 8: row(1) }, log2: { 8: row(2) } }; // log2/2 absent
      const back = unpackPerFilter(JSON.parse(JSON.stringify(packPerFilter(table))), 't');
      expect(Object.keys(back.log2!)).toEqual(['8']);
      for (const [s, byBits] of Object.entries(table)) {
        for (const [b, list] of Object.entries(byBits!)) {
          const got = (back as Record<string, Record<string, SqnrJson[]>>)[s][b];
          list.forEach((v, f) => (typeof v === 'number' ? expect(Math.abs((got[f] as number) - v)).toBeLessThanOrEqual(0.005 + 1e-9) : expect(got[f]).toBe(v)));
        }
      }
    }));
  });

  it('falls back to float32 when a value does not fit int16 centi-dB', () => {
    const packed = packPerFilter({ fixed: { 8: [400.25, 3] } })!;
    expect(packed.dtype).toBe('float32');
    expect(unpackPerFilter(packed, 't').fixed!['8']).toEqual([400.25, 3]);
  });

  it.each([
    ['bad base64', (p: Record<string, unknown>) => { p.data = '!!!!'; }, /data: not the zlib-compressed base64/],
    ['not zlib', (p: Record<string, unknown>) => { p.data = encodeBase64(Uint8Array.of(1, 2, 3, 4)); }, /data: not the zlib-compressed base64/],
    ['too few values', (p: Record<string, unknown>) => { p.shape = [1, 1, 3]; }, /2 bytes for shape \[1,1,3\]/],
    ['a decompression bomb', (p: Record<string, unknown>) => { p.data = encodeBase64(zlibSync(new Uint8Array(1 << 20))); }, /bytes for shape/],
    ['a huge shape', (p: Record<string, unknown>) => { p.shape = [1, 1, 2 ** 30]; }, /larger than any layer/],
    ['shape vs schemes', (p: Record<string, unknown>) => { p.shape = [2, 1, 1]; }, /expected \[1 schemes, 1 bit-widths, filters\]/],
    ['a row partly absent', (p: Record<string, unknown>) => { p.data = encodeBase64(zlibSync(Uint8Array.of(0x01, 0x96, 0x80, 0x00))); p.shape = [1, 1, 2]; }, /only partly present/],
  ])('refuses %s with one line', (_n, edit, re) => {
    const p = { ...packPerFilter({ fixed: { 8: [1.5] } }) } as Record<string, unknown>;
    edit(p);
    expect(() => unpackPerFilter(p, 'layers[0].sweep.weightsPerFilter')).toThrow(ConfigError);
    expect(() => unpackPerFilter(p, 'layers[0].sweep.weightsPerFilter')).toThrow(re);
  });
});

describe('configs with the per-filter tables as JSON lists (written before the packing)', () => {
  const fixture = readFileSync(new URL('./fixtures/lenet-uniform-4bit.tables-as-lists.quant-config.json', import.meta.url), 'utf8');

  it('still load, and write back packed: same decisions, smaller file, tables within 0.005 dB', () => {
    const old = restoreConfig(JSON.parse(fixture));
    expect(old.method.name).toBe('uniform');
    const text = configToJson(old);
    expect(text).toMatch(/"compression": "zlib-byte-planes"/);
    expect(text.length).toBeLessThan(fixture.length / 4);
    const back = restoreConfig(JSON.parse(text));
    expect(back.layers.map((l) => [l.weights, l.activations, l.sqnr])).toEqual(old.layers.map((l) => [l.weights, l.activations, l.sqnr]));
    expect(back.summary).toEqual(old.summary);
    old.layers.forEach((l, i) => {
      expect(back.layers[i].sweep!.weights).toEqual(l.sweep!.weights); // per-tensor tables stay exact JSON
      const rows = back.layers[i].sweep!.weightsPerFilter as Record<string, Record<string, SqnrJson[]>>;
      for (const [s, byBits] of Object.entries(l.sweep!.weightsPerFilter)) {
        for (const [b, list] of Object.entries(byBits!)) {
          list.forEach((v, f) => (typeof v === 'number' ? expect(Math.abs((rows[s][b][f] as number) - v)).toBeLessThanOrEqual(0.005 + 1e-9) : expect(rows[s][b][f]).toBe(v)));
        }
      }
    });
    expect(configToJson(back)).toBe(text);
  });
});
