/** The config's headline figures: method, average bits, size, BitOPs, accuracy, data. */
import { bytes, compact, percent } from '../../components/format';
import { useStudio } from '../../store';

export function SummaryBar() {
  const config = useStudio((s) => s.config);
  const data = useStudio((s) => s.data);
  if (!config) return null;
  const s = config.summary;
  return (
    <dl className="summary" data-testid="summary.bar">
      <div><dt>Method</dt><dd data-testid="summary.method">{config.method.name}</dd></div>
      <div><dt>Avg bits</dt><dd data-testid="summary.bits">{s.averageWeightBits.toFixed(2)}</dd></div>
      <div><dt>Weights</dt><dd>{bytes(s.sizeBytes)}{s.floatSizeBytes ? <span className="muted"> of {bytes(s.floatSizeBytes)}</span> : null}</dd></div>
      <div><dt>BitOPs</dt><dd>{compact(s.bitops)}</dd></div>
      <div><dt>Accuracy</dt><dd>{percent(s.accuracy)}</dd></div>
      <div><dt>Data</dt><dd>{data ? `${data.source === 'demo' ? 'demo digits' : 'your images'} (${data.count}${data.labeled ? ', labeled' : ''})` : 'none'}{config.data?.note ? <span className="muted" data-testid="summary.dataNote"> · {config.data.note}</span> : null}</dd></div>
    </dl>
  );
}
