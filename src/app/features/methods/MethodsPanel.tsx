/**
 * Bit-width methods: pick one, set its budget, run it (one Pareto point) or its whole curve;
 * evaluate the current config's accuracy; download the quantized model.
 */
import { useEffect } from 'react';
import { budgetFor, evaluateCurrent, exportModel, isBitsKnob, loadMethods, runCurve, runMethod } from '../../flows/methods';
import { changeSettings, dispatch, useStudio } from '../../store';

export function MethodsPanel() {
  const methods = useStudio((s) => s.methods);
  const settings = useStudio((s) => s.settings);
  const busy = useStudio((s) => s.job !== null);
  const hasModel = useStudio((s) => s.model !== null);
  const hasConfig = useStudio((s) => s.config !== null);
  useEffect(() => {
    if (hasModel) void loadMethods();
  }, [hasModel]);
  const info = methods.find((m) => m.name === settings.method) ?? methods[0];
  const bitsKnob = isBitsKnob(info?.knob);
  const budget = info ? budgetFor(info, settings) : 0;
  const setBudget = (v: number) => {
    if (!Number.isFinite(v)) return;
    dispatch(changeSettings, bitsKnob ? { bits: Math.round(Math.min(8, Math.max(2, v))) } : { budget: v });
  };
  return (
    <section className="panel methods" aria-label="Bit-width methods" data-testid="method.panel">
      <label>
        Method{' '}
        <select data-testid="method.select" value={info?.name ?? ''} disabled={methods.length === 0}
          onChange={(e) => dispatch(changeSettings, { method: e.target.value, budget: null })}>
          {methods.map((m) => <option key={m.name} value={m.name}>{m.title}</option>)}
        </select>
      </label>
      {info && (
        <label title={info.knob}>
          {info.knob.split(',')[0]}{' '}
          <input type="number" data-testid="method.budget" value={budget} step={bitsKnob ? 1 : 'any'}
            onChange={(e) => setBudget(Number(e.target.value))} />
        </label>
      )}
      <button type="button" data-testid="method.run" disabled={!info || busy || !hasModel}
        onClick={() => info && void runMethod(info.name, budget)}>Run</button>
      <button type="button" data-testid="method.curve" disabled={!info || busy || !hasModel}
        title={info ? `Run at ${info.curve.join(', ')}` : undefined}
        onClick={() => info && void runCurve(info.name)}>Run curve</button>
      <span className="spacer" />
      <button type="button" data-testid="method.evaluate" disabled={busy || !hasConfig} onClick={() => void evaluateCurrent()}
        title="Measure accuracy of the current config on the data">Evaluate</button>
      <button type="button" data-testid="export.model" disabled={!hasConfig} onClick={() => void exportModel()}
        title={busy ? 'Download the quantized model once the running job ends (Cancel it to export now)'
          : 'Download the quantized model (tfjs files in a zip)'}>Export model</button>
    </section>
  );
}
