/**
 * Session part of the worker API: load a model (bundled demo or dropped files) and data
 * (bundled digits or dropped images). A load that fails leaves the previous model in place.
 */
import { expandArchives } from '../../src/model/guards';
import { loadPreparedModel, prepareModelFiles } from '../../src/model/load';
import { readBlobFiles } from '../../src/model/readBlobs';
import { hasOnnxFile } from '../../src/model/onnx/fileSet';
import type { LoadedModel } from '../../src/model/runtime/types';
import { openOnnx } from '../onnx';
import { transfer } from 'comlink';
import { validateConfig, type ConfigValidation } from '../../src/quant/config/restore';
import { hashKey } from '../../src/quant/identity';
import { fitImage, imageInputSize, planImageFolder, type DecodedImage } from '../../src/data/imageFolder';
import { parseMnistBinary, selectSplit } from '../../src/data/mnistBinary';
import { session, summarize, type DataSummary, type ModelSummary, type StudioData } from '../session';

/** A config check's verdict, without the config. */
export type ConfigVerdict = { ok: true } | { ok: false; errors: string[] };

/**
 * A dropped file: its path in the drop and the File itself (a Blob). Blobs cross to the
 * worker as handles, without their bytes; the worker reads them (readBlobFiles).
 */
export interface DroppedFile {
  path: string;
  file: Blob;
}

/** Options of a model load. */
export interface LoadModelOptions {
  /** ONNX: concrete input dims in the model input's own order, filling its dynamic dims. */
  inputShape?: number[];
}

export interface SessionSummary {
  model: ModelSummary | null;
  data: DataSummary | null;
}

/** The image files the browser decodes (createImageBitmap). */
const BROWSER_IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;

const base = new URL(import.meta.env.BASE_URL ?? '/', self.location.origin);

async function fetchBytes(path: string): Promise<Uint8Array> {
  const res = await fetch(new URL(path, base));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Makes a loader error name the file it is about (the model JSON when it names none). */
function nameTheFile(e: unknown, paths: string[]): Error {
  const message = e instanceof Error ? e.message : String(e);
  const names = paths.map((p) => p.split('/').pop() ?? p);
  if (names.some((n) => message.includes(n))) return new Error(message);
  const json = names.find((n) => n.endsWith('.json')) ?? names[0] ?? 'model';
  return new Error(`${json}: ${message}`);
}

/**
 * Loads the files. The map is emptied: once checked, the weight bytes live in one buffer;
 * tfjs copies them into its tensors, and the layers' kernels stay in that buffer as views
 * (batch norm folded in place: loadPreparedModel's shareWeights), so a 100 MB model keeps
 * two copies of its weights in the worker (tfjs's and the layers'), not three or four.
 */
async function install(files: Map<string, Uint8Array>, source: string, opts: LoadModelOptions = {}): Promise<ModelSummary> {
  const paths = [...files.keys()];
  let loaded: LoadedModel;
  try {
    const expanded = expandArchives(files);
    if (hasOnnxFile(expanded.keys())) {
      loaded = await openOnnx(expanded, opts.inputShape);
      return installed(loaded, source);
    }
    const archives = paths.filter((p) => /\.zip$/i.test(p));
    const prepared = await prepareModelFiles(expanded, { archive: archives.length === 1 ? archives[0] : undefined });
    files.clear();
    expanded.clear();
    loaded = await loadPreparedModel(prepared, { releaseWeightData: true, shareWeights: true, stageOnCpu: true });
  } catch (e) {
    throw nameTheFile(e, paths);
  }
  return installed(loaded, source);
}

/** Makes `loaded` the session's model; the previous one is released only now (a failed load keeps it). */
function installed(loaded: LoadedModel, source: string): ModelSummary {
  const previous = session.model;
  session.model = loaded;
  session.modelSummary = summarize(loaded, source);
  previous?.dispose();
  return session.modelSummary;
}

async function loadDemoData(): Promise<DataSummary> {
  if (session.data?.summary.source === 'demo') return session.data.summary;
  const bytes = await fetchBytes('data/mnist.bin');
  const ds = parseMnistBinary(bytes.buffer as ArrayBuffer);
  const test = selectSplit(ds, 'test');
  const summary: DataSummary = {
    source: 'demo', count: test.count, labeled: true,
    classes: Array.from({ length: 10 }, (_, i) => String(i)), key: `demo:mnist-test-${test.count}`,
  };
  session.data = { summary, images: test.images, labels: test.labels, count: test.count, sampleShape: [ds.imageSize, ds.imageSize, 1] };
  return summary;
}

/** Decodes one dropped image file into RGBA bytes at its own size (the browser's decoders). */
async function decodeRgba(file: Blob, path: string): Promise<DecodedImage> {
  const bitmap = await createImageBitmap(file);
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas in this worker');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { path, width, height, rgba: ctx.getImageData(0, 0, width, height).data };
}


function summaryNow(): SessionSummary {
  return { model: session.modelSummary, data: session.data?.summary ?? null };
}

export const sessionApi = {
  /** Loads public/models/<name>/ (model.json + shards, or model.onnx for '-onnx' demos) and the bundled digits. */
  async loadDemo(name: string): Promise<SessionSummary> {
    if (!/^[\w-]+$/.test(name)) throw new Error(`unknown demo "${name}"`);
    const dir = `models/${name}/`;
    const files = new Map<string, Uint8Array>();
    if (name.endsWith('-onnx')) {
      // An ONNX demo (scripts/make-onnx-demo.ts): one model.onnx.
      files.set('model.onnx', await fetchBytes(`${dir}model.onnx`));
    } else {
      const jsonBytes = await fetchBytes(`${dir}model.json`);
      const json = JSON.parse(new TextDecoder().decode(jsonBytes)) as { weightsManifest?: { paths: string[] }[] };
      files.set('model.json', jsonBytes);
      for (const group of json.weightsManifest ?? []) {
        for (const p of group.paths) files.set(p, await fetchBytes(dir + p));
      }
    }
    const summary = await install(files, `demo:${name}`);
    summary.metadata = await fetchBytes(`${dir}metadata.json`)
      .then((b) => JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>)
      .then((m) => ({
        ...(typeof m.description === 'string' ? { description: m.description } : {}),
        ...(typeof m.floatTestAccuracy === 'number' ? { floatTestAccuracy: m.floatTestAccuracy } : {}),
      }))
      .catch(() => undefined);
    await loadDemoData();
    return summaryNow();
  },

  /** Loads a model from dropped files (model.json + weight shards, a .onnx + external data, or a .zip), read here from their Blobs. */
  async loadFiles(files: DroppedFile[], opts: LoadModelOptions = {}): Promise<SessionSummary> {
    if (files.length === 0) throw new Error('no files were dropped');
    let map: Map<string, Uint8Array>;
    try {
      map = await readBlobFiles(files);
    } catch (e) {
      throw nameTheFile(e, files.map((f) => f.path));
    }
    await install(map, 'files', opts);
    if (!session.data) await loadDemoData();
    return summaryNow();
  },

  /** Uses the bundled test digits as data. */
  async useDemoData(): Promise<SessionSummary> {
    await loadDemoData();
    return summaryNow();
  },

  /** Uses dropped images as data, fitted to the model input; labels from class sub-folders (src/data/imageFolder.ts). */
  async loadData(files: DroppedFile[]): Promise<SessionSummary> {
    const model = session.modelSummary;
    if (!model) throw new Error('load a model before its data');
    const size = imageInputSize(model.inputShape);
    if (typeof size === 'string') throw new Error(`images cannot feed this model: ${size}`);
    const [h, w, c] = size;
    const plan = planImageFolder(files.map((f) => f.path), { isImage: (name) => BROWSER_IMAGE.test(name), kinds: 'png, jpg, gif, webp or bmp' });
    const images = plan.order.map((i) => files[i]);
    const per = h * w * c;
    const pixels = new Float32Array(images.length * per);
    for (const [k, { path, file }] of images.entries()) {
      let decoded: DecodedImage;
      try {
        decoded = await decodeRgba(file, path);
      } catch (e) {
        throw new Error(`${path}: cannot decode image (${(e as Error).message})`, { cause: e });
      }
      pixels.set(fitImage(decoded, h, w, c), k * per);
    }
    const summary: DataSummary = {
      source: 'images', count: images.length, labeled: plan.labels !== null, classes: plan.classes,
      key: `images:${images.length}:${hashKey(images.map((f) => [f.path, f.file.size]))}`,
    };
    const data: StudioData = { summary, images: pixels, labels: plan.labels, count: images.length, sampleShape: [h, w, c] };
    session.data = data;
    return summaryNow();
  },

  /** A copy of one layer's (BN-folded) weights, for the teaching histogram; transferred. */
  layerWeights(name: string): Float32Array {
    const layer = session.model?.layers.find((l) => l.name === name);
    if (!layer) throw new Error(`the loaded model has no layer "${name}"`);
    const copy = layer.weights.slice();
    return transfer(copy, [copy.buffer]);
  },

  /**
   * The one config validator (src/quant/config/restore.ts) on a config dropped on the page:
   * it runs here so that reading a big config's sweep tables never blocks the main thread.
   */
  validateConfig(raw: unknown): ConfigValidation {
    return validateConfig(raw);
  },

  /**
   * The same validator on a config file's text, answering only the verdict: an export is
   * checked without the page parsing the text or receiving the whole config back (for a
   * 74-layer model, ≈ 600k per-filter numbers the page's main thread would have to rebuild).
   */
  checkConfigText(text: string): ConfigVerdict {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return { ok: false, errors: [`not JSON (${(e as Error).message})`] };
    }
    const r = validateConfig(raw);
    return r.ok ? { ok: true } : r;
  },

  summary(): SessionSummary {
    return summaryNow();
  },
};
