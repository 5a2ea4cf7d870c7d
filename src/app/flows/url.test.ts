import { describe, expect, it } from 'vitest';
import { readUrl } from './url';

describe('URL switches', () => {
  it('?gpuSweep=1 forces the sweep kernel, 0 the CPU; anything else is ignored', () => {
    expect(readUrl('?backend=webgpu&gpuSweep=1')).toEqual({ backend: 'webgpu', gpuSweep: 'on' });
    expect(readUrl('?gpuSweep=0').gpuSweep).toBe('off');
    expect(readUrl('?gpuSweep=yes').gpuSweep).toBeUndefined();
    expect(readUrl('?gpuSweep=constructor').gpuSweep).toBeUndefined();
    expect(readUrl('').gpuSweep).toBeUndefined();
  });
});
