/**
 * `--data <folder>`: PNG folders written from the demo digits (pngjs), read back by the CLI.
 * Class sub-folders 0..9 → labels and accuracy; loose PNGs → unlabelled, fidelity only;
 * broken folders → exit 2 with one line naming the problem.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_SIZE, parseMnistBinary, takeBalanced, type LabeledImages } from '../data/mnistBinary';
import { validateConfig } from '../quant/config/restore';
import { fitImages, readImageFolder } from './imageFolder';
import { main } from './main';

const ROOT = resolve(__dirname, '../..');
const LENET = join(ROOT, 'public/models/lenet/model.json');
const hasDemo = existsSync(LENET) && existsSync(join(ROOT, 'public/data/mnist.bin'));
let dir: string;
let digits: LabeledImages;

/** A PNG of one digit (gray as RGB, opaque), upscaled `scale`× by pixel repetition. */
function digitPng(i: number, scale = 1): Buffer {
  const s = IMAGE_SIZE * scale;
  const png = new PNG({ width: s, height: s });
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const v = Math.round(255 * digits.images[i * IMAGE_SIZE * IMAGE_SIZE + Math.floor(y / scale) * IMAGE_SIZE + Math.floor(x / scale)]);
      png.data.set([v, v, v, 255], 4 * (y * s + x));
    }
  }
  return PNG.sync.write(png);
}

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qs-data-'));
  if (!hasDemo) return;
  const b = readFileSync(join(ROOT, 'public/data/mnist.bin'));
  digits = takeBalanced(parseMnistBinary(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)), 60, 'test');
  for (let i = 0; i < digits.count; i++) {
    const d = join(dir, 'labeled', String(digits.labels[i]));
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `img${i}.png`), digitPng(i));
  }
  mkdirSync(join(dir, 'loose'));
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, 'loose', `d${i}.png`), digitPng(i, 2));
  mkdirSync(join(dir, 'empty'));
  mkdirSync(join(dir, 'text'));
  writeFileSync(join(dir, 'text', 'a.png'), digitPng(0));
  writeFileSync(join(dir, 'text', 'notes.txt'), 'hello');
  mkdirSync(join(dir, 'broken/3'), { recursive: true });
  writeFileSync(join(dir, 'broken/3', 'ok.png'), digitPng(0));
  writeFileSync(join(dir, 'broken/3', 'bad.png'), digitPng(1).subarray(0, 60));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('imageFolder', () => {
  it.skipIf(!hasDemo)('class folders 0..9 give the digits as labels, interleaved, and the pixels back', () => {
    const f = readImageFolder(join(dir, 'labeled'));
    expect(f.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(Array.from(f.labels!.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const { images, shape } = fitImages(f, [null, 28, 28, 1]);
    expect(shape).toEqual([28, 28, 1]);
    // Image k of the folder is the digit written as img<i>.png: compare pixel by pixel.
    const i = Number(/img(\d+)\.png$/.exec(f.images[3].path)![1]);
    const want = digits.images.subarray(i * 784, (i + 1) * 784);
    const got = images.subarray(3 * 784, 4 * 784);
    expect(Math.max(...got.map((v, k) => Math.abs(v - want[k])))).toBeLessThan(1 / 255 + 1e-6);
    expect(f.labels![3]).toBe(digits.labels[i]);
  });
});

describe.skipIf(!hasDemo)('CLI --data <folder>', () => {
  it('analyze: the activation sweep runs on the folder', async () => {
    const out = join(dir, 'a.json');
    const r = await cli('analyze', LENET, '--data', join(dir, 'labeled'), '--calibration', '16', '--out', out);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/data: 60 PNG images from .* in 10 classes/);
    const v = validateConfig(JSON.parse(readFileSync(out, 'utf8')));
    if (!v.ok) throw new Error(v.errors.join('; '));
    expect(v.config.data).toEqual({ source: 'folder:labeled', calibration: 16 });
    for (const l of v.config.layers) expect(l.sweep?.activations?.fixed?.['8']).toEqual(expect.any(Number));
  }, 60_000);

  it('search --method uniform on a labelled folder reports accuracy; on loose PNGs (resized 56→28) only fidelity', async () => {
    const out = join(dir, 's.json');
    const r = await cli('search', LENET, '--method', 'uniform', '--budget', '8', '--data', join(dir, 'labeled'), '--out', out);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(out, 'utf8')).summary;
    expect(s.accuracy).toBeGreaterThan(0.8);
    expect(s.agreement).toBeGreaterThan(0.9);
    const out2 = join(dir, 'u.json');
    const u = await cli('search', LENET, '--method', 'uniform', '--budget', '8', '--data', join(dir, 'loose'), '--out', out2);
    expect(u.err).toEqual([]);
    expect(u.code).toBe(0);
    expect(u.out).toMatch(/20 PNG images .* unlabelled/);
    const su = JSON.parse(readFileSync(out2, 'utf8')).summary;
    expect(su.accuracy).toBeNull();
    expect(su.agreement).toBeGreaterThan(0.9);
    expect(su.outputSqnrDb).toEqual(expect.any(Number));
  }, 120_000);

  it.each([
    ['empty', /data folder .*empty has no images \(PNG\)/],
    ['text', /text\/notes\.txt: not an image this reader decodes \(PNG\)/],
    ['broken', /3\/bad\.png: cannot decode PNG/],
  ])('%s folder → exit 2, one line naming it', async (name, message) => {
    const r = await cli('analyze', LENET, '--data', join(dir, name), '--out', join(dir, 'bad.json'));
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
    expect(existsSync(join(dir, 'bad.json'))).toBe(false);
  });
});
