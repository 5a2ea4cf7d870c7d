/**
 * Pareto feature: size (or BitOPs) against accuracy (or agreement), one series per method.
 *
 * ```tsx
 * <ParetoChart
 *   points={[{ id: 'u4', method: 'uniform', sizeBytes: 52_000, bitops: 3.1e8, accuracy: 0.981, averageWeightBits: 4 }]}
 *   float={{ sizeBytes: 410_000, bitops: 2.0e10, accuracy: 0.989 }}
 *   currentId="u4"
 *   metric="accuracy"                      // 'agreement' when the data has no labels
 *   onApply={(point) => …}                 // click / Enter on a point
 * />
 * ```
 *
 * Props
 * - `points`: every configuration tried. `accuracy` / `agreement` are FRACTIONS 0..1 (shown as %);
 *   null = not evaluated yet (counted, not drawn). `method` picks a fixed colour + marker for
 *   uniform, uniform-per-filter, mxqn, nlq, cq, ebs, knapsack, manual (others: grey). `sizeBytes`
 *   and `bitops` must be > 0 to be drawn (both axes are log scale). Pass a new array as points
 *   arrive; animation is off, so streamed points appear immediately.
 * - `float`: the float32 model — a dashed line at its accuracy and a hollow dot labelled "float32"
 *   (with metric 'agreement' the float line is 100 %).
 * - `currentId?`: ringed point. `metric`: 'accuracy' | 'agreement'.
 * - `xAxis?` + `onXAxisChange?`: control the x axis from outside; otherwise the chart's own
 *   `pareto.axis` selector owns it (default 'size' = KB, 1 KB = 1024 B).
 * - `height?`: plot height in px (default 320). The chart fills its parent's width.
 *
 * Zoom: drag a box (or a band along one axis) over the plot, + / − / 0 on a focused point, or the
 * zoom buttons; Reset zoom or a double-click returns to the default (interesting) view. Points
 * outside the view are not drawn and are counted in a note. Arithmetic in `paretoZoom.ts`.
 *
 * Test ids: `pareto.chart` (the section, present in every state), `pareto.axis` (the x-axis
 * <select>, values 'size' | 'bitops'), `pareto.point` (each drawn point, with `data-id` = point id,
 * `data-current` on the current one; focusable buttons when onApply is given), `pareto.empty`,
 * `pareto.plot` (`data-zoomed`, `data-x-domain`, `data-y-domain`), `pareto.zoomIn` / `zoomOut` / `zoomReset`,
 * `pareto.below` / `pareto.outside` (the hidden-points note).
 *
 * Helpers: `paretoFront(points, { x?, metric? })` — non-dominated points sorted by x (size default).
 */
export { ParetoChart } from './ParetoChart';
export type { ParetoChartProps } from './ParetoChart';
export { METHOD_ORDER, METHOD_STYLES, methodLabel, methodStyle, methodStyles, paretoFront } from './paretoData';
export type { FloatReference, MethodStyle, ParetoMetric, ParetoPoint, ParetoXAxis } from './paretoData';
