import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { crc32OfZeros, manyEntriesZip, zipBomb } from '../../scripts/malformed/zipBomb';
import { isZip, unzipModelFiles, ZIP_LIMITS } from './guards';
import zlib from 'node:zlib';

const enc = (s: string) => new TextEncoder().encode(s);

describe('unzipModelFiles', () => {
  it('unpacks a normal archive, dropping folders and macOS metadata', () => {
    const zip = zipSync({ 'm/model.json': enc('{}'), 'm/group1-shard1of1.bin': new Uint8Array(1000).fill(7), '__MACOSX/m/._model.json': enc('x'), 'm/.DS_Store': enc('x') });
    const files = unzipModelFiles(zip);
    expect([...files.keys()].sort()).toEqual(['m/group1-shard1of1.bin', 'm/model.json']);
    expect(files.get('m/group1-shard1of1.bin')?.every((b) => b === 7)).toBe(true);
  });

  it('refuses a 1 GiB bomb by its declared size before inflating', () => {
    const t = performance.now();
    expect(() => unzipModelFiles(zipBomb(), 'bomb.zip')).toThrow(/bomb\.zip: refused as a zip bomb: entries declare 1\.00 GiB/);
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('stops a bomb whose headers lie about its size after a few MiB', () => {
    const t = performance.now();
    expect(() => unzipModelFiles(zipBomb({ declaredBytes: 4096 }), 'liar.zip')).toThrow(/liar\.zip: refused as a zip bomb: .*ratio \d+:1/);
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('refuses too many entries and total size over the cap', () => {
    expect(() => unzipModelFiles(manyEntriesZip(ZIP_LIMITS.maxEntries + 1, new Map()), 'many.zip')).toThrow(/more than 1000 entries/);
    const small = { ...ZIP_LIMITS, maxTotalBytes: 1000 };
    expect(() => unzipModelFiles(zipSync({ a: new Uint8Array(2000) }, { level: 0 }), 'big.zip', small)).toThrow(/declare 1\.95 KiB/);
  });

  it('refuses corrupt, truncated and non-zip bytes with one line', () => {
    const zip = zipSync({ 'model.json': enc('{"a":1}'.repeat(100)) });
    expect(() => unzipModelFiles(zip.subarray(0, zip.length >> 1), 'cut.zip')).toThrow(/^cut\.zip: not a readable zip archive/);
    expect(() => unzipModelFiles(enc('hello'), 'x.zip')).toThrow(/not a zip archive/);
    expect(() => unzipModelFiles(zipSync({ '../evil.json': enc('{}') }), 'up.zip')).toThrow(/unsafe path/);
    expect(isZip(zip)).toBe(true);
  });

  it('builds bombs that are real zip files (correct CRC, inflates to zeros)', () => {
    for (const n of [0, 1, 1000, 3 << 20]) expect(crc32OfZeros(n)).toBe(zlib.crc32(Buffer.alloc(n)));
    const files = unzipModelFiles(zipBomb({ mib: 3 }), 'small-bomb.zip');
    const data = [...files.values()][0];
    expect(data.length).toBe(3 << 20);
    expect(data.every((b) => b === 0)).toBe(true);
  });
});
