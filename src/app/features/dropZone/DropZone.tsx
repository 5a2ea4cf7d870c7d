/**
 * The drop zone: drop (or pick) model.json + shards, a .onnx (+ external data), a folder, a .zip, a config JSON or a
 * folder of images. The whole page accepts drops; this panel is the visible target.
 */
import { useEffect, useRef, useState } from 'react';
import { DEMOS, loadDemo, parseInputShapeField, reloadLastModel, setOnnxInputShape } from '../../flows/session';
import { dispatch, showError, useStudio } from '../../store';
import { filesFromDataTransfer, filesFromInput } from './readDrop';
import { handleDroppedFiles } from './handleDrop';

async function take(read: Promise<Awaited<ReturnType<typeof filesFromInput>>>) {
  try {
    await handleDroppedFiles(await read);
  } catch (e) {
    dispatch(showError, (e as Error).message);
  }
}

export function DropZone() {
  const [over, setOver] = useState(false);
  const busy = useStudio((s) => s.job !== null);
  const source = useStudio((s) => s.model?.source);
  const input = useRef<HTMLInputElement>(null);
  const [shapeText, setShapeText] = useState('');
  const shape = parseInputShapeField(shapeText);
  const limits = useStudio((s) => s.model?.limits ?? null);

  useEffect(() => {
    const onOver = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setOver(true);
    };
    const onLeave = (e: DragEvent) => { if (!e.relatedTarget) setOver(false); };
    const onDrop = (e: DragEvent) => {
      if (!e.dataTransfer) return;
      e.preventDefault();
      setOver(false);
      void take(filesFromDataTransfer(e.dataTransfer));
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return (
    <section className={`dropzone${over ? ' over' : ''}`} data-testid="drop.zone" aria-busy={busy} aria-labelledby="drop-heading">
      <h2 id="drop-heading" className="panel-title">Model and data</h2>
      <p>
        <strong>Drop a model</strong> (model.json + weight shards, a .onnx with its external data, a folder or a .zip),
        a config JSON, or a folder of images with one sub-folder per class.
      </p>
      <div className="drop-actions">
        <label className="button">
          Choose files…
          <input ref={input} type="file" multiple data-testid="drop.input" className="visually-hidden"
            accept=".json,.bin,.zip,.onnx,.data,image/*,application/json,application/zip,application/octet-stream"
            onChange={(e) => { void take(filesFromInput(e.target.files)); e.target.value = ''; }} />
        </label>
        <label className="button" title="A model folder, or images in one sub-folder per class">
          Choose folder…
          <input type="file" data-testid="drop.folder" className="visually-hidden" {...{ webkitdirectory: '' }}
            onChange={(e) => { void take(filesFromInput(e.target.files)); e.target.value = ''; }} />
        </label>
        <label className="input-shape" title="ONNX models whose input has dynamic dimensions: the input's shape in its own order, e.g. 1,3,224,224">
          Input shape{' '}
          <input type="text" data-testid="drop.inputShape" placeholder="e.g. 1,3,224,224" size={14} value={shapeText}
            aria-invalid={typeof shape === 'string'}
            onChange={(e) => {
              setShapeText(e.target.value);
              const dims = parseInputShapeField(e.target.value);
              setOnnxInputShape(Array.isArray(dims) ? dims : undefined);
            }} />
        </label>
        {Array.isArray(shape) && (
          <button type="button" data-testid="drop.reload" disabled={busy} onClick={() => void reloadLastModel()}>Load again with this shape</button>
        )}
        {typeof shape === 'string' && <span className="error" role="alert" data-testid="drop.inputShapeError">{shape}</span>}
        <div className="demos">
          <span className="muted">Demos:</span>
          {DEMOS.map((d) => (
            <button key={d.name} type="button" data-testid={`demo.${d.name}`} disabled={busy}
              aria-pressed={source === `demo:${d.name}`} onClick={() => void loadDemo(d.name)}>{d.title}</button>
          ))}
        </div>
      </div>
      {limits && <p className="muted" data-testid="model.limits">{limits}</p>}
    </section>
  );
}
