import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISPLAY_NAME_MAX, commonScope, displayNames, middleEllipsis } from './displayName';

describe('display names', () => {
  const real = [
    'StatefulPartitionedCall/model_1/conv2d/Conv2D',
    'StatefulPartitionedCall/model_1/block_1_expand_relu_with_a_rather_long_name_for_testing/depthwise',
    'StatefulPartitionedCall/model_1/block_1_project/Conv2D',
    'StatefulPartitionedCall/model_1/dense/MatMul',
  ];
  it('remove the scope every name shares and the trailing op, keeping what differs', () => {
    expect(commonScope(real)).toBe('StatefulPartitionedCall/model_1/');
    const d = displayNames(real);
    expect(d.get(real[0])).toBe('conv2d');
    expect(d.get(real[2])).toBe('block_1_project');
    expect(d.get(real[3])).toBe('dense');
    const long = d.get(real[1])!;
    expect(long.length).toBeLessThanOrEqual(DISPLAY_NAME_MAX);
    expect(long.startsWith('block_1_expand_rel')).toBe(true);
    expect(long.endsWith('name_for_testing')).toBe(true);
    expect(long).toContain('…');
  });
  it('keep the op segment when dropping it would make two names equal', () => {
    const d = displayNames(['m/conv/Conv2D', 'm/conv/BiasAdd', 'm/fc/MatMul']);
    expect([...d.values()]).toEqual(['conv/Conv2D', 'conv/BiasAdd', 'fc/MatMul']);
  });
  it('leave short unscoped names alone', () => {
    expect([...displayNames(['conv1', 'conv2', 'dense1']).values()]).toEqual(['conv1', 'conv2', 'dense1']);
    expect([...displayNames(['a/b/conv1']).values()]).toEqual(['a/b/conv1']);
  });
  it('are never longer than the maximum, and distinct names with distinct short forms stay distinct', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 200 }), (s) => {
      expect(middleEllipsis(s).length).toBeLessThanOrEqual(DISPLAY_NAME_MAX);
    }));
    fc.assert(fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z_]{1,30}$/), { minLength: 2, maxLength: 8 }), (segs) => {
      const names = segs.map((s) => `StatefulPartitionedCall/model_1/${s}/Conv2D`);
      const d = displayNames(names);
      expect(new Set(d.values()).size).toBe(names.length);
    }));
  });
});
