import { describe, expect, it } from 'vitest';
import { classifyDrop } from './readDrop';

const file = (path: string, text: string) => ({ path, file: new Blob([text]) });

describe('classifyDrop', () => {
  it('recognises a config JSON by its format field, even without an extension', async () => {
    const json = JSON.stringify({ format: 'quantization-studio/config', version: 1 });
    expect((await classifyDrop([file('a.json', json)])).kind).toBe('config');
    expect((await classifyDrop([file('1e97d1a1', json)])).kind).toBe('config');
  });

  it('treats model.json plus shards as a model, model.json first', async () => {
    const d = await classifyDrop([file('group1-shard1of1.bin', 'x'), file('model.json', '{}'), file('metadata.json', '{}')]);
    expect(d.kind).toBe('model');
    if (d.kind === 'model') expect(d.files.map((f) => f.path)).toEqual(['model.json', 'group1-shard1of1.bin']);
  });

  it('treats a .onnx as a model, with its external data beside it (the .onnx first), not its metadata or images', async () => {
    const d = await classifyDrop([file('m/model.onnx.data', 'x'), file('m/model.onnx', 'y'), file('m/metadata.json', '{}'), file('m/x.png', 'z')]);
    expect(d.kind).toBe('model');
    if (d.kind === 'model') expect(d.files.map((f) => f.path)).toEqual(['m/model.onnx', 'm/model.onnx.data']);
  });

  it('sends a broken model.json to the loader (which names it)', async () => {
    expect((await classifyDrop([file('model.json', '{"modelTopology": ')])).kind).toBe('model');
  });

  it('hands zips to the worker as a model, found by name or signature', async () => {
    expect((await classifyDrop([file('m.zip', 'PK')])).kind).toBe('model');
    expect((await classifyDrop([file('archive', 'PK\x03\x04rest')])).kind).toBe('model');
  });

  it('recognises images, and explains shards without model.json and unknown drops', async () => {
    expect((await classifyDrop([file('3/a.png', 'x')])).kind).toBe('images');
    const shards = await classifyDrop([file('g.bin', 'x')]);
    expect(shards.kind === 'nothing' && shards.reason).toMatch(/without their model\.json/);
    const other = await classifyDrop([file('notes.txt', 'x')]);
    expect(other.kind === 'nothing' && other.reason).toMatch(/notes\.txt/);
  });

  it('does not read a large JSON file to look for a config (it goes to the loader as a model)', async () => {
    const json = JSON.stringify({ format: 'quantization-studio/config', version: 1 });
    expect((await classifyDrop([file('small.json', `${json}   `)])).kind).toBe('config');
    const big = { path: 'huge.json', file: new Blob([json, ' '.repeat(64 * 1024 ** 2)]) };
    expect((await classifyDrop([big])).kind).toBe('model');
  });
});
