/**
 * The model view: one row per quantizable layer, sortable by column. The table is one Tab
 * stop (tableKeys.ts): ↑/↓ move the selection, Home/End jump, → / Enter reach the row's
 * bits and scheme; selecting a row opens the layer detail. Names are short display names
 * (full name on hover); the name column is resizable (drag its edge, or Shift+←/→ on it).
 * Columns the panel has no room for (Shape, then MACs, Kind…) are hidden by a container
 * query, so the table never needs a sideways scroll. Only the rows in view and the active
 * row are drawn (rowWindow.ts); aria-rowcount / aria-rowindex say where each drawn row is.
 */
import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { dispatch, selectLayer, sortBy, useStudio, type SortKey } from '../../store';
import { useDisplayNames } from '../useDisplayNames';
import { LayerRowView } from './LayerRowView';
import { ROW_HEIGHT, bodyParts, useRowWindow } from './rowWindow';
import { joinRows, sortRows } from './rows';
import { firstControl, headerKeys } from './tableKeys';

const COLUMNS: { key: SortKey | null; label: string; col: string; title?: string; num?: boolean }[] = [
  { key: 'index', label: '#', col: 'c-index', num: true },
  { key: 'name', label: 'Layer', col: 'c-name' },
  { key: 'kind', label: 'Kind', col: 'c-kind' },
  { key: null, label: 'Shape', col: 'c-shape' },
  { key: 'params', label: 'Params', col: 'c-params', num: true },
  { key: 'macs', label: 'MACs', col: 'c-macs', num: true, title: 'multiply-accumulates per image' },
  { key: null, label: 'SQNR 2…8 bits', col: 'c-spark', title: 'weight SQNR per scheme at 2 to 8 bits' },
  { key: 'bits', label: 'Bits', col: 'c-bits', num: true, title: 'weight bits, 2 to 8' },
  { key: 'scheme', label: 'Scheme', col: 'c-scheme' },
  { key: 'sqnr', label: 'SQNR', col: 'c-sqnr', num: true, title: 'weight SQNR at the chosen bits and scheme' },
];

export const NAME_WIDTH = { min: 80, max: 480, initial: 200, step: 16 };

export function LayerTable() {
  const model = useStudio((s) => s.model);
  const configLayers = useStudio((s) => s.config?.layers);
  const sort = useStudio((s) => s.sort);
  const selected = useStudio((s) => s.selectedLayer);
  const body = useRef<HTMLTableSectionElement>(null);
  const label = useDisplayNames();
  const [nameW, setNameW] = useState(NAME_WIDTH.initial);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const rows = useMemo(
    () => sortRows(joinRows(model?.layers ?? [], configLayers), sort.key, sort.dir),
    [model, configLayers, sort],
  );
  const { first, end } = useRowWindow(scroller, rows.length);
  if (!model) return <div className="panel empty">Loading the demo model…</div>;
  const selectedAt = rows.findIndex((x) => x.layer.name === selected);
  // The active row: the table's one Tab stop, drawn wherever it is.
  const active = selectedAt >= 0 ? selectedAt : rows.length > 0 ? 0 : null;

  const rowEl = (name: string) => body.current?.querySelector<HTMLElement>(`tr[data-layer="${CSS.escape(name)}"]`) ?? null;
  const activeRow = () => body.current?.querySelector<HTMLElement>('tr[tabindex="0"]') ?? null;
  const headerEntry = () => body.current?.closest('table')?.querySelector<HTMLElement>(
    `[data-header-item][data-sort="${sort.key}"]`) ?? null;

  const move = (e: KeyboardEvent) => {
    if (rows.length === 0 || (e.target as HTMLElement).tagName !== 'TR') return;
    const row = e.target as HTMLElement;
    if (e.key === 'ArrowRight' || e.key === 'Enter' || e.key === 'F2') {
      const c = firstControl(row);
      if (c) {
        e.preventDefault();
        dispatch(selectLayer, row.dataset.layer ?? null);
        c.focus();
      }
      return;
    }
    if (e.key === ' ') {
      e.preventDefault();
      dispatch(selectLayer, row.dataset.layer ?? null);
      return;
    }
    const at = rows.findIndex((r) => r.layer.name === row.dataset.layer);
    if (e.key === 'ArrowUp' && at === 0) {
      e.preventDefault();
      headerEntry()?.focus();
      return;
    }
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1, PageDown: at + 10, PageUp: at - 10 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = rows[Math.max(0, Math.min(rows.length - 1, to))];
    dispatch(selectLayer, next.layer.name);
    requestAnimationFrame(() => rowEl(next.layer.name)?.focus());
  };

  const resizeBy = (dx: number) => setNameW((w) => Math.max(NAME_WIDTH.min, Math.min(NAME_WIDTH.max, w + dx)));
  const onResizeDown = (e: PointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    const startX = e.clientX;
    const startW = nameW;
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const moveTo = (ev: globalThis.PointerEvent) => setNameW(Math.max(NAME_WIDTH.min, Math.min(NAME_WIDTH.max, startW + ev.clientX - startX)));
    const up = () => { el.removeEventListener('pointermove', moveTo); el.removeEventListener('pointerup', up); };
    el.addEventListener('pointermove', moveTo);
    el.addEventListener('pointerup', up);
  };
  const onResizeKey = (e: KeyboardEvent<HTMLSpanElement>) => {
    const dx = { '+': NAME_WIDTH.step, '=': NAME_WIDTH.step, '-': -NAME_WIDTH.step }[e.key]
      ?? (e.shiftKey ? { ArrowRight: NAME_WIDTH.step, ArrowLeft: -NAME_WIDTH.step }[e.key] : undefined);
    if (dx === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    resizeBy(dx);
  };

  return (
    <section className="panel table-panel" aria-labelledby="layers-heading">
      <h2 id="layers-heading" className="panel-title table-title">Layers <span className="muted">({model.layers.length})</span></h2>
      <div className="table-scroll" ref={setScroller}>
        <table className="layers" data-testid="layers.table" aria-labelledby="layers-heading" aria-rowcount={rows.length + 1}
          style={{ '--name-w': `${nameW}px` } as React.CSSProperties}>
          <thead>
            <tr aria-rowindex={1} onKeyDown={(e) => headerKeys(e, activeRow)}>
              {COLUMNS.map((c) => (
                <th key={c.label} className={`${c.col}${c.num ? ' num' : ''}`} title={c.title} scope="col"
                  aria-sort={c.key && sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}>
                  {c.key ? (
                    <button type="button" className="sort" data-testid={`layers.sort.${c.key}`} tabIndex={-1} data-header-item
                      data-sort={c.key} onClick={() => dispatch(sortBy, c.key as SortKey)}>
                      {c.label}{sort.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                    </button>
                  ) : c.label}
                  {c.col === 'c-name' && (
                    <span className="col-resize" role="separator" aria-orientation="vertical" tabIndex={-1} data-header-item
                      data-testid="layers.nameResize" aria-label="Resize the layer name column (Shift+arrows or plus/minus)"
                      aria-valuemin={NAME_WIDTH.min} aria-valuemax={NAME_WIDTH.max} aria-valuenow={nameW}
                      onPointerDown={onResizeDown} onKeyDown={onResizeKey} onDoubleClick={() => setNameW(NAME_WIDTH.initial)} />
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody ref={body} onKeyDown={move}>
            {/* One flat list keyed by layer: a row keeps its element (and the focus) when the parts around it change. */}
            {bodyParts(first, end, rows.length, active).flatMap((part, n) => ('gap' in part ? [
              <tr key={`gap${n}`} className="layer-gap" aria-hidden="true">
                <td colSpan={COLUMNS.length} style={{ height: part.gap * ROW_HEIGHT }} />
              </tr>,
            ] : rows.slice(part.rows[0], part.rows[1]).map((r, k) => (
              <LayerRowView key={r.layer.name} row={r} label={label(r.layer.name)} selected={r.layer.name === selected}
                focusable={part.rows[0] + k === active} place={part.rows[0] + k} />
            ))))}
          </tbody>
        </table>
      </div>
      {model.skipped.length > 0 && (
        <details className="skipped" data-testid="layers.skipped">
          <summary>{model.skipped.length} layers skipped (not quantizable here)</summary>
          <ul>{model.skipped.map((s) => <li key={s.name}><code>{s.name}</code> ({s.op}): {s.reason}</li>)}</ul>
        </details>
      )}
    </section>
  );
}
