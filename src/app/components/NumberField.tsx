/**
 * A numeric field that says what it accepts and never corrects silently: min, max, step
 * and unit are shown (attributes, unit text, and the message), and an entry outside them
 * (or not a number, or off the step) gets an inline message, is marked aria-invalid, and is
 * not passed on: `onValid` is called only with accepted values, so nothing runs on it.
 */
import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { checkNumber, type NumberRule } from './numberRule';

interface NumberFieldProps {
  value: number;
  rule: NumberRule;
  /** Called with every accepted value as it is typed. */
  onValid: (value: number) => void;
  /** Called with the validity each time it changes (e.g. to disable a Run button). */
  onValidity?: (valid: boolean) => void;
  label?: string;
  ariaLabel?: string;
  testId?: string;
  className?: string;
  tabIndex?: number;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  /** Show the unit after the field (default true). */
  showUnit?: boolean;
}

export function NumberField({
  value, rule, onValid, onValidity, label, ariaLabel, testId, className, tabIndex, onKeyDown, showUnit = true,
}: NumberFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    // The value changed elsewhere (undo, a method): show it, dropping an abandoned draft.
    setSeen(value);
    setDraft(null);
  }
  const msgId = useId();
  const text = draft ?? String(value);
  const problem = draft === null ? null : checkNumber(draft, rule);
  const change = (raw: string) => {
    setDraft(raw);
    const p = checkNumber(raw, rule);
    onValidity?.(p === null);
    if (p === null) onValid(Number(raw));
  };
  const input = (
    <input
      type="number" inputMode="decimal" className={className} data-testid={testId} value={text}
      min={rule.min} max={rule.max} step={rule.step ?? 'any'} aria-label={ariaLabel} tabIndex={tabIndex}
      aria-invalid={problem !== null} aria-describedby={problem ? msgId : undefined}
      onChange={(e) => change(e.target.value)} onKeyDown={onKeyDown}
      onBlur={() => { if (draft !== null && checkNumber(draft, rule) === null) setDraft(null); }}
      onClick={(e) => e.stopPropagation()}
    />
  );
  return (
    <span className={`number-field${problem ? ' is-invalid' : ''}`}>
      {label ? <label>{label} {input}</label> : input}
      {showUnit && rule.unit ? <span className="number-unit">{rule.unit}</span> : null}
      {problem && <span id={msgId} className="field-error" role="alert" data-testid={testId ? `${testId}.error` : undefined}>{problem}</span>}
    </span>
  );
}
