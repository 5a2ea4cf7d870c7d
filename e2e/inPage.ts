/**
 * Functions run inside the page with page.evaluate. Each is self-contained (Playwright sends
 * its source text) and waits with light in-page timers: Playwright's own locator polling
 * runs on the page's main thread and would show up as long tasks in what is measured.
 */

/** Clicks Analyse and waits until its job has started and ended (+ 300 ms); page times of both ends. */
export async function analyseAndWait(): Promise<{ from: number; to: number }> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const idle = () => document.querySelector('[data-testid="job.idle"]') !== null;
  const from = performance.now();
  document.querySelector<HTMLButtonElement>('[data-testid="analysis.run"]')!.click();
  while (idle()) await sleep(20);
  while (!idle()) await sleep(250);
  await sleep(300);
  return { from, to: performance.now() };
}
