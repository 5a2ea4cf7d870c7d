/**
 * Page object for the studio: the small language the e2e tests are written in.
 * Every locator goes through a data-testid listed in docs/testids.md.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';

export class Studio {
  readonly backend: Locator;
  readonly backendSelect: Locator;
  /** How the last analysis' weight sweep ran (`data-path` kernel / cpu / kernel-fallback). */
  readonly weightSweep: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly error: Locator;
  readonly notice: Locator;
  readonly progress: Locator;
  readonly cancel: Locator;
  readonly dropZone: Locator;
  readonly dropInput: Locator;
  readonly exportButton: Locator;
  readonly undoButton: Locator;
  readonly redoButton: Locator;
  readonly detail: Locator;
  readonly idle: Locator;
  readonly analyseButton: Locator;
  readonly jobLabel: Locator;

  /** Console messages about Content-Security-Policy violations seen so far. */
  readonly cspViolations: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (m) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) this.cspViolations.push(m.text());
    });
    const id = (t: string) => page.getByTestId(t);
    this.backend = id('status.backend');
    this.backendSelect = id('status.backendSelect');
    this.weightSweep = id('status.weightSweep');
    this.table = id('layers.table');
    this.rows = id('layers.row');
    this.error = id('error.message');
    this.notice = id('notice.message');
    this.progress = id('job.progress');
    this.cancel = id('job.cancel');
    this.dropZone = id('drop.zone');
    this.dropInput = id('drop.input');
    this.exportButton = id('export.config');
    this.undoButton = id('edit.undo');
    this.redoButton = id('edit.redo');
    this.detail = id('layer.detail');
    this.idle = id('job.idle');
    this.analyseButton = id('analysis.run');
    this.jobLabel = id('job.label');
  }

  /** Opens the studio (query like "?backend=wasm") and waits until the demo is analysed. */
  async open(query = ''): Promise<this> {
    await this.page.goto(`/${query}`);
    await this.waitUntilIdle();
    return this;
  }

  /** Waits until layers are listed, the analysis config is in, and no job runs. */
  async waitUntilIdle(): Promise<void> {
    await expect(this.rows.first()).toBeVisible({ timeout: 60_000 });
    await expect(this.idle).toBeVisible({ timeout: 90_000 });
  }

  async backendName(): Promise<string> {
    await expect(this.backend).toHaveAttribute('data-backend', /\w+/);
    return (await this.backend.getAttribute('data-backend')) ?? '';
  }

  async wasmBinary(): Promise<string> {
    return (await this.backend.getAttribute('data-wasm-binary')) ?? '';
  }

  async layerNames(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-layer') ?? ''));
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="layers.row"][data-layer="${name}"]`);
  }

  async workerGeneration(): Promise<number> {
    const bar = this.page.locator('[data-worker-generation]');
    return Number(await bar.getAttribute('data-worker-generation'));
  }

  bitsInput(layer: string): Locator {
    return this.row(layer).getByTestId('layers.bits');
  }

  async setBits(layer: string, bits: number): Promise<void> {
    await this.bitsInput(layer).fill(String(bits));
    await expect(this.bitsInput(layer)).toHaveValue(String(bits));
  }

  /** Picks files through the drop zone's <input type=file multiple>. */
  async pickFiles(paths: string[]): Promise<void> {
    await this.dropInput.setInputFiles(paths);
  }

  /** Picks in-memory files (path → bytes) through the same input; only the base names travel (the input carries no folders). */
  async pickFileBytes(files: Iterable<readonly [string, Uint8Array]>): Promise<void> {
    await this.dropInput.setInputFiles([...files].map(([path, bytes]) => ({
      name: basename(path), mimeType: path.endsWith('.json') ? 'application/json' : 'application/octet-stream', buffer: Buffer.from(bytes),
    })));
  }

  /** A real drop event on the drop zone, with a DataTransfer built in the page. */
  async dropFiles(paths: string[]): Promise<void> {
    const files = paths.map((p) => ({ name: basename(p), base64: readFileSync(p).toString('base64') }));
    await this.dropZone.evaluate((zone, list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    }, files);
  }

  /** Clicks Export and returns the downloaded file's path and parsed JSON. */
  async exportConfig(): Promise<{ path: string; json: { model: { hash: string }; layers: { name: string; weights: { bits: unknown; scheme: string } }[] } }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportButton.click()]);
    const path = test.info().outputPath(download.suggestedFilename());
    await download.saveAs(path);
    return { path, json: JSON.parse(readFileSync(path, 'utf8')) };
  }

  /** The summary bar's accuracy / agreement figure (`updating…` while an edit is re-measured). */
  get accuracy(): Locator {
    return this.page.getByTestId('summary.accuracy');
  }

  /** Waits until the accuracy figure is measured (not `updating…`) and returns its text. */
  async measuredAccuracy(timeout = 30_000): Promise<string> {
    await expect(this.accuracy).toHaveAttribute('data-state', 'measured', { timeout });
    return (await this.accuracy.textContent()) ?? '';
  }

  /** Weight size of the current config in bytes (the summary bar's `data-bytes`). */
  async sizeBytes(): Promise<number> {
    return Number(await this.page.getByTestId('summary.size').getAttribute('data-bytes'));
  }

  /** Clicks a download button and returns the file's parsed JSON. */
  async downloadJson<T>(button: Locator): Promise<{ name: string; json: T }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    const path = test.info().outputPath(download.suggestedFilename());
    await download.saveAs(path);
    return { name: download.suggestedFilename(), json: JSON.parse(readFileSync(path, 'utf8')) as T };
  }

  /**
   * Brushes a range on the bit map with the keyboard (first cell, then Shift+→ `filters − 1`
   * times, Enter) and sets those filters' bits through the inline group control.
   */
  async setGroupBits(filters: number, bits: number): Promise<void> {
    const canvas = this.page.getByTestId('bitmap.canvas');
    await canvas.focus();
    await canvas.press('ArrowRight');
    await canvas.press('ArrowLeft');
    for (let i = 1; i < filters; i++) await canvas.press('Shift+ArrowRight');
    await canvas.press('Enter');
    await expect(this.page.getByTestId('bitmap.group')).toBeVisible();
    await this.page.getByTestId('bitmap.groupBits').fill(String(bits));
    await this.page.getByTestId('bitmap.groupApply').click();
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: false });
  }
}
