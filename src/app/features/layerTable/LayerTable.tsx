/**
 * The model view: one row per quantizable layer, sortable by column, keyboard navigable
 * (↑/↓ move the selection, Home/End jump); selecting a row opens the layer detail.
 */
import { useMemo, useRef } from 'react';
import { dispatch, selectLayer, sortBy, useStudio, type SortKey } from '../../store';
import { LayerRowView } from './LayerRowView';
import { joinRows, sortRows } from './rows';

const COLUMNS: { key: SortKey | null; label: string; title?: string; num?: boolean }[] = [
  { key: 'index', label: '#', num: true },
  { key: 'name', label: 'Layer' },
  { key: 'kind', label: 'Kind' },
  { key: null, label: 'Shape' },
  { key: 'params', label: 'Params', num: true },
  { key: 'macs', label: 'MACs', num: true, title: 'multiply-accumulates per image' },
  { key: null, label: 'SQNR 2…8 bits', title: 'weight SQNR per scheme at 2 to 8 bits' },
  { key: 'bits', label: 'Bits', num: true },
  { key: 'scheme', label: 'Scheme' },
  { key: 'sqnr', label: 'SQNR', num: true, title: 'weight SQNR at the chosen bits and scheme' },
];

export function LayerTable() {
  const model = useStudio((s) => s.model);
  const configLayers = useStudio((s) => s.config?.layers);
  const sort = useStudio((s) => s.sort);
  const selected = useStudio((s) => s.selectedLayer);
  const body = useRef<HTMLTableSectionElement>(null);
  const rows = useMemo(
    () => sortRows(joinRows(model?.layers ?? [], configLayers), sort.key, sort.dir),
    [model, configLayers, sort],
  );
  if (!model) return <div className="panel empty">Loading the demo model…</div>;

  const move = (e: React.KeyboardEvent) => {
    if (rows.length === 0) return;
    const at = rows.findIndex((r) => r.layer.name === selected);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = rows[Math.max(0, Math.min(rows.length - 1, to))];
    dispatch(selectLayer, next.layer.name);
    requestAnimationFrame(() => body.current?.querySelector<HTMLElement>(`tr[data-layer="${CSS.escape(next.layer.name)}"]`)?.focus());
  };

  return (
    <div className="panel table-panel">
      <table className="layers" data-testid="layers.table" aria-label="Quantizable layers">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.label} className={c.num ? 'num' : undefined} title={c.title}
                aria-sort={c.key && sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}>
                {c.key ? (
                  <button type="button" className="sort" data-testid={`layers.sort.${c.key}`}
                    onClick={() => dispatch(sortBy, c.key as SortKey)}>
                    {c.label}{sort.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                ) : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={body} onKeyDown={move}>
          {rows.map((r, i) => (
            <LayerRowView key={r.layer.name} row={r} selected={r.layer.name === selected} focusable={r.layer.name === selected || (!selected && i === 0)} />
          ))}
        </tbody>
      </table>
      {model.skipped.length > 0 && (
        <details className="skipped" data-testid="layers.skipped">
          <summary>{model.skipped.length} layers skipped (not quantizable here)</summary>
          <ul>{model.skipped.map((s) => <li key={s.name}><code>{s.name}</code> ({s.op}): {s.reason}</li>)}</ul>
        </details>
      )}
    </div>
  );
}
