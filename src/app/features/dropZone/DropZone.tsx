/**
 * The drop zone: drop (or pick) model.json + shards, a folder, a .zip, a config JSON or a
 * folder of images. The whole page accepts drops; this panel is the visible target.
 */
import { useEffect, useRef, useState } from 'react';
import { DEMOS, loadDemo } from '../../flows/session';
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
        <strong>Drop a model</strong> (model.json + weight shards, a folder or a .zip), a config JSON, or a folder of
        images with one sub-folder per class.
      </p>
      <div className="drop-actions">
        <label className="button">
          Choose files…
          <input ref={input} type="file" multiple data-testid="drop.input" className="visually-hidden"
            accept=".json,.bin,.zip,image/*,application/json,application/zip,application/octet-stream"
            onChange={(e) => { void take(filesFromInput(e.target.files)); e.target.value = ''; }} />
        </label>
        <label className="button" title="A model folder, or images in one sub-folder per class">
          Choose folder…
          <input type="file" data-testid="drop.folder" className="visually-hidden" {...{ webkitdirectory: '' }}
            onChange={(e) => { void take(filesFromInput(e.target.files)); e.target.value = ''; }} />
        </label>
        <div className="demos">
          <span className="muted">Demos:</span>
          {DEMOS.map((d) => (
            <button key={d.name} type="button" data-testid={`demo.${d.name}`} disabled={busy}
              aria-pressed={source === `demo:${d.name}`} onClick={() => void loadDemo(d.name)}>{d.title}</button>
          ))}
        </div>
      </div>
    </section>
  );
}
