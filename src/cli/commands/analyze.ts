/**
 * `analyze <model.json|folder> [--data demo|<folder of PNGs>] [--calibration N] --out <config.json>`
 * Loads the model, sweeps every quantizable layer (weights; activations when data fits the
 * model input) and writes the analysis config (format quantization-studio/config v1).
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CliError } from '../errors';
import { checkOutPath } from '../outPath';
import { parseSchemes } from '../schemesFlag';
import type { LoadedModel } from '../../model/runtime/types';
import type { ShapeSource } from '../../model/graphLayerList';
import type { CliCommand } from './types';

/** The default calibration count (analyze.ts DEFAULT_CALIBRATION; repeated so --help loads no tfjs). */
const DEFAULT_CALIBRATION = 64;

/** SHA-256 of the weight bytes, read in place (WebCrypto's digest would copy them first). */
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * A full garbage collection now, where Node allows one to be asked for. Buffers dropped
 * just before the sweep (the weight bytes, the released model's tensors) would otherwise
 * stay resident all through it: the main thread then only waits, and V8 collects only
 * when a thread allocates.
 */
function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // No collection on demand: the memory is freed at V8's next collection.
  }
}

/**
 * Bytes in the model's weight files. A function of its own: a loop variable of the async
 * command (a view of the weight bytes) would stay in its suspended frame, and with it the
 * whole weight buffer (measured: +98 MB peak on ResNet-50).
 */
function weightFileBytes(files: ReadonlyMap<string, Uint8Array>): number {
  let n = 0;
  for (const [k, v] of files) if (k !== 'model.json') n += v.byteLength;
  return n;
}

const ms = (t0: number) => `${Math.round(performance.now() - t0)} ms`;
const sci = (n: number) => (n >= 1e6 ? n.toExponential(2) : String(Math.round(n)));

export const command: CliCommand = {
  summary: 'sweep a model\'s layers and write the analysis config JSON',
  usage: 'analyze <model.json|model folder|model.zip|model.onnx> [--data demo|<folder>] [--calibration N] [--input-shape N,C,H,W] [--schemes a,b,…] --out <config.json>',
  flags: {
    data: { type: 'string', description: "calibration data: 'demo' (bundled MNIST digits) or a folder of PNGs (class sub-folders, or loose = unlabelled)" },
    calibration: { type: 'int', min: 1, description: `calibration images (default ${DEFAULT_CALIBRATION})` },
    out: { type: 'string', description: 'where to write the config JSON (required)' },
    backend: { type: 'string', choices: ['auto', 'wasm', 'cpu'], description: 'tfjs backend (default auto: wasm, else cpu)' },
    schemes: { type: 'string', description: 'weight schemes to sweep, comma-separated (default: all: fixed,fixed-clip,dfp,log2,log2-sqrt2,nlq)' },
    threads: { type: 'int', min: 1, description: 'worker threads for the weight sweep (default: 2 for models ≥ 1M parameters on ≥ 2 cores when the host has a core idle at start-up, else 1)' },
    'input-shape': { type: 'string', description: 'ONNX: the input shape in the model input\'s own order (e.g. 1,3,224,224), for inputs with dynamic dims' },
  },
  async run(args, io) {
    const [modelArg, ...extra] = args.positional;
    if (!modelArg) throw new CliError('analyze needs a model: analyze <model.json> --out <config.json>');
    if (extra.length > 0) throw new CliError(`unexpected argument '${extra[0]}'`);
    if (typeof args.flags.out !== 'string') throw new CliError('analyze needs --out <config.json>');
    const outPath = checkOutPath(args.flags.out);
    const schemes = parseSchemes(args.flags.schemes);
    const { onnxPathOf } = await import('../onnxFiles');
    const onnxPath = onnxPathOf(modelArg);
    if (onnxPath) return (await import('../analyzeOnnx')).analyzeOnnx(onnxPath, args.flags, outPath, io, schemes);
    const t0 = performance.now();
    const { sampleCpus, idleCores, IDLE_FOR_SECOND_THREAD } = await import('../freeCores');
    const cpuAtStart = sampleCpus();
    // The files are checked before tfjs is imported: a broken model is answered in a
    // fraction of a second, and tfjs's start-up is only paid for models that can load.
    const [{ prepareModelFiles }, { readModelFiles }, { openData, dataForModel, describeData }] = await Promise.all([
      import('../../model/prepare'), import('../files'), import('../data'),
    ]);
    const { files, name, path } = readModelFiles(modelArg);
    const { PARALLEL_MIN_PARAMS, startSweepPool } = await import('../parallelSweep');
    // Sweep threads start now, so their start-up overlaps the checks of the files (and, for a
    // model that needs tfjs, its import and the model load): for a model whose weight files
    // could hold ≥ PARALLEL_MIN_PARAMS float32 values, 2 threads; the count is settled below.
    const weightBytes = weightFileBytes(files);
    const flagThreads = args.flags.threads as number | undefined;
    const earlyThreads = flagThreads ?? (weightBytes / 4 >= PARALLEL_MIN_PARAMS && availableParallelism() >= 2 ? 2 : 1);
    let pool = earlyThreads > 1 ? startSweepPool(earlyThreads) : null;
    let prepared;
    try {
      prepared = await prepareModelFiles(files, { name, sha256 });
    } catch (e) {
      pool?.close();
      throw e;
    }
    // The map's shard views share prepared.weightData's buffer; drop them, so that buffer
    // is freed once the model is built (loadPreparedModel's releaseWeightData).
    files.clear();
    const calibration = (args.flags.calibration as number | undefined) ?? DEFAULT_CALIBRATION;
    let source;
    try {
      source = typeof args.flags.data === 'string' ? openData(args.flags.data, io.root, calibration, io.out) : null;
    } catch (e) {
      pool?.close();
      throw e;
    }
    if (source?.kind === 'folder') io.out(`data: ${describeData(source)}`);
    // Default: 2 threads for a big model when the host has a core idle (measured over the
    // start-up so far); on a busy host 1 (freeCores.ts: a second thread only costs CPU there).
    let threadNote = '';
    let threads = flagThreads;
    if (threads === undefined) {
      threads = 1;
      if (prepared.parameters >= PARALLEL_MIN_PARAMS && availableParallelism() >= 2) {
        const idle = idleCores(cpuAtStart, sampleCpus());
        if (idle >= IDLE_FOR_SECOND_THREAD) threads = 2;
        else threadNote = ` (1 thread: the host's cores were busy, ${idle.toFixed(1)} idle at start-up; --threads 2 overrides)`;
      }
    }
    if (threads !== earlyThreads) {
      pool?.close();
      pool = threads > 1 ? startSweepPool(threads) : null;
    }

    try {
      // Weights only (no data): a graph model's layers are read from its files without
      // tfjs (graphWeightsOnly.ts), so tfjs is neither imported nor built; where that cannot
      // be done faithfully (shapes that need a run), the model is loaded into tfjs as below.
      const weightsOnly = !source && prepared.format === 'graph-model'
        ? (await import('../../model/graphWeightsOnly')).loadGraphWeightsOnly(prepared) : null;
      const [{ analyzeModel }, { writeValidatedConfig }, { formatBytes }, { quiet }] = await Promise.all([
        import('../../model/analyze'), import('../writeConfig'), import('../../model/manifest'), import('../quiet'),
      ]);
      let loaded: LoadedModel & { shapeSource?: ShapeSource };
      let release = (m: typeof loaded) => m;
      if (weightsOnly) {
        io.out('backend: none (weights only: the model is not run, and tfjs is not loaded)');
        loaded = weightsOnly;
        // The layers hold their own copies of the weights: the file's bytes can go.
        prepared.weightData = new ArrayBuffer(0);
      } else {
        const [{ loadPreparedModel, releaseTfjsModel }, { initBackend }] = await Promise.all([import('../../model/load'), import('../backend')]);
        // Without data the model is never run, only its weights read: the CPU backend keeps
        // tensors in the JS heap, which gives their memory back once the model is released
        // (the WASM heap only grows).
        const want = (args.flags.backend as import('../backend').CliBackend | undefined) ?? (source ? 'auto' : 'cpu');
        const backend = await initBackend(want);
        const reason = want === 'cpu' && !args.flags.backend ? 'CPU backend (weights only: the model is not run)' : backend.reason;
        io.out(`backend: ${backend.name} (${reason})`);
        let tfjsModel: Awaited<ReturnType<typeof loadPreparedModel>> | null = await loadPreparedModel(prepared, { releaseWeightData: true, onBuilt: collectGarbage });
        loaded = tfjsModel;
        // Released once; the closure then holds nothing of the tfjs model.
        release = (m) => {
          if (!tfjsModel || m !== tfjsModel) return m;
          const released = releaseTfjsModel(tfjsModel);
          tfjsModel = null;
          return released;
        };
      }
      try {
        // Weights only: the layers' extracted weights are all the analysis reads.
        if (!source) {
          loaded = release(loaded);
          collectGarbage();
        }
        const data = source ? dataForModel(source, loaded.input.shape) : null;
        io.out(`model: ${loaded.name} (${loaded.format}, ${loaded.parameters.toLocaleString('en-US')} parameters, ` +
          `${loaded.layers.length} quantizable layers${loaded.skipped.length ? `, ${loaded.skipped.length} skipped` : ''}) from ${path}`);
        const probed = loaded.shapeSource?.probed ?? 0;
        if (probed > 0) io.out(`  note: output shapes of ${probed} layers found by running the model on one image (${loaded.shapeSource?.backend}): the graph has ops the static shape rules do not cover`);
        for (const s of loaded.skipped) io.out(`  skipped ${s.name} (${s.op}): ${s.reason}`);
        if (loaded.droppedKeys.length) io.out(`  note: ignored unsafe keys in model.json: ${[...new Set(loaded.droppedKeys)].join(', ')}`);
        const stageStart: Record<string, number> = {};
        const config = await quiet(() => analyzeModel(loaded, {
          data, calibration, schemes,
          sweepRunner: pool?.runner,
          onProgress: (done, total, stage) => {
            if (done === 0 || stageStart[stage] === undefined) stageStart[stage] = performance.now();
            if (done === total && stage !== 'activations') io.out(`${stage}: ${total} ${stage === 'calibration' ? 'images' : 'layers'} in ${ms(stageStart[stage])}${stage === 'weights' ? (threads > 1 ? ` (${threads} threads)` : threadNote) : ''}`);
          },
        }));
        // The analysis is done: free the model and the layers' weights before the config
        // (tens of MiB of JSON for big models, parsed again to be checked) is written.
        loaded = release(loaded);
        loaded.layers.length = 0;
        collectGarbage();
        if (config.data?.note) io.out(`data: ${config.data.note}`);
        else io.out(`data: ${config.data?.source}, ${config.data?.calibration} calibration images`);
        const text = writeValidatedConfig(config, outPath);
        const s = config.summary;
        io.out(`summary (uniform 8-bit start): ${s.averageWeightBits.toFixed(2)} bits/weight, ${formatBytes(s.sizeBytes)} ` +
          `(float ${formatBytes(s.floatSizeBytes ?? 0)}), BitOPs ${sci(s.bitops)} (float ${sci(s.floatBitops ?? 0)})`);
        io.out(`wrote ${outPath} (${formatBytes(text.length)}) in ${ms(t0)}`);
        return 0;
      } finally {
        loaded.dispose();
      }
    } finally {
      pool?.close();
    }
  },
};
