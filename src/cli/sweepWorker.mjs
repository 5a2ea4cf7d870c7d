// Worker thread launcher for the CLI's parallel weight sweep when it runs from source:
// plain .mjs so Node can start it directly; registers tsx, then runs sweepWorkerEntry.ts.
// (The bundled CLI starts .cache/cli/sweepWorker.mjs, built from the same entry.)
import { register } from 'tsx/esm/api';

register();
await import('./sweepWorkerEntry.ts');
