/**
 * A short first-run tour: a card next to each step's target element (found by its
 * data-testid) with the target outlined. Next/Back/Skip buttons; Esc skips, ←/→ move.
 * The app decides when to mount it and what to do in onClose (e.g. remember "seen").
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { DEFAULT_TOUR_STEPS, placeCard, tourStep } from './tour';
import type { Rect, TourAction, TourEnd, TourStep } from './tour';
import './teaching.css';

export interface GuidedTourProps {
  /** Steps (target test id, title, body); default DEFAULT_TOUR_STEPS (5 steps). */
  steps?: readonly TourStep[];
  onClose: (reason: TourEnd) => void;
  startAt?: number;
}

const CARD = { width: 320, height: 170 };

function findTarget(testId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(testId)}"]`);
}

function rectOf(el: HTMLElement | null): Rect | null {
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return r.width > 0 || r.height > 0 ? { left: r.left, top: r.top, width: r.width, height: r.height } : null;
}

export function GuidedTour({ steps = DEFAULT_TOUR_STEPS, onClose, startAt = 0 }: GuidedTourProps) {
  const [index, setIndex] = useState(Math.min(Math.max(0, startAt), Math.max(0, steps.length - 1)));
  const [target, setTarget] = useState<Rect | null>(null);
  const [viewport, setViewport] = useState({ width: window.innerWidth, height: window.innerHeight });
  const cardRef = useRef<HTMLDivElement>(null);
  const step = steps[index];

  const act = useCallback((action: TourAction) => {
    const next = tourStep(index, steps.length, action);
    if (next.end) onClose(next.end);
    else setIndex(next.index);
  }, [index, steps.length, onClose]);

  // Follow the target while the page scrolls or resizes.
  useLayoutEffect(() => {
    if (!step) return;
    const el = findTarget(step.target);
    el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    let frame = 0;
    const measure = () => {
      frame = 0;
      setTarget(rectOf(findTarget(step.target)));
      setViewport({ width: window.innerWidth, height: window.innerHeight });
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    schedule();
    window.addEventListener('scroll', schedule, true);
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule, true);
      window.removeEventListener('resize', schedule);
    };
  }, [step]);

  // Move focus to the card on every step so screen readers announce it and keys work.
  useEffect(() => {
    cardRef.current?.focus();
  }, [index]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        act('skip');
      } else if (e.key === 'ArrowRight' && !isTextInput(e.target)) {
        e.preventDefault();
        act('next');
      } else if (e.key === 'ArrowLeft' && !isTextInput(e.target)) {
        e.preventDefault();
        act('back');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act]);

  if (!step) return null;
  const pos = placeCard(target, CARD, viewport);
  const last = index === steps.length - 1;
  const titleId = `tour-title-${index}`;
  return (
    <div className="tour" data-testid="tour">
      {target && (
        <div className="tour-highlight" aria-hidden="true"
          style={{ left: target.left - 4, top: target.top - 4, width: target.width + 8, height: target.height + 8 }} />
      )}
      <div
        ref={cardRef} className="tour-card" role="dialog" aria-modal="false" aria-labelledby={titleId}
        aria-describedby={`${titleId}-body`} tabIndex={-1} style={{ left: pos.left, top: pos.top, width: CARD.width }}
      >
        <div className="tour-progress" data-testid="tour.step">Step {index + 1} of {steps.length}</div>
        <h2 id={titleId} className="tour-title">{step.title}</h2>
        <p id={`${titleId}-body`} className="tour-body">{step.body}</p>
        {!target && <p className="tour-missing">(This part appears once a model is loaded.)</p>}
        <div className="tour-actions">
          <button type="button" data-testid="tour.skip" className="tour-skip" onClick={() => act('skip')}>Skip tour</button>
          <button type="button" data-testid="tour.back" onClick={() => act('back')} disabled={index === 0}>Back</button>
          <button type="button" data-testid="tour.next" className="tour-next" onClick={() => act('next')}>{last ? 'Done' : 'Next'}</button>
        </div>
        <div className="tour-keys">Esc closes · ← → move</div>
      </div>
    </div>
  );
}

function isTextInput(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}
