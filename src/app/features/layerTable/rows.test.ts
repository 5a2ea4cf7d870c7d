import { describe, expect, it } from 'vitest';
import type { LayerSummary } from '../../bridge';
import { joinRows, sortRows } from './rows';

const layers: LayerSummary[] = [
  { name: 'conv1', kind: 'conv2d', weightShape: [5, 5, 1, 6], filters: 6, params: 150, macs: 117_600 },
  { name: 'fc1', kind: 'dense', weightShape: [400, 120], filters: 120, params: 48_000, macs: 48_000 },
  { name: 'conv2', kind: 'conv2d', weightShape: [5, 5, 6, 16], filters: 16, params: 2_400, macs: 240_000 },
];

describe('layer rows', () => {
  const rows = joinRows(layers, undefined);

  it('keeps model order by default and sorts by a column both ways', () => {
    expect(sortRows(rows, 'index', 1).map((r) => r.layer.name)).toEqual(['conv1', 'fc1', 'conv2']);
    expect(sortRows(rows, 'params', -1).map((r) => r.layer.name)).toEqual(['fc1', 'conv2', 'conv1']);
    expect(sortRows(rows, 'name', 1).map((r) => r.layer.name)).toEqual(['conv1', 'conv2', 'fc1']);
  });

  it('breaks ties by model order', () => {
    expect(sortRows(rows, 'kind', 1).map((r) => r.layer.name)).toEqual(['conv1', 'conv2', 'fc1']);
    expect(sortRows(rows, 'bits', -1).map((r) => r.layer.name)).toEqual(['conv1', 'fc1', 'conv2']);
  });
});
