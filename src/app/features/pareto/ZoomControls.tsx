/**
 * The Pareto chart's range controls under the plot: where the y axis starts, "Fit the best" /
 * "Show all", zoom in / out / reset (the keyboard's way to the drag-to-zoom), and the note
 * counting the points the view hides.
 */
import { metricLabel } from './paretoData';
import type { ParetoMetric } from './paretoData';

interface ZoomControlsProps {
  metric: ParetoMetric;
  /** The interesting y range and the one showing every point. */
  fit: [number, number];
  full: [number, number];
  /** The y floor the user chose (null: the interesting range). */
  yFloor: number | null;
  /** Where the y axis starts now (zoom included). */
  yMin: number;
  zoomed: boolean;
  onYFloor: (v: number | null) => void;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onReset: () => void;
  /** What the view hides, or null. */
  note: string | null;
}

export function ZoomControls({ metric, fit, full, yFloor, yMin, zoomed, onYFloor, onZoomIn, onZoomOut, onReset, note }: ZoomControlsProps) {
  const max = fit[1] - 5;
  const shown = Math.round(yMin * 10) / 10;
  return (
    <div className="pareto-zoom" role="group" aria-label="Zoom and range">
      <label>
        {metricLabel(metric)} from{' '}
        <input type="number" data-testid="pareto.yMin" min={0} max={Math.max(max, shown)} step={zoomed ? 'any' : 5} value={shown}
          aria-label={`${metricLabel(metric)} axis starts at (percent, 0 to ${max}, steps of 5)`}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (e.target.value !== '' && Number.isFinite(v) && v >= 0 && v <= max) onYFloor(v);
          }} /> %
      </label>
      <button type="button" data-testid="pareto.yFit" aria-pressed={!zoomed && yFloor === null} onClick={() => onYFloor(null)}>Fit the best</button>
      <button type="button" data-testid="pareto.yFull" aria-pressed={!zoomed && yFloor === full[0]} onClick={() => onYFloor(full[0])}>Show all</button>
      <span className="pareto-zoom-buttons">
        <button type="button" data-testid="pareto.zoomIn" onClick={onZoomIn} aria-label="Zoom in" title="Zoom in (+)">+</button>
        <button type="button" data-testid="pareto.zoomOut" onClick={onZoomOut} aria-label="Zoom out" title="Zoom out (−)">−</button>
        <button type="button" data-testid="pareto.zoomReset" onClick={onReset} disabled={!zoomed} title="Back to the default view (0 or double-click)">Reset zoom</button>
      </span>
      {note && (
        <span className="pareto-n" data-testid={zoomed ? 'pareto.outside' : 'pareto.below'} role="status">{note}</span>
      )}
    </div>
  );
}
