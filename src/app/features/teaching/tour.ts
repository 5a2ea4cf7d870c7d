/** Pure parts of the guided tour: steps, navigation and where the card goes. */

export interface TourStep {
  /** data-testid of the element the step points at (missing element → centred card). */
  target: string;
  title: string;
  body: string;
}

export const DEFAULT_TOUR_STEPS: readonly TourStep[] = [
  {
    target: 'drop.input', title: 'Drop a model',
    body: 'Drop a TensorFlow.js model (model.json and its weight files, a folder or a zip), or use the bundled digits demo. Nothing leaves your machine.',
  },
  {
    target: 'method.panel', title: 'Run a method',
    body: 'Pick a bit-width method (uniform, MXQN, knapsack, CQ…), set its budget — the field says what it accepts — and Run it, or Run curve for a whole set of budgets.',
  },
  {
    target: 'bitmap.canvas', title: 'Bits per filter',
    body: 'One row per layer, one cell per filter; the colour is its bit-width. Hover for details, Ctrl + wheel to zoom, drag to select a range.',
  },
  {
    target: 'pareto.chart', title: 'What each bit buys',
    body: 'Every configuration tried is a point: size (or BitOPs) against accuracy. Points up and to the left are better; click one to apply it.',
  },
  {
    target: 'layers.table', title: 'Edit by hand',
    body: 'Change a layer’s bits or scheme in the table (→ from a row reaches them); accuracy is re-measured at once, the edit becomes its own point, and Undo (Ctrl+Z) takes it back.',
  },
  {
    target: 'export.config', title: 'Keep it',
    body: 'Export config downloads every decision as JSON (drop it back to restore it); Export model downloads the quantized model itself.',
  },
  {
    target: 'scheme.chart', title: 'Fixed-point or log?',
    body: 'Per layer, the SQNR of fixed-point against logarithmic quantization at its bit-width. MXQN picks the higher one for activations.',
  },
  {
    target: 'teach.panel', title: 'See the levels',
    body: 'The histogram of a layer’s values with each scheme’s quantization levels on top, and a short explanation of every method.',
  },
];

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
