import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configToJson } from '../../../quant/config/json';
import { restoreConfig } from '../../../quant/config/restore';
import { serializeConfigInSlices } from './configText';

const fixture = () => restoreConfig(JSON.parse(readFileSync('src/quant/config/fixtures/lenet-uniform-4bit.tables-as-lists.quant-config.json', 'utf8')));

describe('serializeConfigInSlices', () => {
  it('writes exactly configToJson’s text, also when it yields after every layer and when the packed tables are reused', async () => {
    const config = fixture();
    expect(config.layers.some((l) => Object.keys(l.sweep?.weightsPerFilter ?? {}).length > 0)).toBe(true);
    const expected = configToJson(config);
    expect(await serializeConfigInSlices(config, -1)).toBe(expected);
    expect(await serializeConfigInSlices(config)).toBe(expected);
    // An edit shares the unchanged sweeps: only the edited layer's text changes.
    const edited = { ...config, layers: config.layers.map((l, i) => (i === 0 ? { ...l, weights: { ...l.weights, bits: 7 } } : l)) };
    expect(await serializeConfigInSlices(edited)).toBe(configToJson(edited));
  });
});
