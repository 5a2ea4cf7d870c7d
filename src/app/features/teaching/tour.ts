/** Pure parts of the guided tour: steps, navigation and where the card goes. */
import tourSteps from './tourSteps.json';

export interface TourStep {
  /** data-testid of the element the step points at (missing element → centred card). */
  target: string;
  title: string;
  body: string;
}

/** The steps' text lives in tourSteps.json (copy, not code). */
export const DEFAULT_TOUR_STEPS: readonly TourStep[] = tourSteps;

export type TourAction = 'next' | 'back' | 'skip';
export type TourEnd = 'finished' | 'skipped';

/**
 * Next state of a tour at step `index` of `count`: Next past the last step finishes, Back
 * stops at the first step, Skip ends at once.
 * Examples: (0, 5, 'next') → { index: 1 }; (4, 5, 'next') → { index: 4, end: 'finished' };
 * (0, 5, 'back') → { index: 0 }; (2, 5, 'skip') → { index: 2, end: 'skipped' }.
 */
export function tourStep(index: number, count: number, action: TourAction): { index: number; end?: TourEnd } {
  const last = Math.max(0, count - 1);
  const i = Math.min(Math.max(0, index), last);
  if (action === 'skip') return { index: i, end: 'skipped' };
  if (action === 'back') return { index: Math.max(0, i - 1) };
  return i >= last ? { index: i, end: 'finished' } : { index: i + 1 };
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type Placement = 'below' | 'above' | 'right' | 'left' | 'center';

/**
 * Where the tour card goes: below the target if it fits, else above, right, left, else
 * centred; always kept inside the viewport (with `margin`).
 * Example: target {left 100, top 50, 200×40}, card 300×150, viewport 1000×800 →
 * { left: 100, top: 102, placement: 'below' }.
 */
export function placeCard(
  target: Rect | null,
  card: { width: number; height: number },
  viewport: { width: number; height: number },
  margin = 12,
): { left: number; top: number; placement: Placement } {
  const clampX = (x: number) => Math.min(Math.max(margin, x), Math.max(margin, viewport.width - card.width - margin));
  const clampY = (y: number) => Math.min(Math.max(margin, y), Math.max(margin, viewport.height - card.height - margin));
  const centre = { left: clampX((viewport.width - card.width) / 2), top: clampY((viewport.height - card.height) / 2), placement: 'center' as const };
  if (!target) return centre;
  const below = target.top + target.height + margin;
  if (below + card.height + margin <= viewport.height) return { left: clampX(target.left), top: below, placement: 'below' };
  const above = target.top - margin - card.height;
  if (above >= margin) return { left: clampX(target.left), top: above, placement: 'above' };
  const right = target.left + target.width + margin;
  if (right + card.width + margin <= viewport.width) return { left: right, top: clampY(target.top), placement: 'right' };
  const left = target.left - margin - card.width;
  if (left >= margin) return { left, top: clampY(target.top), placement: 'left' };
  return centre;
}
