/** Top bar: title, loaded model, undo/redo, export/import, backend, weight-sweep path. */
import { compact } from '../../components/format';
import { useState } from 'react';
import { analyze } from '../../flows/session';
import { dispatch, redo, undo, useStudio } from '../../store';
import { DEFAULT_TOUR_STEPS, GuidedTour } from '../teaching';

// The file input is visually hidden; the tour points at the visible drop zone instead.
const TOUR_STEPS = DEFAULT_TOUR_STEPS.map((s) => (s.target === 'drop.input' ? { ...s, target: 'drop.zone' } : s));
import { PipelineExports } from '../export/PipelineExports';
import { ExportButton } from '../export/ExportButton';
import { BackendStatus } from './BackendStatus';
import { WeightSweepStatus } from './WeightSweepStatus';

export function Header() {
  const model = useStudio((s) => s.model);
  const canUndo = useStudio((s) => s.history.past.length > 0);
  const canRedo = useStudio((s) => s.history.future.length > 0);
  const busy = useStudio((s) => s.job !== null);
  const [touring, setTouring] = useState(false);
  return (
    <header className="header">
      <h1 className="title">Quantization Studio</h1>
      <div className="model-name" data-testid="model.name">
        {model ? (
          <>
            <strong>{model.name}</strong>
            <span className="muted"> · {model.format} · {compact(model.parameters)} params · {model.layers.length} quantizable layers</span>
          </>
        ) : <span className="muted">no model yet</span>}
      </div>
      <div className="header-actions">
        <button type="button" data-testid="analysis.run" disabled={!model || busy} onClick={() => void analyze(true)}
          title="Run the full SQNR analysis again">Analyse</button>
        <button type="button" data-testid="edit.undo" disabled={!canUndo} onClick={() => dispatch(undo, undefined)}
          title="Undo (Ctrl+Z)">Undo</button>
        <button type="button" data-testid="edit.redo" disabled={!canRedo} onClick={() => dispatch(redo, undefined)}
          title="Redo (Ctrl+Shift+Z)">Redo</button>
        <ExportButton />
        <PipelineExports />
        <button type="button" data-testid="tour.open" onClick={() => setTouring(true)} title="A short guided tour">Tour</button>
      </div>
      {touring && <GuidedTour steps={TOUR_STEPS} onClose={() => setTouring(false)} />}
      <BackendStatus />
      <WeightSweepStatus />
    </header>
  );
}
