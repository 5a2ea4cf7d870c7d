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

/** Gap between the target and the highlight's border, and the border's width (px). */
const HIGHLIGHT_GAP = 4;
const HIGHLIGHT_BORDER = 2;
/** How far the highlight's outer edge lies outside the target on every side. */
export const HIGHLIGHT_INSET = HIGHLIGHT_GAP + HIGHLIGHT_BORDER;

const sameRect = (a: Rect | null, b: Rect | null) =>
  a === b || (a !== null && b !== null && a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height);

export function GuidedTour({ steps = DEFAULT_TOUR_STEPS, onClose, startAt = 0 }: GuidedTourProps) {
  const [index, setIndex] = useState(Math.min(Math.max(0, startAt), Math.max(0, steps.length - 1)));
  const [found, setFound] = useState(false);
  const cardRef = useRef<HTMLDivElement>(null);
  const highlightRef = useRef<HTMLDivElement>(null);
  const step = steps[index];

  const act = useCallback((action: TourAction) => {
    const next = tourStep(index, steps.length, action);
    if (next.end) onClose(next.end);
    else setIndex(next.index);
  }, [index, steps.length, onClose]);

  // Stay aligned while the page changes under the tour: the job bar, messages, results and
  // charts appear and resize during an analysis without any scroll or resize event. Every
  // frame the target is looked up and measured again (cheap: one rect, and the element may
  // have been replaced), and a ResizeObserver catches size changes between frames; when the
  // rect moved, the highlight and the card are placed directly on their elements, before
  // the frame is painted, never a render later (a React state update would land after it).
  useLayoutEffect(() => {
    if (!step) return;
    findTarget(step.target)?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    let last: Rect | null | undefined;
    let lastViewport = '';
    const place = () => {
      const target = rectOf(findTarget(step.target));
      const viewport = { width: window.innerWidth, height: window.innerHeight };
      const vp = `${viewport.width}x${viewport.height}`;
      if (last !== undefined && sameRect(last, target) && vp === lastViewport) return;
      last = target;
      lastViewport = vp;
      const hl = highlightRef.current;
      if (hl && target) {
        Object.assign(hl.style, {
          display: 'block',
          left: `${target.left - HIGHLIGHT_INSET}px`, top: `${target.top - HIGHLIGHT_INSET}px`,
          width: `${target.width + 2 * HIGHLIGHT_INSET}px`, height: `${target.height + 2 * HIGHLIGHT_INSET}px`,
        });
      } else if (hl) hl.style.display = 'none';
      const card = cardRef.current;
      if (card) {
        const pos = placeCard(target, CARD, viewport);
        card.style.left = `${pos.left}px`;
        card.style.top = `${pos.top}px`;
      }
      setFound(target !== null);
    };
    let frame = 0;
    const loop = () => {
      place();
      frame = requestAnimationFrame(loop);
    };
    loop();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(place);
    observer?.observe(document.documentElement);
    const el = findTarget(step.target);
    if (el) observer?.observe(el);
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    return () => {
      cancelAnimationFrame(frame);
      observer?.disconnect();
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
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
  const last = index === steps.length - 1;
  const titleId = `tour-title-${index}`;
  return (
    <div className="tour" data-testid="tour">
      {/* Placed by the layout effect above (display, left, top, width, height), not by render. */}
      <div ref={highlightRef} className="tour-highlight" data-testid="tour.highlight" data-target={step.target} data-inset={HIGHLIGHT_INSET} aria-hidden="true"
        style={{ display: 'none', borderWidth: HIGHLIGHT_BORDER }} />
      <div
        ref={cardRef} className="tour-card" role="dialog" aria-modal="false" aria-labelledby={titleId}
        aria-describedby={`${titleId}-body`} tabIndex={-1} style={{ width: CARD.width }}
      >
        <div className="tour-progress" data-testid="tour.step">Step {index + 1} of {steps.length}</div>
        <h2 id={titleId} className="tour-title">{step.title}</h2>
        <p id={`${titleId}-body`} className="tour-body">{step.body}</p>
        {!found && <p className="tour-missing">(This part appears once a model is loaded.)</p>}
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
