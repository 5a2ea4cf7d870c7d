/**
 * Teaching feature: the scheme histogram with quantization levels, the method notes, and
 * the first-run tour.
 *
 * ```tsx
 * <TeachingPanel
 *   values={layerWeights}                  // Float32Array of the selected layer (null → empty state)
 *   kind="weights"                         // label: "weights" | "activations" | …
 *   layerName="conv1"
 *   bits={4}                               // the layer's bits; the panel's slider can change it
 *   onBitsChange={(b) => …}                // optional: only reports, does not edit the config
 *   chosenScheme="fixed"                   // marked "(configured)" in the SQNR table
 * />
 * <GuidedTour onClose={(reason) => …} />   // reason: 'finished' | 'skipped'; steps default below
 * ```
 *
 * TeachingPanel quantizes `values` on the main thread with the registry quantizers
 * (src/quant/registry.ts) for every offered scheme (default all six) at `bits`, memoised on
 * (values, bits): pass a stable Float32Array, and keep it to ~1M values (subsample activations).
 * NaN/±Infinity values are ignored (counted in the caption). Levels are exactly the quantizer's
 * distinct outputs (see levels.ts). Views: value, or log2|value| (log levels evenly spaced).
 * Below: for uniform, MXQN, NLQ, CQ, EBS and knapsack a Unicode formula and one paragraph, with
 * NLQ, CQ and EBS marked "reconstruction".
 *
 * GuidedTour props: `steps?` ({ target: test id, title, body }[], default DEFAULT_TOUR_STEPS:
 * drop.input, bitmap.canvas, pareto.chart, scheme.chart, teach.panel), `onClose(reason)`,
 * `startAt?`. A missing target centres the card. Keys: Esc = skip, ←/→ = back/next.
 *
 * Test ids: `teach.panel` (always), `teach.empty`, `teach.histogram` (svg), `teach.bits` (range
 * input 2..8), `teach.view` (select 'linear' | 'log2'), `teach.scheme.<key>` (checkboxes),
 * `teach.sqnr` (table), `teach.methods`, `teach.method.<key>`; tour: `tour`, `tour.step`,
 * `tour.next` (reads "Done" on the last step), `tour.back`, `tour.skip`.
 */
export { TeachingPanel } from './TeachingPanel';
export type { TeachingPanelProps } from './TeachingPanel';
export { LevelHistogram } from './LevelHistogram';
export type { HistogramView, LevelHistogramProps } from './LevelHistogram';
export { GuidedTour } from './GuidedTour';
export type { GuidedTourProps } from './GuidedTour';
export { DEFAULT_TOUR_STEPS } from './tour';
export type { TourEnd, TourStep } from './tour';
export { METHOD_NOTES, SCHEME_NOTES } from './methodNotes';
export type { MethodNote, SchemeNote } from './methodNotes';
export { schemeLevels } from './levels';
export type { SchemeLevels } from './levels';
