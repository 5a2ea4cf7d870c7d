import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packConfig, unpackConfig, wireTransfers, WirePacker } from '../../quant/configWire';
import { configWithTables as config, sqnrArbitrary as sqnr } from '../../quant/testing/sweepConfigs';
import { unpackConfigInSlices } from './unpackInSlices';


describe('unpackConfigInSlices', () => {
  it('rebuilds exactly what unpackConfig rebuilds (empty rows and layers included), yielding between slices', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.array(fc.array(sqnr, { maxLength: 20 }), { maxLength: 3 }), { maxLength: 5 }), async (tables) => {
      const original = config(tables);
      const expected = structuredClone(original);
      const wire = packConfig(original);
      const back = await unpackConfigInSlices(structuredClone(wire, { transfer: wireTransfers(wire) }), 0);
      expect(back).toEqual(expected);
      expect(back).toEqual(unpackConfig(structuredClone(packConfig(expected))));
    }), { numRuns: 60 });
  });

  it('hands the main thread back between layers once a slice has used its budget', async () => {
    const packer = new WirePacker();
    const original = config([[[1, 2]], [[3]], [[4, 5, 6]]]);
    original.layers.forEach((l, i) => packer.add(i, l.sweep!.weightsPerFilter));
    const wire = packer.finish(original);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const back = await unpackConfigInSlices(wire, -1);
    clearInterval(timer);
    expect(back.layers.map((l) => l.sweep?.weightsPerFilter)).toEqual([{ fixed: { 2: [1, 2] } }, { fixed: { 2: [3] } }, { fixed: { 2: [4, 5, 6] } }]);
    expect(ticks).toBeGreaterThan(0);
  });

  it('refuses a wire whose rows do not match its values, as unpackConfig does', async () => {
    const wire = packConfig(config([[[1, 2]]]));
    await expect(unpackConfigInSlices({ ...wire, chunks: [new Float64Array(3)] })).rejects.toThrow(/3 per-filter values for rows of 2/);
    await expect(unpackConfigInSlices({ ...wire, chunks: [] })).rejects.toThrow(/values end before row 0\/fixed\/2/);
  });
});
