/** What happens with a drop: load a model, import a config, or use images as data. */
import type { DroppedFile } from '../../bridge';
import { configReady, dispatch, getState, showError } from '../../store';
import { loadImageData, loadModelFiles } from '../../flows/session';
import { importConfig } from '../../flows/configIn';
import { classifyDrop } from './readDrop';

export async function handleDroppedFiles(files: DroppedFile[]): Promise<void> {
  const drop = await classifyDrop(files);
  switch (drop.kind) {
    case 'model':
      await loadModelFiles(drop.files);
      return;
    case 'images':
      await loadImageData(drop.files);
      return;
    case 'config': {
      try {
        dispatch(configReady, await importConfig(drop.json, getState().model, drop.file.path));
      } catch (e) {
        dispatch(showError, (e as Error).message);
      }
      return;
    }
    default:
      dispatch(showError, drop.reason);
  }
}
