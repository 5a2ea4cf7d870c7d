import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';

describe('sha256Hex', () => {
  it('matches Node’s hash, one part or several taken as one byte string', async () => {
    const a = new Uint8Array([1, 2, 3, 250]);
    const b = new Uint8Array(1000).map((_, i) => i * 7);
    const whole = new Uint8Array([...a, ...b]);
    const node = createHash('sha256').update(whole).digest('hex');
    expect(await sha256Hex(whole)).toBe(node);
    expect(await sha256Hex([a, b])).toBe(node);
    expect(await sha256Hex([whole])).toBe(node);
    expect(await sha256Hex([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
