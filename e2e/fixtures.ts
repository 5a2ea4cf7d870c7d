/**
 * The test object every spec uses: a `studio` page object, and a check that the page made
 * no request to any other origin during the test (nothing leaves the user's machine).
 */
import { test as base, expect } from '@playwright/test';
import { Studio } from './pages/studio';

export const test = base.extend<{ studio: Studio; foreignRequests: string[] }>({
  foreignRequests: [async ({ page, baseURL }, use) => {
    const origin = new URL(baseURL ?? 'http://localhost').origin;
    const foreign: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (/^(data|blob):/.test(url)) return;
      if (new URL(url).origin !== origin) foreign.push(url);
    });
    await use(foreign);
    expect(foreign, 'requests to other origins').toEqual([]);
  }, { auto: true }],
  studio: async ({ page }, use) => {
    await use(new Studio(page));
  },
});

export { expect };
