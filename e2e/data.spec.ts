/** The user's own images as data, labeled by class sub-folder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

test('a folder of images in class sub-folders becomes the labeled data', async ({ page, studio }, info) => {
  await studio.open('?backend=wasm');
  // Draw digits 0, 1 and 7 in the page (white on black, like the demo) and save them as PNGs.
  const pngs = await page.evaluate(() => {
    const out: { label: string; base64: string }[] = [];
    for (const label of ['0', '1', '7']) {
      for (let i = 0; i < 4; i++) {
        const c = document.createElement('canvas');
        c.width = 28;
        c.height = 28;
        const g = c.getContext('2d')!;
        g.fillStyle = '#000';
        g.fillRect(0, 0, 28, 28);
        g.fillStyle = '#fff';
        g.font = `bold ${20 + i}px sans-serif`;
        g.textAlign = 'center';
        g.textBaseline = 'middle';
        g.fillText(label, 14 + (i % 2), 15);
        out.push({ label, base64: c.toDataURL('image/png').split(',')[1] });
      }
    }
    return out;
  });
  const root = info.outputPath('digits');
  pngs.forEach((p, i) => {
    mkdirSync(join(root, p.label), { recursive: true });
    writeFileSync(join(root, p.label, `${i}.png`), Buffer.from(p.base64, 'base64'));
  });
  await page.getByTestId('drop.folder').setInputFiles(root);
  await expect(page.getByTestId('summary.bar')).toContainText('your images (12, labeled)');
  await studio.waitUntilIdle();
  await expect(studio.error).toHaveCount(0);
  await expect(page.getByTestId('summary.bar')).toContainText('%');
});
