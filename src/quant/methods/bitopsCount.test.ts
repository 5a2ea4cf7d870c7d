/**
 * The cost model's BitOPs are what a bit-serial accelerator spends: a quantized conv layer,
 * run through the binary-decomposition kernel on integer codes from the studio's own
 * quantizers, performs exactly summary.bitops weight-plane × activation-plane AND + popcount
 * operations (signed corrections counted beside them), and its output equals the integer
 * convolution exactly.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { costConfig } from '../config/summary';
import { fixedParams } from '../quantizers/fixed';
import type { LayerConfig, StudioConfig } from '../types';
import { bitSerialConv2d, convOutputGeometry, integerConv2d } from './binaryDecomposition';

/** Integer codes of fixed-point quantization: round(v / scale), clamped to the b-bit range. */
function codes(values: Float32Array, bits: number, signed: boolean): number[] {
  let range = 0;
  for (const v of values) range = Math.max(range, Math.abs(v));
  if (range === 0) return Array.from(values, () => 0);
  const { scale } = fixedParams(range, bits, signed);
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const lo = signed ? -hi : 0;
  return Array.from(values, (v) => Math.min(hi, Math.max(lo, Math.round(v / scale))));
}

function seeded(n: number, seed: number, nonNegative: boolean): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    return nonNegative ? u : 2 * u - 1;
  });
}

describe('BitOPs of a quantized layer = the bit-serial kernel\'s operation count', () => {
  it('for random geometries, bit-widths and signs (the first layer fed by the network input, the second by the first)', () => {
    const arb = fc.record({
      h: fc.integer({ min: 4, max: 7 }), cin: fc.integer({ min: 1, max: 3 }), cout: fc.integer({ min: 1, max: 4 }),
      k: fc.integer({ min: 1, max: 3 }), same: fc.boolean(),
      inputBits: fc.integer({ min: 2, max: 8 }), bw0: fc.integer({ min: 2, max: 8 }), a0: fc.integer({ min: 2, max: 8 }),
      bw1: fc.integer({ min: 2, max: 8 }), signedInput: fc.boolean(), seed: fc.integer({ min: 1, max: 1e6 }),
    });
    fc.assert(fc.property(arb, (c) => {
      const padding = c.same ? 'same' as const : 'valid' as const;
      const kernelShape: [number, number, number, number] = [c.k, c.k, c.cin, c.cout];
      const out = convOutputGeometry(c.h, c.k, 1, padding).out;
      const k2Shape: [number, number, number, number] = [1, 1, c.cout, c.cout];
      const macs0 = out * out * c.k * c.k * c.cin * c.cout;
      const macs1 = out * out * c.cout * c.cout;
      const layer = (name: string, shape: number[], macs: number, bits: number, act: number | null, producers: number[]): LayerConfig => ({
        name, kind: 'conv2d', weightShape: shape, filters: shape[3], params: shape.reduce((a, b) => a * b, 1), macs, producers,
        weights: { scheme: 'fixed', bits, granularity: 'per-tensor' },
        activations: act === null ? { scheme: 'float', bits: null } : { scheme: 'fixed', bits: act, signed: false },
      });
      const config: StudioConfig = costConfig({
        format: 'quantization-studio/config', version: 1, inputBits: c.inputBits,
        model: { name: 't', hash: '0'.repeat(64), format: 'layers-model', parameters: 0 }, method: { name: 't' },
        layers: [layer('c0', kernelShape, macs0, c.bw0, c.a0, [-1]), layer('c1', k2Shape, macs1, c.bw1, null, [0])],
        summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0 },
      });
      // Quantize: signed weights, the input at inputBits, the first layer's (ReLU) output at a0 bits unsigned.
      const w0 = codes(seeded(macs0 / (out * out), c.seed, false), c.bw0, true);
      const x = codes(seeded(c.h * c.h * c.cin, c.seed + 1, !c.signedInput), c.inputBits, c.signedInput);
      const geometry0 = { inputShape: [1, c.h, c.h, c.cin] as [number, number, number, number], kernelShape, padding };
      const y0 = bitSerialConv2d({ values: x, bits: c.inputBits, signed: c.signedInput }, { values: w0, bits: c.bw0, signed: true }, geometry0);
      expect(Array.from(y0.values)).toEqual(Array.from(integerConv2d(x, w0, geometry0).values));
      const relu = Float32Array.from(y0.values, (v) => Math.max(0, v));
      const a0 = codes(relu, c.a0, false);
      const w1 = codes(seeded(c.cout * c.cout, c.seed + 2, false), c.bw1, true);
      const geometry1 = { inputShape: [1, out, out, c.cout] as [number, number, number, number], kernelShape: k2Shape };
      const y1 = bitSerialConv2d({ values: a0, bits: c.a0, signed: false }, { values: w1, bits: c.bw1, signed: true }, geometry1);
      expect(Array.from(y1.values)).toEqual(Array.from(integerConv2d(a0, w1, geometry1).values));

      expect(config.layers.map((l) => l.inputBits)).toEqual([c.inputBits, c.a0]);
      expect(y0.ops!.planeAnd + y1.ops!.planeAnd).toBe(config.summary.bitops);
      expect(y0.bitops).toBe(macs0 * c.bw0 * c.inputBits);
      // Signed weights: popcount(c_j) of every input plane, once per receptive field (shared by the filters).
      expect(y0.ops!.correction).toBe(out * out * c.k * c.k * c.cin * c.inputBits);
      expect(y1.ops!.correction).toBe(out * out * c.cout * c.a0);
    }), { numRuns: 40 });
  });

  it('unsigned weights need no correction; per-filter bits count Σ_f (MACs/filters)·b_f·inputBits', () => {
    const x = [0, 1, 2, 3, 3, 2, 1, 0, 1];
    const geometry = { inputShape: [1, 3, 3, 1] as [number, number, number, number], kernelShape: [2, 2, 1, 2] as [number, number, number, number] };
    // Two filters at 3 and 5 bits: run each filter as its own kernel.
    const f0 = [1, 2, 3, 4];
    const f1 = [7, 0, 31, 2];
    const r0 = bitSerialConv2d({ values: x, bits: 2, signed: false }, { values: f0, bits: 3, signed: false }, { ...geometry, kernelShape: [2, 2, 1, 1] });
    const r1 = bitSerialConv2d({ values: x, bits: 2, signed: false }, { values: f1, bits: 5, signed: false }, { ...geometry, kernelShape: [2, 2, 1, 1] });
    expect(r0.ops).toEqual({ planeAnd: 4 * 4 * 3 * 2, correction: 0 });
    const config = costConfig({
      format: 'quantization-studio/config', version: 1, inputBits: 2,
      model: { name: 't', hash: '0'.repeat(64), format: 'layers-model', parameters: 8 }, method: { name: 't' },
      layers: [{ name: 'c', kind: 'conv2d', weightShape: [2, 2, 1, 2], filters: 2, params: 8, macs: 4 * 4 * 2, producers: [-1],
        weights: { scheme: 'fixed', bits: [3, 5], granularity: 'per-filter' }, activations: { scheme: 'float', bits: null } }],
      summary: { averageWeightBits: 0, sizeBytes: 0, bitops: 0 },
    });
    expect(r0.bitops + r1.bitops).toBe(config.summary.bitops);
  });
});
