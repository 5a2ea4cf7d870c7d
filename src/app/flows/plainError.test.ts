import { describe, expect, it } from 'vitest';
import { plainError } from './plainError';

describe('plainError', () => {
  it('turns a fixed-batch refusal into a sentence naming the shapes and what to do', () => {
    const raw = "The shape of dict['input'] provided in model.execute(dict) must be [1,256,256,3], but was [3,256,256,3]";
    const p = plainError('Evaluating accuracy', new Error(raw));
    expect(p.text).toBe('Evaluating accuracy failed: the model takes inputs of shape [1,256,256,3] but was given [3,256,256,3]; ' +
      'drop images that fit that shape, or a model exported with a free batch size.');
    expect(p.detail).toBe(raw);
  });
  it('rewrites JavaScript faults and stack traces, keeping the raw text as detail', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'shape')");
    e.stack = 'TypeError: …\n    at foo (a.js:1:2)';
    const p = plainError('Running MXQN', e);
    expect(p.text).toMatch(/^Running MXQN failed because of an internal error; run it again/);
    expect(p.text).not.toMatch(/undefined|shape/);
    expect(p.detail).toContain('Cannot read');
    expect(plainError('Loading model', new Error('x\n    at y (z.js:1:1)')).text).toMatch(/internal error/);
  });
  it('names memory and unsupported kernels', () => {
    expect(plainError('Analysing layers', new Error('Failed to allocate 4 GiB')).text).toMatch(/ran out of memory; switch the backend/);
    expect(plainError('Analysing layers', new Error("Kernel 'Einsum' not registered for backend 'wasm'")).text)
      .toMatch(/operation this backend cannot run \(Einsum\)/);
  });
  it("passes the studio's own one-line messages through unchanged", () => {
    const own = 'model.json: not valid JSON (Unexpected token } at position 12)';
    expect(plainError('Loading model', new Error(own))).toEqual({ text: own, detail: null });
    expect(plainError('Loading model', new Error('config is for model other-net, not lenet')).text).toBe('config is for model other-net, not lenet');
  });
});
