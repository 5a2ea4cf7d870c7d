import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LayerConfig, StudioConfig } from '../quant/types';
import { writeEncodingFiles } from './writeEncodings';

const dir = mkdtempSync(join(tmpdir(), 'qs-enc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const layer = (name: string, w: Partial<LayerConfig['weights']>): LayerConfig => ({
  name, kind: 'dense', weightShape: [4, 2], filters: 2, params: 8, macs: 8,
  weights: { scheme: 'fixed', bits: 8, granularity: 'per-tensor', scales: [0.01], ...w }, activations: { scheme: 'float', bits: null },
});
const config = (layers: LayerConfig[]): StudioConfig => ({
  format: 'quantization-studio/config', version: 1, model: { name: 'm', hash: 'h', format: 'layers-model', parameters: 8 },
  method: { name: 'manual' }, layers, summary: { averageWeightBits: 8, sizeBytes: 8, bitops: 8 },
});

describe('--export-encodings', () => {
  it('writes the formats that hold the config and says what each left out', () => {
    const lines: string[] = [];
    writeEncodingFiles(config([layer('d1', {}), layer('d2', { bits: 5 }), layer('d3', { scheme: 'log2' })]), join(dir, 'a'), (l) => lines.push(l));
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(['m.aimet-1.0.0.encodings.json', 'm.aimet-2.0.0.encodings.json', 'm.encodings.json', 'm.ort-tensor-quant-overrides.json']);
    expect(JSON.parse(readFileSync(join(dir, 'a', 'm.aimet-1.0.0.encodings.json'), 'utf8')).param_encodings).toHaveLength(2);
    expect(lines).toContain('    left out d2 weights: 5 bits has no ONNX integer type (int2/4/8/16) — AIMET 1.0.0 holds it');
    expect(lines.some((l) => /left out d3 weights: log2 levels are not evenly spaced — no integer grid/.test(l))).toBe(true);
  });

  it('a malformed config writes nothing and fails with the layer named', () => {
    expect(() => writeEncodingFiles(config([layer('d1', { scales: [Number.NaN] })]), join(dir, 'b'), () => {})).toThrow(/malformed: d1 weights: a scale is negative or not a finite number/);
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });
});
