/**
 * Page object for the studio: the small language the e2e tests are written in.
 * Every locator goes through a data-testid listed in docs/testids.md.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class Studio {
  readonly backend: Locator;
  readonly backendSelect: Locator;
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

  /** Console messages about Content-Security-Policy violations seen so far. */
  readonly cspViolations: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (m) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) this.cspViolations.push(m.text());
    });
    const id = (t: string) => page.getByTestId(t);
    this.backend = id('status.backend');
    this.backendSelect = id('status.backendSelect');
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

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: false });
  }
}
