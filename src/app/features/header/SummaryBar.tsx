/** The config's headline figures: method, average bits, size, BitOPs, accuracy, data. */
import { formatCosine } from '../../../quant/cosine';
import { bytes, compact, db, percent } from '../../components/format';
import { useStudio } from '../../store';

export function SummaryBar() {
  const config = useStudio((s) => s.config);
  const data = useStudio((s) => s.data);
  const stale = useStudio((s) => s.config !== null && s.config.layers !== s.measuredLayers);
  if (!config) return null;
  const s = config.summary;
  // After an edit the measured figure belongs to the previous config: show that it is being
  // re-measured (src/app/flows/liveEvaluate.ts), never the old number as current.
  // Measured on synthetic inputs (no data fits the input): the data line says so and nothing else,
  // and the agreement figure carries no signal, so it is flagged and output SQNR is shown.
  const synthetic = config.data?.source === 'synthetic';
  const noSignal = synthetic || (s.accuracy == null && s.agreement != null && data?.labeled === false && data.count < 2);
  const measured = s.accuracy != null ? percent(s.accuracy) : s.agreement != null ? `${percent(s.agreement)} agreement` : percent(null);
  return (
    <dl className="summary" data-testid="summary.bar">
      <div><dt>Method</dt><dd data-testid="summary.method">{config.method.name}</dd></div>
      <div><dt>Avg bits</dt><dd data-testid="summary.bits">{s.averageWeightBits.toFixed(2)}</dd></div>
      <div><dt>Weights</dt><dd data-testid="summary.size" data-bytes={s.sizeBytes}>{bytes(s.sizeBytes)}{s.floatSizeBytes ? <span className="muted"> of {bytes(s.floatSizeBytes)}</span> : null}</dd></div>
      <div><dt>BitOPs</dt><dd>{compact(s.bitops)}</dd></div>
      <div><dt>Accuracy</dt><dd data-testid="summary.accuracy" data-state={stale ? 'updating' : 'measured'} aria-busy={stale}
        title={stale ? 'Re-measuring the edited config…' : s.evaluatedOn ? `Measured on ${s.evaluatedOn}` : undefined}>
        {stale ? <span className="muted updating">updating…</span> : measured}</dd></div>
      {s.outputSqnrDb !== undefined && s.outputSqnrDb !== null && (
        <div><dt>Output SQNR</dt><dd data-testid="summary.outputSqnr" title="Signal-to-noise ratio of the model's outputs against the float model's, on the same inputs">
          {db(s.outputSqnrDb)}</dd></div>
      )}
      {s.outputCosine !== undefined && s.outputCosine !== null && (
        <div><dt>Output cosine</dt><dd data-testid="summary.outputCosine" data-value={s.outputCosine}
          title="Cosine similarity of the model's outputs with the float model's, on the same inputs (1 = same direction, 0 = unrelated, −1 = opposite)">
          {formatCosine(s.outputCosine)}</dd></div>
      )}
      <div><dt>Data</dt><dd data-testid="summary.data">{synthetic
        ? <>synthetic inputs<span className="muted" data-testid="summary.dataNote"> · {config.data?.note}</span></>
        : <>{data ? `${data.source === 'demo' ? 'demo digits' : 'your images'} (${data.count}${data.labeled ? ', labeled' : ''})` : 'none'}
          {config.data?.note ? <span className="muted" data-testid="summary.dataNote"> · {config.data.note}</span> : null}</>}</dd></div>
      {noSignal && (
        <div className="no-signal" data-testid="summary.noSignal" role="note">
          <strong>No signal:</strong> no images fit this model's input, so agreement is measured on synthetic inputs and
          cannot tell configurations apart reliably; judge by output SQNR and cosine similarity against the float model, and drop a folder of
          representative images (one sub-folder per class gives accuracy) to measure it properly.
        </div>
      )}
    </dl>
  );
}
