/**
 * What src/model hands to the rest of the studio: a loaded model behind the model seam
 * (src/model/runtime/types.ts, where these types are defined and documented).
 */
export type { LoadedModel, ModelFormat, ModelOutput, QuantLayer, SkippedLayer } from './runtime/types';
