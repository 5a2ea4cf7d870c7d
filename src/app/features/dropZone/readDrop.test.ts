import { describe, expect, it } from 'vitest';
import { classifyDrop } from './readDrop';

const file = (path: string, text: string) => ({ path, bytes: new TextEncoder().encode(text).buffer as ArrayBuffer });

describe('classifyDrop', () => {
  it('recognises a config JSON by its format field, even without an extension', () => {
    const json = JSON.stringify({ format: 'quantization-studio/config', version: 1 });
    expect(classifyDrop([file('a.json', json)]).kind).toBe('config');
    expect(classifyDrop([file('1e97d1a1', json)]).kind).toBe('config');
  });

  it('treats model.json plus shards as a model, model.json first', () => {
    const d = classifyDrop([file('group1-shard1of1.bin', 'x'), file('model.json', '{}'), file('metadata.json', '{}')]);
    expect(d.kind).toBe('model');
    if (d.kind === 'model') expect(d.files.map((f) => f.path)).toEqual(['model.json', 'group1-shard1of1.bin']);
  });

  it('sends a broken model.json to the loader (which names it)', () => {
    expect(classifyDrop([file('model.json', '{"modelTopology": ')]).kind).toBe('model');
  });

  it('hands zips to the worker as a model, found by name or signature', () => {
    expect(classifyDrop([file('m.zip', 'PK')]).kind).toBe('model');
    expect(classifyDrop([file('archive', 'PK\x03\x04rest')]).kind).toBe('model');
  });

  it('recognises images, and explains shards without model.json and unknown drops', () => {
    expect(classifyDrop([file('3/a.png', 'x')]).kind).toBe('images');
    const shards = classifyDrop([file('g.bin', 'x')]);
    expect(shards.kind === 'nothing' && shards.reason).toMatch(/without their model\.json/);
    const other = classifyDrop([file('notes.txt', 'x')]);
    expect(other.kind === 'nothing' && other.reason).toMatch(/notes\.txt/);
  });
});
