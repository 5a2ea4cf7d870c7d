/**
 * "Pipelines" menu of the header: one download per encoding format a deployment pipeline
 * consumes (AIMET 2.0.0 / 1.0.0 / legacy 0.6.1, onnxruntime TensorQuantOverrides). The
 * writing is src/quant/export, run in the worker with the loaded model's tensor names (the
 * CLI's --export-encodings writes the same files). Each
 * button is disabled with its reason shown beside it when the format cannot hold the config;
 * after a download, the layers the format left out are named in a notice. The list under the
 * buttons says which layers have no integer grid at all (log, NLQ, differing per-filter
 * widths): those stay fake-quantized in float in every export.
 */
import { useDeferredValue, useMemo } from 'react';
import { ENCODING_FORMATS, encodingsBlocker, type EncodingFormat } from '../../../quant/export/formats';
import { weightGrid, activationGrid } from '../../../quant/export/grid';
import type { StudioConfig } from '../../../quant/types';
import { worker } from '../../bridge';
import { runJob } from '../../flows/job';
import { dispatch, getState, showError, showNotice, useStudio } from '../../store';
import { downloadFile } from './download';

/** Test id of a format's button; 0.6.1 keeps the id it always had. */
const TEST_IDS: Record<EncodingFormat['id'], string> = {
  'aimet-2': 'export.aimet2', 'aimet-1': 'export.aimet1', 'aimet-0.6.1': 'export.aimet', 'ort-overrides': 'export.ortOverrides',
};

/** Layers (or their activations) with no integer grid in this config, with the reason. */
export function floatOnlyLayers(config: StudioConfig | null): string[] {
  if (!config) return [];
  const out: string[] = [];
  for (const l of config.layers) {
    const w = weightGrid(l);
    if ('kind' in w && w.kind === 'no-grid') out.push(w.reason);
    const a = activationGrid(l);
    if (a && 'kind' in a && a.kind === 'no-grid') out.push(a.reason);
  }
  return out;
}

function FormatButton({ format, config }: { format: EncodingFormat; config: StudioConfig | null }) {
  const blocker = useMemo(() => encodingsBlocker(config, format.id), [config, format.id]);
  const id = TEST_IDS[format.id];
  const exportNow = async () => {
    const config = getState().config;
    if (!config) return;
    try {
      // Written in the worker, which names the tensors as the loaded model does (ONNX: the graph's own names).
      const w = await worker.exportEncodings(config, format.id);
      downloadFile(w.text, w.fileName, 'application/json');
      if (w.skipped.length) dispatch(showNotice, `${format.title}: left out ${w.skipped.map((s) => s.reason).join('; ')}`);
    } catch (e) {
      dispatch(showError, `${format.title}: ${(e as Error).message}`);
    }
  };
  return (
    <li>
      <button type="button" data-testid={id} disabled={blocker !== null} onClick={() => void exportNow()}
        title={blocker ?? format.description} aria-describedby={`${id}-why`}>{format.title}</button>
      <span id={`${id}-why`} className="muted" data-testid={`${id}.reason`}>{blocker ?? format.description}</span>
    </li>
  );
}

/** Why the QDQ model cannot be exported for this config, or null. */
export function qdqBlocker(config: StudioConfig | null, busy: boolean): string | null {
  if (!config) return 'Load a model first';
  if (config.model.format !== 'onnx') return 'QDQ rewrites an ONNX graph: open an ONNX model (a TensorFlow.js model exports as tfjs files with Export model)';
  if (busy) return 'Wait for the running job to finish';
  return null;
}

/** Downloads `<model>.qdq.onnx` (src/model/onnx/qdq.ts) and names what stayed float. */
function QdqButton({ config }: { config: StudioConfig | null }) {
  const busy = useStudio((s) => s.job !== null);
  const blocker = qdqBlocker(config, busy);
  const exportNow = async () => {
    const current = getState().config;
    if (!current || qdqBlocker(current, false)) return;
    try {
      const out = await runJob('Exporting the QDQ model', (signal) => worker.exportModelFiles(signal, current));
      if (!out) return;
      const file = out.files.find((f) => f.name.endsWith('.onnx'));
      if (!file) throw new Error('the export wrote no .onnx file');
      downloadFile(file.bytes as Uint8Array<ArrayBuffer>, file.name, 'application/octet-stream');
      if (out.notes.length) dispatch(showNotice, `QDQ model: ${out.notes.map((n) => n.reason).join('; ')}`);
    } catch (e) {
      dispatch(showError, `QDQ model: ${(e as Error).message}`);
    }
  };
  return (
    <li>
      <button type="button" data-testid="export.qdq" disabled={blocker !== null} onClick={() => void exportNow()}
        title={blocker ?? QDQ_DESCRIPTION} aria-describedby="export.qdq-why">ONNX QDQ model</button>
      <span id="export.qdq-why" className="muted" data-testid="export.qdq.reason">{blocker ?? QDQ_DESCRIPTION}</span>
    </li>
  );
}

const QDQ_DESCRIPTION = 'the ONNX model with int8/int4 kernels feeding DequantizeLinear and Q/DQ pairs at quantized activations; stock onnxruntime runs it';

export function PipelineExports() {
  // Deferred: working out each format's blocker walks every layer's grid (≈ 15 ms on 74 layers),
  // so it runs in a background render React can slice, not in the commit that shows a new config.
  const config = useDeferredValue(useStudio((s) => s.config));
  const floatOnly = useMemo(() => floatOnlyLayers(config), [config]);
  return (
    <details className="pipeline-exports" data-testid="export.pipelines">
      <summary>Pipelines</summary>
      <div className="pipeline-menu">
        <ul>
          <QdqButton config={config} />
          {ENCODING_FORMATS.map((f) => <FormatButton key={f.id} format={f} config={config} />)}
        </ul>
        {floatOnly.length > 0 && (
          <p className="muted" data-testid="export.floatLayers">
            No integer grid, so left out of the encodings and fake-quantized in float in the exported model: {floatOnly.join('; ')}.
            The config keeps these decisions.
          </p>
        )}
      </div>
    </details>
  );
}
