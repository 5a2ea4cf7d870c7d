/**
 * Test fixtures for the packed per-filter SQNR tables: an arbitrary SQNR (number, null,
 * "Infinity") and a minimal config carrying given tables, as the wire codec and the page's
 * sliced unpacking both test them.
 */
import fc from 'fast-check';
import type { SqnrJson, StudioConfig } from '../types';

/** Any SQNR a table may hold. */
export const sqnrArbitrary = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null), fc.constant('Infinity' as const));

/** A config whose layer i holds perFilter[i] as rows of fixed/log2/nlq at 2, 3, 4… bits (only what the codec reads). */
export function configWithTables(perFilter: SqnrJson[][][]): StudioConfig {
  return {
    format: 'quantization-studio/config', version: 1,
    layers: perFilter.map((schemes, i) => ({
      name: `l${i}`,
      sweep: {
        weights: { fixed: { '4': 20 } },
        weightsPerFilter: Object.fromEntries(schemes.map((row, k) => [['fixed', 'log2', 'nlq'][k % 3], { [String(2 + k)]: row }])),
      },
    })),
  } as unknown as StudioConfig;
}
