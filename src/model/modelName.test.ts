import { describe, expect, it } from 'vitest';
import { modelName } from './prepare';

const graph = { modelTopology: { node: [] } };
const layers = { modelTopology: { model_config: { config: { name: 'sequential_3' } } } };

describe('modelName: a dropped model is named as a user would name it', () => {
  it('after the folder holding model.json', () => {
    expect(modelName('movenet_lightning/model.json', graph)).toBe('movenet_lightning');
    expect(modelName('a/b/pose/model.json', graph, 'x.zip')).toBe('pose');
  });
  it('after the archive it came in when model.json lies at its root', () => {
    expect(modelName('model.json', graph, 'downloads/blazeface-fixed.zip')).toBe('blazeface-fixed');
  });
  it("after its JSON file's own name, else the topology's name, else 'model'", () => {
    expect(modelName('detector.json', graph)).toBe('detector');
    expect(modelName('model.json', layers)).toBe('sequential_3');
    expect(modelName('model.json', graph)).toBe('model');
  });
});
