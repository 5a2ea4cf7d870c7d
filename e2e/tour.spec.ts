/**
 * The tour stays aligned while work runs: opened during the first analysis, while the job
 * bar, the results and the charts appear and push the page around, its highlight keeps
 * framing its target (issue: 40 px off before). Sampled frame by frame, in the page, after
 * the tour placed itself for that frame, until the analysis is done and a while after.
 * (Before the fix the highlight was measured once and on scroll/resize only: 36 px off at
 * 1440 px wide, 6 px at 1024, with this test.)
 */
import { expect, test } from './fixtures';

interface Sample { dx: number; dy: number; dw: number; dh: number; target: number[]; busy: boolean }

for (const width of [1440, 1024]) {
  test.describe(`${width} px wide`, () => {
    test.use({ viewport: { width, height: 900 } });
    test('the tour highlight follows its target during the first analysis and on every step', async ({ page, studio }) => {
      await page.goto('/?backend=wasm', { waitUntil: 'commit' });
      await page.getByTestId('tour.open').click();
      const highlight = page.getByTestId('tour.highlight');
      await expect(highlight).toBeVisible();
      // Opened while the first analysis still runs.
      const runningAtOpen = await page.getByTestId('job.idle').count() === 0 || await studio.rows.count() === 0;
      expect(runningAtOpen, 'the tour opened during the first analysis').toBe(true);

      // Every frame until the analysis is done, and 60 frames after: highlight rect vs target rect.
      const samples: Sample[] = await page.evaluate(() => new Promise<Sample[]>((resolve) => {
        const out: Sample[] = [];
        let after = 0;
        const sample = () => {
          const hl = document.querySelector<HTMLElement>('[data-testid="tour.highlight"]');
          const target = hl && document.querySelector<HTMLElement>(`[data-testid="${hl.dataset.target}"]`);
          if (hl && target) {
            const inset = Number(hl.dataset.inset);
            const h = hl.getBoundingClientRect();
            const t = target.getBoundingClientRect();
            out.push({
              dx: h.left + inset - t.left, dy: h.top + inset - t.top, dw: h.width - 2 * inset - t.width, dh: h.height - 2 * inset - t.height,
              target: [t.left, t.top, t.width, t.height],
              // Work running: the job bar shows its progress.
              busy: document.querySelector('[data-testid="job.progress"]') !== null,
            });
          }
          const idle = document.querySelector('[data-testid="job.idle"]') && document.querySelector('[data-testid="layers.row"]');
          if (idle) after++;
          if (after > 60 || out.length > 20_000) resolve(out);
          else requestAnimationFrame(sample);
        };
        requestAnimationFrame(sample);
      }));
      expect(samples.length).toBeGreaterThan(60);
      // The target did move or resize while the page filled in: what made the old highlight drift.
      const moved = new Set(samples.map((s) => s.target.map(Math.round).join(','))).size;
      console.log(`${samples.length} frames sampled, target at ${moved} different places/sizes`);
      // Frames sampled while the job bar showed work running, each within 2 px like the rest.
      const busy = samples.filter((s) => s.busy);
      expect(busy.length, 'frames sampled while the job bar is visible').toBeGreaterThan(5);
      const worstBusy = busy.reduce((m, s) => Math.max(m, Math.abs(s.dx), Math.abs(s.dy), Math.abs(s.dw), Math.abs(s.dh)), 0);
      expect(worstBusy, 'largest gap while work runs (px)').toBeLessThanOrEqual(2);
      const worst = samples.reduce((m, s) => Math.max(m, Math.abs(s.dx), Math.abs(s.dy), Math.abs(s.dw), Math.abs(s.dh)), 0);
      expect(worst, 'largest gap between highlight and target (px)').toBeLessThanOrEqual(2);

      // Each step's highlight frames its own target once shown (targets below the fold are scrolled to).
      const steps = Number((await page.getByTestId('tour.step').textContent())?.match(/of (\d+)/)?.[1]);
      for (let i = 0; i < steps; i++) {
        const aligned = await page.evaluate(async () => {
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          const hl = document.querySelector<HTMLElement>('[data-testid="tour.highlight"]')!;
          const target = document.querySelector(`[data-testid="${hl.dataset.target}"]`);
          // A target with no box (a folded panel at a narrow width) gets no highlight, only the card.
          if (getComputedStyle(hl).display === 'none') return !target || target.getClientRects().length === 0 || target.getBoundingClientRect().width === 0 ? 'aligned' : 'hidden';
          const inset = Number(hl.dataset.inset);
          const h = hl.getBoundingClientRect();
          // The step's own target (named on the highlight), framed within 2 px on every edge.
          const r = target!.getBoundingClientRect();
          const gaps = [h.left + inset - r.left, h.top + inset - r.top, h.right - inset - r.right, h.bottom - inset - r.bottom];
          return gaps.every((g) => Math.abs(g) <= 2) ? 'aligned' : `off by ${gaps.map((g) => g.toFixed(1)).join(', ')}`;
        });
        expect(aligned, `step ${i + 1}`).toBe('aligned');
        await page.getByTestId('tour.next').click();
      }
      await expect(page.getByTestId('tour')).toHaveCount(0);
    });
  });
}
