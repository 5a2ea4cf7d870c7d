/**
 * The ONNX load-side cases of the malformed corpus (scripts/malformed/onnxLoadCases.ts)
 * through the real ONNX loader and onnxruntime-web: every error case fails with a one-line
 * ModelLoadError naming the file and matching its message, within 5 s; every control loads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { onnxLoadCases } from '../../../scripts/malformed/onnxLoadCases';
import { ModelLoadError } from '../errors';
import { ROOT } from '../testingHelpers';
import { openOnnxFiles } from './files';
import { configureOnnxRuntime } from './runtime';

const cases = onnxLoadCases(ROOT);

beforeAll(() => configureOnnxRuntime({ numThreads: 1 }));

describe('malformed ONNX', () => {
  it('covers every load-side failure the issue names', () => {
    const ids = cases.map((c) => c.id).join(' ');
    for (const id of ['json-as-onnx', 'truncated', 'unknown-op', 'missing-external-data', 'absurd-dims', 'dynamic-dims']) expect(ids).toContain(id);
  });

  describe.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    it(`${c.expect.outcome === 'error' ? 'fails clearly' : 'loads'} (${c.note})`, async () => {
      const t0 = performance.now();
      let err: unknown = null;
      let layers = 0;
      try {
        const m = await openOnnxFiles(c.files, { inputShape: c.inputShape });
        layers = m.layers.length;
        m.dispose();
      } catch (e) {
        err = e;
      }
      expect(performance.now() - t0).toBeLessThan(5000);
      if (c.expect.outcome === 'error') {
        expect(err, 'expected an error, but it loaded').toBeInstanceOf(ModelLoadError);
        const message = (err as Error).message;
        expect(message).not.toMatch(/\n/);
        expect(message.startsWith('model.onnx: ')).toBe(true);
        for (const re of c.expect.message) expect(message).toMatch(re);
      } else {
        if (err) throw new Error(`expected to load, got: ${(err as Error).message}`);
        expect(layers).toBe(5);
      }
    }, 10_000);
  });
});
