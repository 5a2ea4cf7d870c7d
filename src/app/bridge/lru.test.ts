import { describe, expect, it } from 'vitest';
import { LruCache, hashKey } from './lru';

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
