/**
 * Two configurations side by side, as Squoosh compares two images: pick A and B among the
 * configs tried in this session (the current one included), see each layer's bits, scheme,
 * weight SQNR and size next to each other with the differing layers marked, and the totals;
 * either side can be applied (an undoable edit). Only the rows in view are drawn.
 */
import { useMemo, useState } from 'react';
import { bytes, db, percent } from '../../components/format';
import { dispatch, pointApplied, useStudio, type ConfigPoint } from '../../store';
import type { StudioConfig } from '../../../quant/types';
import { bodyParts, useRowWindow } from '../layerTable/rowWindow';
import { methodLabel } from '../pareto';
import { useDisplayNames } from '../useDisplayNames';
import { compareRows } from './compareRows';

const CURRENT = 'current';
/** A compare row's height in px (`table.compare-table tr.compare-row` in styles.css): only the rows in view are drawn. */
const COMPARE_ROW_HEIGHT = 21;

function pointTitle(p: ConfigPoint): string {
  const m = p.accuracy ?? p.agreement;
  return `${methodLabel(p.method)} · ${p.averageWeightBits.toFixed(2)} bits · ${bytes(p.sizeBytes)}${m != null ? ` · ${percent(m)}` : ''}`;
}

function figure(c: StudioConfig): string {
  const s = c.summary;
  const m = s.accuracy ?? s.agreement;
  return `${s.averageWeightBits.toFixed(2)} bits avg · ${bytes(s.sizeBytes)}${m != null ? ` · ${percent(m)}${s.accuracy == null ? ' agreement' : ''}` : ''}`;
}

export function ComparePanel() {
  const points = useStudio((s) => s.points);
  const current = useStudio((s) => s.config);
  const labelOf = useDisplayNames();
  const [a, setA] = useState(CURRENT);
  const [b, setB] = useState<string>('');
  const pick = (id: string): StudioConfig | null => (id === CURRENT ? current : points.find((p) => p.id === id)?.config ?? null);
  const ca = pick(a);
  const bId = b || points.find((p) => p.config !== current)?.id || '';
  const cb = pick(bId);
  const rows = useMemo(() => (ca && cb ? compareRows(ca, cb) : []), [ca, cb]);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const { first, end } = useRowWindow(scroller, rows.length, COMPARE_ROW_HEIGHT);
  if (!current) return null;
  const options = (
    <>
      <option value={CURRENT}>Current config ({current.method.name})</option>
      {points.map((p) => <option key={p.id} value={p.id}>{pointTitle(p)}</option>)}
    </>
  );
  const differing = rows.filter((r) => r.differs).length;
  return (
    <section className="panel compare" data-testid="compare.panel" aria-labelledby="compare-heading">
      <h2 id="compare-heading" className="panel-title">Compare two configs</h2>
      <div className="compare-pickers">
        <label>A <select data-testid="compare.a" value={a} onChange={(e) => setA(e.target.value)}>{options}</select></label>
        <label>B <select data-testid="compare.b" value={bId} onChange={(e) => setB(e.target.value)}>
          {bId === '' && <option value="">— run a method or edit to get a second config —</option>}{options}
        </select></label>
      </div>
      {ca && cb && (
        <>
          <p className="compare-summary" data-testid="compare.summary">
            <span><strong>A</strong> {figure(ca)}</span> <span><strong>B</strong> {figure(cb)}</span>{' '}
            <span className="muted">{differing} of {rows.length} layers differ</span>
          </p>
          <div className="compare-scroll" tabIndex={0} role="region" aria-label="Layer-by-layer comparison (scrolls)" ref={setScroller}>
            <table className="compare-table" data-testid="compare.table" aria-label="Config A against config B, layer by layer"
              aria-rowcount={rows.length + 1}>
              <thead>
                <tr aria-rowindex={1}><th scope="col">Layer</th><th scope="col" className="num">Bits A</th><th scope="col" className="num">Bits B</th>
                  <th scope="col">Scheme A</th><th scope="col">Scheme B</th><th scope="col" className="num">SQNR A</th>
                  <th scope="col" className="num">SQNR B</th><th scope="col" className="num">Size A</th><th scope="col" className="num">Size B</th></tr>
              </thead>
              <tbody>
                {bodyParts(first, end, rows.length, null).flatMap((part, n) => ('gap' in part ? [
                  <tr key={`gap${n}`} className="compare-gap" aria-hidden="true"><td colSpan={9} style={{ height: part.gap * COMPARE_ROW_HEIGHT }} /></tr>,
                ] : rows.slice(part.rows[0], part.rows[1]).map((r, k) => (
                  <tr key={r.name} data-testid="compare.row" data-layer={r.name} data-differs={r.differs || undefined}
                    aria-rowindex={part.rows[0] + k + 2} className={r.differs ? 'compare-row differs' : 'compare-row'}>
                    <th scope="row" title={r.name}>{labelOf(r.name)}</th>
                    <td className="num">{r.a?.bits ?? '–'}</td><td className="num">{r.b?.bits ?? '–'}</td>
                    <td>{r.a?.scheme ?? '–'}</td><td>{r.b?.scheme ?? '–'}</td>
                    <td className="num">{db(r.a?.sqnrDb ?? undefined)}</td><td className="num">{db(r.b?.sqnrDb ?? undefined)}</td>
                    <td className="num">{r.a ? bytes(r.a.bytes) : '–'}</td><td className="num">{r.b ? bytes(r.b.bytes) : '–'}</td>
                  </tr>
                ))))}
              </tbody>
            </table>
          </div>
          <div className="compare-actions">
            <button type="button" data-testid="compare.applyA" disabled={ca === current} onClick={() => dispatch(pointApplied, ca)}>Apply A</button>
            <button type="button" data-testid="compare.applyB" disabled={cb === current} onClick={() => dispatch(pointApplied, cb)}>Apply B</button>
          </div>
        </>
      )}
    </section>
  );
}
