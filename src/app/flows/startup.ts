/**
 * First open and reload: backend from the URL (or the saved choice), then the saved
 * session from IndexedDB (model, data, config with edits), else the lenet demo, analysed
 * right away so layers and charts appear within seconds.
 */
import { worker } from '../bridge';
import {
  backendReady, changeSettings, configReady, dataLoaded, dispatch, getState, requestGpuSweep, selectLayer, showNotice, showPlainError,
} from '../store';
import { runJob, takeInterruptedJob } from './job';
import { importConfig } from './configIn';
import { applyUrlMethod } from './methods';
import { loadSaved, startPersisting } from './persist';
import { restoreEdits } from './persistEdits';
import { DEFAULT_DEMO, analyze, holdPicks, initBackend, loadDemo, loadModelFiles, takeHeldPick } from './session';
import { isBackendRequest, readUrl, startUrlSync } from './url';

let started = false;

/**
 * A lost WebGPU device (driver reset, GPU removed, `device.destroy()`): the worker is
 * replaced by one on wasm that reloads the model and data; a job that was running fails
 * with a message saying so and can be run again.
 */
worker.onDeviceLost((reason) => {
  void (async () => {
    dispatch(showNotice, `The WebGPU device was lost (${reason}); switching to WASM and reloading the model…`);
    const info = await runJob('Switching to WASM after the GPU was lost', (signal) => worker.fallBackToWasm(signal, reason));
    if (!info) return;
    dispatch(backendReady, info);
    dispatch(showNotice, `The WebGPU device was lost (${reason}); now running on ${info.name.toUpperCase()} with the model reloaded.`);
  })();
});

export async function startStudio(): Promise<void> {
  if (started) return;
  started = true;
  // A model the user picks before the start-up loads its own wins over the session and the demo.
  holdPicks(true);
  const url = readUrl();
  const [saved, interrupted] = await Promise.all([loadSaved(), takeInterruptedJob()]).catch((e: unknown) => {
    holdPicks(false);
    throw e;
  });
  if (interrupted) {
    dispatch(showNotice, `The previous job (${interrupted}) was interrupted by a reload; showing the last finished state.`);
  }
  // A ?demo= link wins over the saved session unless it names the saved demo itself.
  const savedApplies = !url.demo || (saved.model?.kind === 'demo' && saved.model.name === url.demo);
  // A restored session wins over the URL: the URL only fills what the session lacks, so a
  // reload of `?method=knapsack` never re-runs the method over the user's edits.
  if (saved.settings && savedApplies) dispatch(changeSettings, saved.settings);
  else {
    if (url.method) dispatch(changeSettings, { method: url.method });
    if (url.bits) dispatch(changeSettings, { bits: url.bits });
    if (url.budget !== undefined) dispatch(changeSettings, { budget: url.budget });
  }
  const backend = url.backend ?? (isBackendRequest(saved.backend) ? saved.backend : 'auto');
  if (url.gpuSweep) dispatch(requestGpuSweep, url.gpuSweep);
  await initBackend(backend);

  holdPicks(false);
  const pick = takeHeldPick();
  let ok = false;
  if (pick) ok = 'files' in pick ? await loadModelFiles(pick.files, false) : await loadDemo(pick.demo, false);
  else if (url.demo) ok = await loadDemo(url.demo, false, savedApplies);
  else if (saved.model?.kind === 'files') ok = await loadModelFiles(saved.model.files, false, true);
  else if (saved.model?.kind === 'demo') ok = await loadDemo(saved.model.name, false, true);
  // A picked model that cannot be opened: its error is shown again once the demo's own
  // analysis (which clears the error line) is done, so the user learns why it is not shown.
  const pickFailed = pick && !ok ? { text: getState().error, detail: getState().errorDetail } : null;
  if (!ok) ok = await loadDemo(DEFAULT_DEMO, false);
  if (!ok) return;

  if (saved.data?.kind === 'images' && savedApplies) {
    const files = saved.data.files;
    const summary = await runJob('Reading images', (signal) => worker.loadData(signal, files));
    if (summary) dispatch(dataLoaded, summary);
  }
  const model = getState().model;
  const restored = !pick && saved.config && model && saved.config.model.hash === model.hash && savedApplies
    ? await importConfig(saved.config, model, 'the saved session').catch((e: unknown) => {
      dispatch(showNotice, `${(e as Error).message}; analysing the model afresh.`);
      return null;
    })
    : null;
  if (restored) {
    dispatch(configReady, restored);
    await restoreEdits(saved.edits);
  } else await analyze();

  // A link naming a method (and its bits/budget) reproduces that method's config, unless a
  // restored session already has a config of its own.
  if (url.method && getState().config && !restored) await applyUrlMethod();

  const layer = (restored ? saved.selectedLayer ?? url.layer : url.layer ?? saved.selectedLayer) ?? null;
  if (layer && getState().model?.layers.some((l) => l.name === layer)) dispatch(selectLayer, layer);
  if (pickFailed?.text) dispatch(showPlainError, { text: `${pickFailed.text} The demo is shown instead.`, detail: pickFailed.detail });
  startPersisting();
  startUrlSync();
}
