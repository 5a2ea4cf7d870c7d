/**
 * Where the charts mount (bit map, Pareto front, scheme choice, teaching panel). The
 * chart components are presentational; this file hands them data from the store.
 */
import { useStudio } from '../../store';

function Slot({ id, title, children }: { id: string; title: string; children?: React.ReactNode }) {
  return (
    <section className="panel chart-slot" data-testid={`${id}.slot`} aria-label={title}>
      <h2>{title}</h2>
      {children ?? <p className="muted">Chart coming soon.</p>}
    </section>
  );
}

export function ChartSlots() {
  const config = useStudio((s) => s.config);
  const waiting = config ? undefined : <p className="muted">Appears when the analysis has run.</p>;
  return (
    <div className="charts">
      <Slot id="bitmap" title="Bits per filter">{waiting}</Slot>
      <Slot id="pareto" title="Accuracy against size">{waiting}</Slot>
      <Slot id="teaching" title="What the schemes do">{waiting}</Slot>
    </div>
  );
}

export function SchemeSlot() {
  const config = useStudio((s) => s.config);
  return <Slot id="scheme" title="Best scheme per layer">{config ? undefined : <p className="muted">Appears when the analysis has run.</p>}</Slot>;
}
