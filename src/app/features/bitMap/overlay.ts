/**
 * Canvas overlays of the bit map drawn over the rasterised cells: the filter ruler, the
 * selection, the brushed range and the hovered / keyboard cell.
 */
import { ROW_H, RULER_H, fractionStep, rulerStep } from './viewport';
import type { Cell, CellRange, RowLayout } from './viewport';

interface OverlayView {
  width: number;
  height: number;
  /** Cell width per row (CSS px). */
  cellWs: readonly number[];
  /** Width of one filter of the widest layer. */
  cellW: number;
  columns: number;
  filtersPerLayer: readonly number[];
  scrollX: number;
  scrollY: number;
  layout: RowLayout;
}

interface OverlayState {
  selected?: { layer: number; filter?: number };
  brush: CellRange | null;
  mark: Cell | null;
}

export function drawOverlays(ctx: CanvasRenderingContext2D, v: OverlayView, s: OverlayState): void {
  drawRuler(ctx, v);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, RULER_H, v.width, v.height - RULER_H);
  ctx.clip();
  const box = (layer: number, f0: number, f1: number) => {
    const w = v.cellWs[layer];
    return [f0 * w - v.scrollX, RULER_H + layer * ROW_H - v.scrollY, Math.max(2, (f1 - f0 + 1) * w), ROW_H - 1] as const;
  };
  const sel = s.selected;
  if (sel && sel.layer >= 0 && sel.layer < v.filtersPerLayer.length) {
    const n = v.filtersPerLayer[sel.layer];
    const f = sel.filter;
    const [x, y, w, h] = f === undefined ? box(sel.layer, 0, Math.max(0, n - 1)) : box(sel.layer, f, f);
    strokeBox(ctx, x, y, w, h, '#000', 2);
  }
  if (s.brush) {
    const r = s.brush;
    ctx.fillStyle = 'rgba(255,255,255,0.35)';
    for (let l = r.layerStart; l <= r.layerEnd && l < v.filtersPerLayer.length; l++) {
      const last = Math.min(r.filterEnd, v.filtersPerLayer[l] - 1);
      if (last < r.filterStart) continue;
      const [x, y, w, h] = box(l, r.filterStart, last);
      ctx.fillRect(x, y, w, h);
      strokeBox(ctx, x, y, w, h, '#d55e00', 2);
    }
  }
  if (s.mark) {
    const [x, y, w, h] = box(s.mark.layer, s.mark.filter, s.mark.filter);
    strokeBox(ctx, x, y, w, h, '#fff', 3);
    strokeBox(ctx, x, y, w, h, '#000', 1);
  }
  ctx.restore();
}

function strokeBox(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, colour: string, lw: number) {
  ctx.strokeStyle = colour;
  ctx.lineWidth = lw;
  ctx.strokeRect(x + lw / 2, y + lw / 2, Math.max(0, w - lw), Math.max(0, h - lw));
}

function drawRuler(ctx: CanvasRenderingContext2D, v: OverlayView) {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, v.width, RULER_H);
  ctx.fillStyle = '#555';
  ctx.strokeStyle = '#999';
  ctx.lineWidth = 1;
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const tick = (x: number, label: string) => {
    const px = Math.round(x) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, RULER_H - 5);
    ctx.lineTo(px, RULER_H);
    ctx.stroke();
    ctx.fillText(label, px + 2, RULER_H / 2 - 1);
  };
  if (v.layout === 'stretch') {
    const contentW = v.columns * v.cellW;
    const step = fractionStep(contentW);
    for (let k = 0; k * step < 1 - 1e-9; k++) {
      const x = k * step * contentW - v.scrollX;
      if (x >= 0 && x < v.width) tick(x, `${Math.round(k * step * 100)}%`);
    }
    return;
  }
  const step = rulerStep(v.cellW);
  const first = Math.floor(v.scrollX / v.cellW / step) * step;
  for (let f = first; f < v.columns && f * v.cellW - v.scrollX < v.width; f += step) {
    const x = f * v.cellW - v.scrollX;
    if (x >= 0) tick(x, String(f));
  }
}
