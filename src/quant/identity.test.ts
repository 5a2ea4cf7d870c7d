import { describe, expect, it } from 'vitest';
import { canonicalJson, hashKey } from './identity';
import { LruCache } from './lru';

describe('LruCache', () => {
  it('evicts the least recently used entry', () => {
    const c = new LruCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });
});

describe('hashKey', () => {
  it('is stable and sensitive to every part', () => {
    expect(hashKey(['m', 'd', { calibration: 64 }])).toBe(hashKey(['m', 'd', { calibration: 64 }]));
    expect(hashKey(['m', 'd', { calibration: 64 }])).not.toBe(hashKey(['m', 'd', { calibration: 32 }]));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level, so key order does not change identity', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(hashKey({ x: 1, y: { p: 2, q: 3 } })).toBe(hashKey({ y: { q: 3, p: 2 }, x: 1 }));
  });
});
