/**
 * `analyze model.onnx …`: the same analysis as for tfjs models (analyzeModel over the model
 * seam), with the model opened in onnxruntime-web (onnxFiles.ts) instead of tfjs. The data
 * (demo digits or a PNG folder) is fitted to the input's [H, W, C], as for tfjs models; the
 * ONNX model takes it channels-last and reorders it itself.
 */
import type { WeightScheme } from '../quant/types';
import type { CliIo } from './commands/types';
import { CliError } from './errors';

export async function analyzeOnnx(
  path: string, flags: Record<string, unknown>, outPath: string, io: CliIo, schemes?: readonly WeightScheme[],
): Promise<number> {
  const t0 = performance.now();
  const calibration = (flags.calibration as number | undefined) ?? 64;
  const [{ openCliOnnx }, { openData, dataForModel, describeData }, { analyzeModel }, { writeValidatedConfig }, { formatBytes }, { missingCapabilities }] = await Promise.all([
    import('./onnxFiles'), import('./data'), import('../model/analyze'), import('./writeConfig'), import('../model/manifest'), import('../model/runtime/capabilities'),
  ]);
  const source = typeof flags.data === 'string' ? openData(flags.data, io.root, calibration, io.out) : null;
  if (source?.kind === 'folder') io.out(`data: ${describeData(source)}`);
  let loaded;
  try {
    loaded = await openCliOnnx(path, flags['input-shape']);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  try {
    const o = loaded.onnx;
    io.out(`model: ${loaded.name} (onnx, opset ${o.opset}${o.producer ? `, from ${o.producer}` : ''}, input ${o.input.name} [${o.input.dims.join(',')}] ${o.input.layout}, ` +
      `${loaded.parameters.toLocaleString('en-US')} parameters, ${loaded.layers.length} quantizable layers${loaded.skipped.length ? `, ${loaded.skipped.length} skipped` : ''}) from ${path} on ${loaded.backendName()}`);
    for (const s of loaded.skipped) io.out(`  skipped ${s.name} (${s.op}): ${s.reason}`);
    const limits = missingCapabilities(loaded);
    if (limits) io.out(`  note: ${limits}`);
    const data = source ? dataForModel(source, loaded.input.shape) : null;
    const config = await analyzeModel(loaded, { data, calibration, schemes });
    if (config.data?.note) io.out(`data: ${config.data.note}`);
    else io.out(`data: ${config.data?.source}, ${config.data?.calibration} calibration images`);
    const text = writeValidatedConfig(config, outPath);
    const s = config.summary;
    io.out(`summary (uniform 8-bit start): ${s.averageWeightBits.toFixed(2)} bits/weight, ${formatBytes(s.sizeBytes)} (float ${formatBytes(s.floatSizeBytes ?? 0)})`);
    io.out(`wrote ${outPath} (${formatBytes(text.length)}) in ${Math.round(performance.now() - t0)} ms`);
    return 0;
  } finally {
    loaded.dispose();
  }
}
