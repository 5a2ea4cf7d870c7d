/**
 * The page's worker and the CLI read an image folder through the same rules
 * (src/data/imageFolder.ts): the CLI from disk (readImageFolder), the worker from the
 * dropped files' paths. The same folder must come out with the same classes, labels and order.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { planImageFolder } from '../data/imageFolder';
import { readImageFolder } from './imageFolder';

const browser = { isImage: (n: string) => /\.(png|jpe?g|gif|webp|bmp)$/i.test(n), kinds: 'png, jpg, gif, webp or bmp' };

describe('the same folder gets the same labels in the page and the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qs-folder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('CLI readImageFolder = the worker\'s plan of the dropped paths (webkitRelativePath, drop order)', () => {
    const root = join(dir, 'pets');
    const files = ['dog/b.png', 'cat/a.png', 'dog/a.png', '10/z.png', 'cat/c.png'];
    const one = PNG.sync.write(Object.assign(new PNG({ width: 1, height: 1 }), { data: Buffer.from([9, 9, 9, 255]) }));
    for (const f of files) {
      mkdirSync(join(root, f.split('/')[0]), { recursive: true });
      writeFileSync(join(root, f), one);
    }
    writeFileSync(join(root, '.DS_Store'), 'x');
    const cli = readImageFolder(root);
    // A dropped folder's files arrive as <folder>/<class>/<file>, in whatever order the browser lists them.
    const dropped = ['pets/.DS_Store', ...files.reverse().map((f) => `pets/${f}`)];
    const page = planImageFolder(dropped, browser);
    expect(cli.classes).toEqual(page.classes);
    expect(cli.classes).toEqual(['10', 'cat', 'dog']);
    expect(Array.from(cli.labels!)).toEqual(Array.from(page.labels!));
    expect(cli.images.map((i) => i.path)).toEqual(page.order.map((i) => dropped[i].slice('pets/'.length)));
  });
});

