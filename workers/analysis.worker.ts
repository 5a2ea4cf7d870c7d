/**
 * The analysis worker: one comlink endpoint that owns tfjs, the loaded model and the data.
 * The app talks to it only through src/app/bridge, whose API type is derived from this file.
 */
import { expose } from 'comlink';
import { backendApi } from './api/backend';
import { sessionApi } from './api/session';
import { analysisApi } from './api/analysis';
import { methodsApi } from './api/methods';

const api = { ...backendApi, ...sessionApi, ...analysisApi, ...methodsApi };
expose(api);
export type AnalysisApi = typeof api;
