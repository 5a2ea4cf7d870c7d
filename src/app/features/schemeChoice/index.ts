/**
 * Scheme-choice feature: where log quantization beats fixed-point, per layer.
 *
 * ```tsx
 * <SchemeChoiceChart
 *   layers={config.layers}                 // LayerConfig[] from the studio config
 *   target="activations"                   // or 'weights'; the chart's own toggle can change it
 *   onTargetChange={(t) => …}
 *   selectedLayer={index}                  // optional, controlled; else the chart keeps its own
 *   onSelectLayer={(i) => …}
 *   bits={4}                               // optional: compare every layer at 4 bits
 * />
 * ```
 *
 * What it reads from each LayerConfig: `sweep.weights` / `sweep.activations` (SqnrJson per
 * scheme × "2".."8"), `weights.bits` (number, or per-filter array → rounded mean, marked *),
 * `weights.scheme`, `activations.scheme` / `activations.bits` (float → compared at 8, noted).
 * Bars: fixed, log2, log2-sqrt2 at the layer's bits; the configured scheme's bar is outlined
 * black; under each layer "MXQN picks log|fixed" (activations) or "best: log|fixed" (weights:
 * MXQN keeps weights fixed-point). Lossless bars are capped and marked ∞; null → "n/a".
 * With a selected layer, `SchemeCurves` (also exported) shows SQNR against bits 2..8 for every
 * swept scheme, weights and activations side by side.
 *
 * Test ids: `scheme.chart` (section, always present), `scheme.target.weights` /
 * `scheme.target.activations` (toggle, aria-checked), `scheme.layer` (layer picker <select>),
 * `scheme.plot` (the bars: one Tab stop, arrow keys move between layers, Enter opens the
 * curves), `scheme.curves` (small multiples), `scheme.empty`.
 *
 * Also exported: `SCHEME_COLORS` (colour-blind-safe colour per scheme key), `SCHEME_LABELS`,
 * and the SQNR text helper `formatSqnr` ("lossless" / "n/a" / "12.3 dB").
 */
export { SchemeChoiceChart } from './SchemeChoiceChart';
export type { SchemeChoiceChartProps } from './SchemeChoiceChart';
export { SchemeCurves } from './SchemeCurves';
export type { SchemeCurvesProps } from './SchemeCurves';
export { COMPARED_SCHEMES, SCHEME_COLORS, SCHEME_DASH, SCHEME_LABELS, mxqnPick, schemeFamily } from './schemeData';
export type { SchemeTarget } from './schemeData';
export { drawableSqnr, formatSqnr, sqnrCap } from './sqnr';
