/// <reference types="vite/client" />
/**
 * Benchmark driver page: the studio's worker bridge (src/app/bridge, the same worker the
 * app uses) on window.__qsBench, so scripts/bench/browser.ts can time worker calls with
 * page.evaluate. Served by the Vite dev server; never part of the built app.
 */
import { worker } from '../../../src/app/bridge';

(window as unknown as { __qsBench: { worker: typeof worker } }).__qsBench = { worker };
const status = document.querySelector('[data-testid="bench.status"]');
if (status) status.textContent = 'ready';
