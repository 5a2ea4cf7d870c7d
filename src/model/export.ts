/**
 * Export of a config's quantized model through the model seam: the config becomes a
 * QuantPlan (applyConfig.ts) and the runtime writes its own files (LoadedModel.exportModel;
 * for tfjs a stock model.json + one weight file, src/model/tfjs/export.ts). The page's
 * download is those files zipped.
 */
import { zipSync } from 'fflate';
import type { StudioConfig } from '../quant/types';
import { planWeights } from './applyConfig';
import { exportActivations } from './exportActivations';
import type { ExportedModel, LoadedModel } from './runtime/types';

export type { ExportedModel, ExportedTensor } from './runtime/types';

/**
 * The quantized model's files: weights as the config decides; activations as the evaluated
 * config records them (exportActivations.ts) for runtimes whose files can hold them (ONNX
 * QDQ), float in tfjs files. Points not measured yet are added to the notes.
 */
export async function exportQuantizedModel(loaded: LoadedModel, config: StudioConfig): Promise<ExportedModel> {
  const acts = exportActivations(loaded.layers, config);
  const plan = { weights: planWeights(loaded, config).weights, activations: acts.activations };
  const ex = await loaded.exportModel(plan, {
    producedBy: `quantization-studio (${config.method.name}${config.method.budget != null ? ` ${config.method.budget}` : ''})`,
    metadata: { method: config.method, weightOnlyAccuracy: config.summary.weightOnlyAccuracy ?? null },
  });
  return acts.notes.length && loaded.format === 'onnx' ? { ...ex, notes: [...(ex.notes ?? []), ...acts.notes] } : ex;
}

/** The exported files as one zip (for the page's download button). */
export function zipModel(files: Map<string, Uint8Array>, folder = 'model'): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, data] of files) entries[`${folder}/${name}`] = data;
  return zipSync(entries, { level: 6 });
}
