import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../quant/random';
import { classIndex, fitImage, imageInputSize, ImageFolderError, planImageFolder } from './imageFolder';

const png = { isImage: (n: string) => /\.png$/i.test(n), kinds: 'PNG' };
const browser = { isImage: (n: string) => /\.(png|jpe?g|gif|webp|bmp)$/i.test(n), kinds: 'png, jpg, gif, webp or bmp' };
const planned = (paths: string[], opts = png) => {
  const p = planImageFolder(paths, opts);
  return { paths: p.order.map((i) => paths[i]), labels: p.labels && Array.from(p.labels), classes: p.classes };
};

describe('planImageFolder', () => {
  it('worked example: classes in code-unit order, images interleaved class by class', () => {
    expect(planned(['dog/1.png', 'cat/2.png', 'cat/1.png'])).toEqual({
      paths: ['cat/1.png', 'dog/1.png', 'cat/2.png'], labels: [0, 1, 0], classes: ['cat', 'dog'],
    });
  });

  it('digit folders are their own class index, whatever else is there', () => {
    expect(planned(['7/a.png', '2/a.png', '7/b.png'])).toEqual({ paths: ['2/a.png', '7/a.png', '7/b.png'], labels: [2, 7, 7], classes: ['2', '7'] });
    expect(classIndex(['10', '9', '255'])).toEqual(new Map([['9', 9], ['10', 10], ['255', 255]]));
    expect(classIndex(['10', '9', '256'])).toEqual(new Map([['10', 0], ['256', 1], ['9', 2]]));
  });

  it('folders every path shares are stripped: a dropped folder = the same folder named on the command line', () => {
    expect(planned(['digits/1/x.png', 'digits/0/y.png'])).toEqual({ paths: ['digits/0/y.png', 'digits/1/x.png'], labels: [0, 1], classes: ['0', '1'] });
    expect(planned(['1/x.png', '0/y.png'])).toEqual({ paths: ['0/y.png', '1/x.png'], labels: [0, 1], classes: ['0', '1'] });
    // A single class folder is a folder like any other: its images are loose.
    expect(planned(['digits/3/a.png', 'digits/3/b.png'])).toEqual({ paths: ['digits/3/a.png', 'digits/3/b.png'], labels: null, classes: [] });
  });

  it('loose images are unlabelled, sorted; hidden files and folders are skipped', () => {
    expect(planned(['b.png', '.DS_Store', 'a.png', '.git/x.png'])).toEqual({ paths: ['a.png', 'b.png'], labels: null, classes: [] });
  });

  it.each([
    [['a.png', 'notes.txt'], png, 'notes.txt: not an image this reader decodes (PNG)'],
    [['photo.jpg'], png, 'photo.jpg: not an image this reader decodes (PNG)'],
    [[], png, 'found no images (PNG)'],
    [['.DS_Store'], browser, 'found no images (png, jpg, gif, webp or bmp)'],
    [['d/a.png', 'd/0/b.png', 'd/1/c.png'], png, "d: holds both loose images (a.png) and class sub-folders (0); use one layout"],
    [['0/a.png', '1/x/b.png'], png, "1/x: a folder inside class folder '1' (one level of class folders only)"],
  ])('%j → one line naming the problem', (paths, opts, message) => {
    expect(() => planImageFolder(paths, opts)).toThrow(new ImageFolderError(message));
  });

  it('more than 256 named classes is refused (labels are bytes)', () => {
    const paths = Array.from({ length: 257 }, (_, i) => `c${i}/a.png`);
    expect(() => planImageFolder(paths, png)).toThrow('too many classes (257); at most 256 class folders');
  });

  it('property: the order does not depend on the order the files come in, any prefix is balanced, every file keeps its folder\'s class', () => {
    const folder = fc.uniqueArray(fc.constantFrom('0', '1', '2', '5', 'cat', 'dog', 'Zebra'), { minLength: 2, maxLength: 5 })
      .chain((classes) => fc.tuple(fc.constant(classes), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: classes.length, maxLength: classes.length })));
    fc.assert(fc.property(folder, fc.integer(), ([classes, counts], seed) => {
      const paths = classes.flatMap((c, k) => Array.from({ length: counts[k] }, (_, i) => `drop/${c}/${i}.png`));
      const rand = mulberry32(seed);
      const shuffled = paths.map((p) => ({ p, r: rand() })).sort((x, y) => x.r - y.r).map((x) => x.p);
      const a = planned(paths);
      expect(planned(shuffled)).toEqual(a);
      const index = classIndex(classes);
      a.paths.forEach((p, i) => expect(a.labels![i]).toBe(index.get(p.split('/')[1])));
      const m = Math.min(...counts) * classes.length;
      const prefix = a.labels!.slice(0, m);
      for (const c of index.values()) expect(prefix.filter((l) => l === c)).toHaveLength(m / classes.length);
    }));
  });
});

describe('fitting an image to the model input', () => {
  it('bilinear worked example: 2×2 [0,255;255,0] → 1×1 = 0.5; RGB keeps channels', () => {
    const rgba = new Uint8Array([0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 255]);
    expect(Array.from(fitImage({ path: 'x', width: 2, height: 2, rgba }, 1, 1, 1))).toEqual([0.5]);
    const red = new Uint8Array([255, 0, 51, 255]);
    expect(Array.from(fitImage({ path: 'r', width: 1, height: 1, rgba: red }, 2, 2, 3))).toEqual([1, 0, 0.2, 1, 0, 0.2, 1, 0, 0.2, 1, 0, 0.2].map(Math.fround));
  });

  it('a dark-on-light gray image is inverted to light-on-dark; same size = same pixels', () => {
    const w = 3;
    const gray = [255, 255, 255, 255, 0, 255, 255, 255, 255];
    const rgba = new Uint8ClampedArray(gray.flatMap((v) => [v, v, v, 255]));
    expect(Array.from(fitImage({ path: 'd', width: w, height: w, rgba }, w, w, 1))).toEqual(gray.map((v) => Math.fround(1 - v / 255)));
  });

  it('image input sizes: [batch,H,W,1|3] only, with a reason otherwise', () => {
    expect(imageInputSize([null, 28, 28, 1])).toEqual([28, 28, 1]);
    expect(imageInputSize([null, 32, 32, 3])).toEqual([32, 32, 3]);
    expect(imageInputSize([null, null, null, 3])).toBe('the model input [batch,?,?,3] is not an image [batch,H,W,C] of known size');
    expect(imageInputSize([null, 8, 8, 4])).toBe('the model input [batch,8,8,4] has 4 channels; images feed 1 (gray) or 3 (RGB)');
    expect(imageInputSize([null, 10])).toMatch(/not an image/);
  });
});
