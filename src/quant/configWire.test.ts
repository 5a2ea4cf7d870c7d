import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packConfig, unpackConfig, wireTransfers, WirePacker } from './configWire';
import { configWithTables as config, sqnrArbitrary as sqnr } from './testing/sweepConfigs';

describe('packConfig / unpackConfig', () => {
  it('round-trips every per-filter value (numbers, null, "Infinity"), through a structured clone', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.array(sqnr, { maxLength: 20 }), { maxLength: 3 }), { maxLength: 4 }), (tables) => {
      const original = config(tables);
      const expected = structuredClone(original);
      const wire = packConfig(original);
      expect(original).toEqual(expected); // the input is not changed
      const back = unpackConfig(structuredClone(wire, { transfer: wireTransfers(wire) }));
      expect(back).toEqual(expected);
    }));
  });

  it('sends no per-filter number arrays: they are all in one Float64Array', () => {
    const wire = packConfig(config([[[1.5, null], ['Infinity']]]));
    expect(wire.chunks.map((c) => [...c])).toEqual([[1.5, NaN, Infinity]]);
    expect(wire.config.layers[0].sweep?.weightsPerFilter).toEqual({});
    expect(wire.rows).toEqual([{ layer: 0, scheme: 'fixed', bits: '2', length: 2 }, { layer: 0, scheme: 'log2', bits: '3', length: 1 }]);
  });

  it('refuses a wire whose rows do not match its values', () => {
    const wire = packConfig(config([[[1, 2]]]));
    expect(() => unpackConfig({ ...wire, chunks: [new Float64Array(3)] })).toThrow(/3 per-filter values for rows of 2/);
    expect(() => unpackConfig({ ...wire, chunks: [new Float64Array(1)] })).toThrow(/values end before row 0\/fixed\/2/);
  });

  it('a packer fed layer by layer (tables then emptied) gives the same config as packing at the end', () => {
    const original = config([[[1, 2], [null]], [[3]], [['Infinity', 4, 5]]]);
    const expected = structuredClone(original);
    const packer = new WirePacker();
    packer.add(0, original.layers[0].sweep!.weightsPerFilter);
    packer.add(2, original.layers[2].sweep!.weightsPerFilter);
    original.layers[0].sweep!.weightsPerFilter = {};
    original.layers[2].sweep!.weightsPerFilter = {};
    const wire = packer.finish(original); // layer 1 is packed here
    expect(wire.chunks).toHaveLength(3);
    expect(unpackConfig(structuredClone(wire))).toEqual(expected);
  });
});
