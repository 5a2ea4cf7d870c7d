/**
 * Bit-width methods: pick one, set its budget, run it (one Pareto point) or its whole curve;
 * evaluate the current config's accuracy; download the quantized model. The budget field says
 * what it accepts (knobs.ts); an entry outside it is refused inline and nothing runs. Focus
 * stays on the button that started a job (it is disabled while the job runs, so it is given
 * back when the job ends instead of falling to the page).
 */
import { useEffect, useRef, useState } from 'react';
import { CURVE_PRECISION } from '../../../model/curvePrecision';
import { NumberField } from '../../components/NumberField';
import { budgetFor, evaluateCurrent, exportModel, isBitsKnob, loadMethods, runCurve, runMethod } from '../../flows/methods';
import { changeSettings, dispatch, useStudio } from '../../store';
import { knobFor, shownBudget } from './knobs';

/** Runs `job`, then puts focus back on the element that started it (when focus fell to the page meanwhile). */
async function keepingFocus(el: HTMLElement | null, job: () => Promise<void>): Promise<void> {
  await job();
  requestAnimationFrame(() => {
    if (el && el.isConnected && (document.activeElement === document.body || document.activeElement === null)) el.focus();
  });
}

export function MethodsPanel() {
  const methods = useStudio((s) => s.methods);
  const settings = useStudio((s) => s.settings);
  const busy = useStudio((s) => s.job !== null);
  const hasModel = useStudio((s) => s.model !== null);
  const hasConfig = useStudio((s) => s.config !== null);
  const [valid, setValid] = useState(true);
  const lastButton = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (hasModel) void loadMethods();
  }, [hasModel]);
  useEffect(() => {
    // A disabled button drops focus: give it back once the job is over.
    if (!busy && lastButton.current && document.activeElement === document.body) lastButton.current.focus();
  }, [busy]);
  const info = methods.find((m) => m.name === settings.method) ?? methods[0];
  const bitsKnob = isBitsKnob(info?.knob);
  const budget = info ? budgetFor(info, settings) : 0;
  const knob = info ? knobFor(info) : null;
  const setBudget = (shown: number) => {
    if (!knob) return;
    const v = shown / knob.scale;
    dispatch(changeSettings, bitsKnob ? { bits: v } : { budget: v });
  };
  const start = (e: React.MouseEvent<HTMLElement>, job: () => Promise<void>) => {
    lastButton.current = e.currentTarget;
    void keepingFocus(e.currentTarget, job);
  };
  return (
    <section className="panel methods" aria-labelledby="methods-heading" data-testid="method.panel">
      <h2 id="methods-heading" className="panel-title">Methods</h2>
      <label>
        Method{' '}
        <select data-testid="method.select" value={info?.name ?? ''} disabled={methods.length === 0}
          onChange={(e) => { setValid(true); dispatch(changeSettings, { method: e.target.value, budget: null }); }}>
          {methods.map((m) => <option key={m.name} value={m.name}>{m.title}</option>)}
        </select>
      </label>
      {info && knob && (
        <span title={info.knob}>
          <NumberField key={info.name} label={knob.label} value={shownBudget(knob, budget)} rule={knob.rule} testId="method.budget"
            onValid={setBudget} onValidity={setValid} />
        </span>
      )}
      <button type="button" data-testid="method.run" disabled={!info || busy || !hasModel || !valid}
        title={valid ? undefined : 'Fix the budget first'}
        onClick={(e) => info && start(e, () => runMethod(info.name, budget))}>Run</button>
      <button type="button" data-testid="method.curve" disabled={!info || busy || !hasModel}
        title={info ? `Run at ${info.curve.map((b) => shownBudget(knobFor(info), b)).join(', ')} ${knobFor(info).rule.unit}: ` +
          `a preview of every point first, then the final figures; a point's measurement stops early once its 95 % interval is within ±${100 * CURVE_PRECISION} points` : undefined}
        onClick={(e) => info && start(e, () => runCurve(info.name))}>Run curve</button>
      <span className="spacer" />
      <button type="button" data-testid="method.evaluate" disabled={busy || !hasConfig} onClick={(e) => start(e, evaluateCurrent)}
        title="Measure accuracy of the current config on the data">Evaluate</button>
      <button type="button" data-testid="export.model" disabled={!hasConfig} onClick={(e) => start(e, exportModel)}
        title={busy ? 'Download the quantized model once the running job ends (Cancel it to export now)'
          : 'Download the quantized model (tfjs files in a zip)'}>Export model</button>
    </section>
  );
}
