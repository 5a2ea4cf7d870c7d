/**
 * `search <model.json|folder> --method <m> [--budget <v>] [--data demo] --out <config.json>
 *   [--export-model <dir>] [--export-encodings <dir>]`
 * Runs one bit-width method (uniform, uniform-per-filter, mxqn, nlq, log-per-layer,
 * knapsack, cq, ebs) at one budget, evaluates the result honestly on held-out images and
 * writes the complete config (summary: accuracy, weightOnlyAccuracy, agreement,
 * outputSqnrDb, outputCosine, averageWeightBits, sizeBytes, bitops). `--export-model` also writes the
 * quantized weights as a stock tfjs model (uint8 where exact, see src/model/export.ts);
 * `--export-encodings` the pipeline encodings (AIMET 2.0.0 / 1.0.0 / 0.6.1, onnxruntime
 * TensorQuantOverrides; src/cli/writeEncodings.ts).
 *
 * A PNG folder (--data <dir>, see src/cli/imageFolder.ts): figures on its images (accuracy only
 * when labelled by class sub-folders). A model no data fits: agreement and output SQNR on
 * seeded synthetic inputs of its input shape (src/model/synthetic.ts).
 *
 * Demo data: the analysis calibrates on 64 balanced train digits, CQ/EBS learn on the train
 * split (CQ checks its ε on 500 of them), and every reported figure is on the test split.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from '../errors';
import { checkOutPath } from '../outPath';
import { getMethod, isMethodName, METHOD_NAMES } from '../../model/methods';
import { formatCosine } from '../../quant/cosine';
import type { CliCommand } from './types';

const ms = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const pct = (v: number | null | undefined) => (v == null ? 'n/a' : `${(100 * v).toFixed(2)}%`);

function parseBudget(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n)) throw new CliError(`--budget needs a number, got '${String(v)}'`);
  return n;
}

function parseSettings(v: unknown): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  try {
    const o = JSON.parse(String(v));
    if (o && typeof o === 'object' && !Array.isArray(o)) return o as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new CliError(`--settings needs a JSON object, e.g. '{"activationBits":8}', got '${String(v)}'`);
}

export const command: CliCommand = {
  summary: 'run one bit-width method, evaluate it and write the config JSON (and the quantized model)',
  usage: `search <model.json|model folder|model.onnx> --method ${METHOD_NAMES.join('|')} [--budget <value>] [--data demo|<folder of PNGs>] --out <config.json> [--export-model <dir>] [--export-encodings <dir>] [--input-shape N,C,H,W]`,
  flags: {
    method: { type: 'string', choices: METHOD_NAMES, description: 'bit-width method (required)' },
    budget: { type: 'string', description: 'the method\'s knob: bits, target dB, average bits, ε or λ (default: the method\'s)' },
    data: { type: 'string', description: "data: 'demo' (bundled MNIST digits, the default) or a folder of PNGs (class sub-folders = labelled, loose = fidelity only)" },
    out: { type: 'string', description: 'where to write the config JSON (required)' },
    'export-model': { type: 'string', description: 'also write the quantized model (model.json + weights) into this folder' },
    'export-encodings': { type: 'string', description: 'also write AIMET 2.0.0/1.0.0/0.6.1 encodings and onnxruntime TensorQuantOverrides into this folder' },
    eval: { type: 'int', min: 1, description: 'test images to evaluate on (default: the whole demo test split)' },
    calibration: { type: 'int', min: 1, description: 'calibration images (default 64)' },
    settings: { type: 'string', description: 'method settings as JSON, e.g. \'{"activationBits":8}\'' },
    backend: { type: 'string', choices: ['auto', 'wasm', 'cpu'], description: 'tfjs backend (default auto: wasm, else cpu)' },
    'input-shape': { type: 'string', description: 'ONNX: the input shape in the model input\'s own order (e.g. 1,3,224,224), for inputs with dynamic dims' },
  },
  async run(args, io) {
    const [modelArg, ...extra] = args.positional;
    if (!modelArg) throw new CliError('search needs a model: search <model.json> --method <m> --out <config.json>');
    if (extra.length > 0) throw new CliError(`unexpected argument '${extra[0]}'`);
    const method = args.flags.method;
    if (typeof method !== 'string') throw new CliError(`search needs --method (${METHOD_NAMES.join(', ')})`);
    if (!isMethodName(method)) throw new CliError(`unknown method '${method}'`);
    if (typeof args.flags.out !== 'string') throw new CliError('search needs --out <config.json>');
    const outPath = checkOutPath(args.flags.out);
    const budget = parseBudget(args.flags.budget);
    const settings = parseSettings(args.flags.settings);
    const exportDir = typeof args.flags['export-model'] === 'string' ? resolve(args.flags['export-model']) : null;
    if (exportDir && existsSync(exportDir) && !statSync(exportDir).isDirectory()) throw new CliError(`--export-model: ${exportDir} is a file`);
    const encodingsDir = typeof args.flags['export-encodings'] === 'string' ? resolve(args.flags['export-encodings']) : null;
    if (encodingsDir && existsSync(encodingsDir) && !statSync(encodingsDir).isDirectory()) throw new CliError(`--export-encodings: ${encodingsDir} is a file`);
    const dataSpec = typeof args.flags.data === 'string' ? args.flags.data : 'demo';
    const calibration = (args.flags.calibration as number | undefined) ?? 64;
    const t0 = performance.now();

    const [{ analyzeModel }, { writeValidatedConfig }, { loadModelFromFiles }, { formatBytes },
      { initBackend, quiet }, { openData, dataForModel, describeData }, { readModelFiles }, sets, runner, { exportQuantizedModel },
      { installTfjsNodeResolver }] = await Promise.all([
      import('../../model/analyze'), import('../writeConfig'), import('../../model/load'), import('../../model/manifest'),
      import('../backend'), import('../data'), import('../files'), import('../../model/dataSets'),
      import('../../model/methods/run'), import('../../model/export'), import('../../model/gradientsNode'),
    ]);
    installTfjsNodeResolver();
    const { onnxPathOf, openCliOnnx } = await import('../onnxFiles');
    const onnxPath = onnxPathOf(modelArg);
    const { files, name, path } = onnxPath ? { files: new Map<string, Uint8Array>(), name: '', path: onnxPath } : readModelFiles(modelArg);
    const source = openData(dataSpec, io.root, calibration, io.out);
    const sizes = { evaluation: args.flags.eval as number | undefined, calibration, learning: getMethod(method).info.needsGradients };
    let data: import('../../model/methods').MethodData | null = null;
    let cal: import('../data').CliData | null = null;
    if (source.kind === 'demo') {
      cal = source.data;
      data = sets.demoSets(source.digits, sizes);
    } else {
      io.out(`data: ${describeData(source)}`);
    }

    const backend = await initBackend((args.flags.backend as import('../backend').CliBackend | undefined) ?? 'auto');
    io.out(`backend: ${backend.name} (${backend.reason})`);
    const loaded = onnxPath ? await openCliOnnx(onnxPath, args.flags['input-shape']) : await loadModelFromFiles(files, { name });
    try {
      io.out(`model: ${loaded.name} (${loaded.format}, ${loaded.layers.length} quantizable layers) from ${path}${onnxPath ? ` on ${loaded.backendName()}` : ''}`);
      for (const s of loaded.skipped) io.out(`  skipped ${s.name} (${s.op}): ${s.reason}`);
      if (source.kind === 'folder') {
        // A folder: the figures are measured on its images (the first --eval of them, interleaved by class),
        // the first --calibration calibrate, and labelled folders also train CQ/EBS.
        cal = dataForModel(source, loaded.input.shape);
        data = sets.imageSets({ id: `${cal.source}:${cal.count}`, images: cal.images, labels: cal.labels, count: cal.count }, sizes);
      }
      const base = await quiet(() => analyzeModel(loaded, { data: cal, calibration }));
      if (base.data?.source === 'synthetic') {
        // No data fits the model input: fidelity (agreement, output SQNR) on synthetic inputs of its shape.
        data = sets.syntheticSets(loaded.input.shape.slice(1) as number[], { evaluation: sizes.evaluation ?? 256, calibration: base.data.calibration ?? calibration });
        io.out(`data: ${base.data.note}`);
      } else if (base.data?.note) throw new CliError(`cannot evaluate: ${base.data.note}`);
      if (!data) throw new Error('internal error: no evaluation data');
      const methodData = data;
      const info = getMethod(method).info;
      io.out(`method: ${info.title}, ${info.knob} = ${budget ?? info.defaultBudget}${budget === undefined ? ' (default)' : ''}`);
      let last = 0;
      const run = await quiet(() => runner.runMethod(loaded, base, method, methodData, {
        budget, settings,
        onProgress: (p) => {
          const now = performance.now();
          if (now - last < 2000 && p.done < p.total) return;
          last = now;
          if (p.stage === 'train' || p.stage === 'search' || p.stage === 'importance') {
            io.out(`  ${p.stage} ${p.done}/${p.total}${p.loss !== undefined ? ` loss ${p.loss.toFixed(4)}` : ''}${p.accuracy !== undefined ? ` accuracy ${pct(p.accuracy)}` : ''}${p.message ? ` ${p.message}` : ''}`);
          }
        },
      }));
      const config = run.config;
      writeValidatedConfig(config, outPath);
      const s = config.summary;
      io.out(`result on ${run.evaluation.count} ${source.kind === 'demo' && base.data?.source !== 'synthetic' ? 'test' : run.evaluation.labeled ? 'labelled' : 'unlabelled'} images (float accuracy ${pct(run.evaluation.floatAccuracy)}): accuracy ${pct(s.accuracy)}, ` +
        `weight-only ${pct(s.weightOnlyAccuracy)}, agreement ${pct(s.agreement)}, output SQNR ${typeof s.outputSqnrDb === 'number' ? `${s.outputSqnrDb.toFixed(1)} dB` : s.outputSqnrDb}, ` +
        `output cosine ${formatCosine(s.outputCosine)}`);
      io.out(`cost: ${s.averageWeightBits.toFixed(2)} bits/weight, ${formatBytes(s.sizeBytes)} (float ${formatBytes(s.floatSizeBytes ?? 0)}), ` +
        `BitOPs ${s.bitops.toExponential(3)} (float ${(s.floatBitops ?? 0).toExponential(3)})`);
      io.out(`wrote ${outPath} in ${ms(t0)}`);
      if (exportDir) {
        const ex = await exportQuantizedModel(loaded, config);
        try {
          mkdirSync(exportDir, { recursive: true });
          for (const [f, b] of ex.files) writeFileSync(join(exportDir, f), b);
        } catch (e) {
          throw new CliError(`cannot write the model into ${exportDir}: ${(e as Error).message}`);
        }
        const kinds = new Map<string, number>();
        for (const t of ex.tensors.filter((x) => x.layer)) kinds.set(t.dtype, (kinds.get(t.dtype) ?? 0) + 1);
        io.out(`exported ${exportDir}: weights ${formatBytes(ex.weightBytes)} (float32 ${formatBytes(ex.floatWeightBytes)}), ` +
          `kernels ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}`);
        for (const t of ex.tensors.filter((x) => x.layer && x.note)) io.out(`  ${t.layer}: ${t.dtype} (${t.note})`);
        // What the file holds differently from the config beyond its kernels (ONNX QDQ: activations left float).
        for (const n of ex.notes ?? []) if (!ex.tensors.some((t) => t.layer === n.layer && t.note)) io.out(`  ${n.reason}`);
      }
      if (encodingsDir) {
        io.out(`encodings in ${encodingsDir}:`);
        const [{ writeEncodingFiles }, { encodingNamesOf }] = await Promise.all([import('../writeEncodings'), import('../../model/encodingNames')]);
        writeEncodingFiles(config, encodingsDir, io.out, encodingNamesOf(loaded));
      }
      return 0;
    } finally {
      loaded.dispose();
    }
  },
};
