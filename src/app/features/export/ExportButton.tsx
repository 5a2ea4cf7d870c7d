/** Downloads the current config as JSON (checked against the schema first). */
import { dispatch, getState, showError, useStudio } from '../../store';
import { configFileName, exportProblem } from './configFile';
import { serializeConfigInSlices } from './configText';

export function ExportButton() {
  const ready = useStudio((s) => s.config !== null);
  const exportNow = async () => {
    const config = getState().config;
    if (!config) return;
    const text = await serializeConfigInSlices(config);
    const problem = await exportProblem(text).catch((e: Error) => `cannot check it (${e.message})`);
    if (problem) {
      dispatch(showError, `The config does not match its schema: ${problem}`);
      return;
    }
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = configFileName(config);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <button type="button" data-testid="export.config" disabled={!ready} onClick={() => void exportNow()}
      title="Download the config JSON (every layer's scheme and bits)">Export config</button>
  );
}
