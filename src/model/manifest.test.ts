import { describe, expect, it } from 'vitest';
import { checkFiniteWeights, concatBytes, concatView, type ManifestGroup } from './manifest';

const bytes = (...v: number[]) => Uint8Array.from(v);

describe('concatBytes / concatView: zero-copy when the parts already lie back to back', () => {
  it('consecutive views covering one whole buffer: that buffer itself, no copy', () => {
    const buf = bytes(1, 2, 3, 4, 5, 6);
    const parts = [buf.subarray(0, 2), buf.subarray(2, 5), buf.subarray(5)];
    expect(concatBytes(parts)).toBe(buf.buffer);
    const view = concatView(parts);
    expect(view.buffer).toBe(buf.buffer);
    expect([...view]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('consecutive views of part of a buffer: concatView is a view, concatBytes a fresh copy', () => {
    const buf = bytes(9, 1, 2, 3, 9);
    const parts = [buf.subarray(1, 2), buf.subarray(2, 4)];
    const view = concatView(parts);
    expect(view.buffer).toBe(buf.buffer);
    expect([view.byteOffset, view.length]).toEqual([1, 3]);
    const out = concatBytes(parts);
    expect(out).not.toBe(buf.buffer);
    expect([...new Uint8Array(out)]).toEqual([1, 2, 3]);
  });

  it('separate arrays, gaps or a different order: a fresh copy with the same bytes', () => {
    const buf = bytes(1, 2, 3, 4);
    for (const parts of [[bytes(1, 2), bytes(3, 4)], [buf.subarray(0, 1), buf.subarray(2)], [buf.subarray(2), buf.subarray(0, 2)]]) {
      const out = concatBytes(parts);
      expect(out).not.toBe(buf.buffer);
      expect(new Uint8Array(out)).toEqual(Uint8Array.from(parts.flatMap((p) => [...p])));
      const view = concatView(parts);
      expect(view.buffer).not.toBe(buf.buffer);
    }
    expect(concatBytes([]).byteLength).toBe(0);
  });
});

describe('checkFiniteWeights reads float32 in place or through a copy alike', () => {
  const group: ManifestGroup = {
    paths: ['a.bin', 'b.bin'],
    weights: [{ name: 'flag', shape: [1], dtype: 'bool' }, { name: 'w', shape: [3], dtype: 'float32' }],
  };

  function data(offset: number, bad: number): { all: Uint8Array; shards: { path: string; bytes: Uint8Array }[] } {
    const all = new Uint8Array(offset + 13);
    const dv = new DataView(all.buffer, offset);
    [0.5, bad, 2].forEach((v, i) => dv.setFloat32(1 + 4 * i, v, true));
    const view = all.subarray(offset);
    return { all: view, shards: [{ path: 'a.bin', bytes: view.subarray(0, 8) }, { path: 'b.bin', bytes: view.subarray(8) }] };
  }

  it.each([0, 3])('names the tensor, element and shard (data at byte offset %i: unaligned, then aligned float32)', (offset) => {
    const { all, shards } = data(offset, NaN);
    expect(() => checkFiniteWeights(group, all, shards)).toThrow("a.bin: weight 'w' holds NaN at element 1; quantization needs finite weights");
    const ok = data(offset, -1);
    expect(() => checkFiniteWeights(group, ok.all, ok.shards)).not.toThrow();
  });
});
