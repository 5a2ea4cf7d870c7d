/**
 * Trains the two bundled demo models on the bundled digits and writes them to
 * public/models/<name>/ (model.json, group1-shard1of1.bin, metadata.json).
 *
 *   npx tsx scripts/train-demo.ts [--model lenet|resnet-ds] [--epochs N] [--backend wasm|cpu] [--seed N]
 *                                 [--lr X] [--batch N]   (override the model's defaults, for tuning)
 *                                 [--out DIR]            (models go to DIR/<name>/, default public/models)
 *
 * Data: public/data/mnist.bin (built from the mnist package when missing); train =
 * 8,000 images, test = the last 200 of each digit (2,000). Backend: tfjs WASM with the
 * gradient shims of scripts/train/wasmGradKernels.ts (CPU fallback, ~20x slower).
 * Exits 1 if a model ends below 98 % test accuracy, 2 on bad arguments or missing data.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMnistBinary, selectSplit, type LabeledImages } from '../src/data/mnistBinary';
import { buildDemoDigits, demoDataPath } from '../src/cli/demoDigits';
import { mulberry32 } from '../src/quant/random';
import { augmentBatch, shuffledIndices } from './train/augment';
import { initBackend, type BackendChoice } from './train/backend';
import { loadLayersModel, saveLayersModel } from './train/fileIO';
import { DEMO_MODEL_SPECS, DEMO_MODELS, type DemoModelName, type DemoModelSpec } from './train/models';

const MIN_ACCURACY = 0.98;
const AUGMENT = { maxShift: 2, maxDegrees: 10, maxScale: 0.1, rotateFraction: 0.5 };
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  models: DemoModelName[];
  epochs?: number;
  lr?: number;
  batch?: number;
  out: string;
  backend: BackendChoice;
  seed: number;
}

function usage(message: string): never {
  console.error(`train-demo: ${message}\nusage: train-demo [--model lenet|resnet-ds] [--epochs N] ` +
    '[--backend wasm|cpu] [--seed N] [--lr X] [--batch N] [--out DIR]');
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { models: [...DEMO_MODELS], backend: 'wasm', seed: 42, out: resolve(root, 'public/models') };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    if (flag === '--model') {
      const m = value();
      if (!DEMO_MODELS.includes(m as DemoModelName)) usage(`unknown model "${m}"`);
      args.models = [m as DemoModelName];
    } else if (flag === '--epochs' || flag === '--seed' || flag === '--batch') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < (flag === '--seed' ? 0 : 1)) usage(`${flag} must be an integer`);
      if (flag === '--epochs') args.epochs = n;
      else if (flag === '--batch') args.batch = n;
      else args.seed = n;
    } else if (flag === '--out') {
      args.out = resolve(value());
    } else if (flag === '--lr') {
      const x = Number(value());
      if (!(x > 0 && x < 1)) usage('--lr must be a number in (0, 1)');
      args.lr = x;
    } else if (flag === '--backend') {
      const b = value();
      if (b !== 'wasm' && b !== 'cpu') usage(`unknown backend "${b}"`);
      args.backend = b;
    } else {
      usage(`unknown argument "${argv[i]}"`);
    }
  }
  return args;
}

function loadData(): { train: LabeledImages; test: LabeledImages } {
  const path = demoDataPath(root);
  if (!existsSync(path)) console.log(buildDemoDigits(root, path));
  const file = readFileSync(path);
  const ds = parseMnistBinary(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  return { train: selectSplit(ds, 'train'), test: selectSplit(ds, 'test') };
}

/** Top-1 accuracy on `data`, in batches to bound memory. */
function accuracy(model: tf.LayersModel, data: LabeledImages, batch = 500): number {
  let correct = 0;
  for (let start = 0; start < data.count; start += batch) {
    const n = Math.min(batch, data.count - start);
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(data.images.subarray(start * 784, (start + n) * 784), [n, 28, 28, 1]);
      return (model.predict(x) as tf.Tensor).argMax(-1).dataSync();
    });
    for (let i = 0; i < n; i++) if (pred[i] === data.labels[start + i]) correct++;
  }
  return correct / data.count;
}

/** Cosine decay from lr0 to lr0/20 over the run. */
const learningRateAt = (lr0: number, epoch: number, epochs: number) =>
  lr0 / 20 + 0.5 * (lr0 - lr0 / 20) * (1 + Math.cos((Math.PI * epoch) / Math.max(epochs - 1, 1)));

async function trainOne(base: DemoModelSpec, args: Args, data: ReturnType<typeof loadData>, backend: string) {
  const spec = { ...base, learningRate: args.lr ?? base.learningRate, batchSize: args.batch ?? base.batchSize };
  const epochs = args.epochs ?? spec.epochs;
  const started = performance.now();
  const model = spec.build(args.seed);
  const optimizer = tf.train.adam(spec.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  console.log(`\n${spec.name}: ${model.countParams()} parameters, ${epochs} epochs, batch ${spec.batchSize}, ` +
    `${data.train.count} train / ${data.test.count} test images, backend ${backend}`);
  const rand = mulberry32(args.seed * 7919 + spec.name.length);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const t0 = performance.now();
    const lr = learningRateAt(spec.learningRate, epoch, epochs);
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
    const order = shuffledIndices(data.train.count, rand);
    const images = augmentBatch(data.train.images, order, 28, AUGMENT, rand);
    const labels = Int32Array.from(order, (i) => data.train.labels[i]);
    const xs = tf.tensor4d(images, [order.length, 28, 28, 1]);
    const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
    const history = await model.fit(xs, ys, { batchSize: spec.batchSize, epochs: 1, shuffle: false, verbose: 0 });
    tf.dispose([xs, ys]);
    const testAcc = accuracy(model, data.test);
    const loss = history.history.loss[0] as number;
    const acc = (history.history.acc ?? history.history.accuracy)[0] as number;
    console.log(`${spec.name} epoch ${String(epoch + 1).padStart(2)}/${epochs}  lr ${lr.toFixed(5)}  ` +
      `loss ${loss.toFixed(4)}  train acc ${(acc * 100).toFixed(2)}%  test acc ${(testAcc * 100).toFixed(2)}%  ` +
      `(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const trainSeconds = (performance.now() - started) / 1000;

  const dir = join(args.out, spec.name);
  const weightBytes = await saveLayersModel(model, dir);
  const reloaded = await loadLayersModel(dir);
  const floatTestAccuracy = accuracy(reloaded, data.test);
  const metadata = {
    name: spec.name,
    description: spec.description,
    inputShape: [28, 28, 1],
    classes: 10,
    floatTestAccuracy,
    trainSamples: data.train.count,
    testSamples: data.test.count,
    split: 'last 200 of each digit = test',
    epochs,
    trainedAt: new Date().toISOString(),
    seconds: Math.round(trainSeconds * 10) / 10,
    parameters: model.countParams(),
    weightBytes,
    backend,
    seed: args.seed,
    augmentation: `random whole-pixel shift ±${AUGMENT.maxShift} px; rotation ±${AUGMENT.maxDegrees}° and ` +
      `zoom ±${AUGMENT.maxScale * 100}% (bilinear) on ${AUGMENT.rotateFraction * 100}% of images`,
    optimizer: `adam, lr ${spec.learningRate} cosine-decayed to ${+(spec.learningRate / 20).toPrecision(3)}, ` +
      `batch ${spec.batchSize}`,
    trainedBy: 'scripts/train-demo.ts',
  };
  writeFileSync(join(dir, 'metadata.json'), JSON.stringify(metadata, null, 2) + '\n');
  model.dispose();
  reloaded.dispose();
  console.log(`${spec.name}: test accuracy ${(floatTestAccuracy * 100).toFixed(2)}% (reloaded from disk), ` +
    `${weightBytes} weight bytes, trained in ${trainSeconds.toFixed(1)} s → ${relative(root, dir)}/`);
  return { name: spec.name, floatTestAccuracy, seconds: trainSeconds };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  let data: ReturnType<typeof loadData>;
  try {
    data = loadData();
  } catch (err) {
    console.error(`train-demo: ${(err as Error).message}`);
    process.exit(2);
  }
  // tfjs seeds unseeded random ops (dropout masks) from Math.random; a seeded Math.random
  // makes the whole run reproducible. (A fixed `seed` on a Dropout layer would reuse one
  // mask for every batch.)
  Math.random = mulberry32(args.seed ^ 0x5eed);
  const backend = await initBackend(args.backend);
  const results = [];
  for (const name of args.models) results.push(await trainOne(DEMO_MODEL_SPECS[name], args, data, backend));
  console.log(`\ntrain-demo: total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const failed = results.filter((r) => r.floatTestAccuracy < MIN_ACCURACY);
  for (const r of failed) {
    console.error(`train-demo: ${r.name} reached ${(r.floatTestAccuracy * 100).toFixed(2)}% test accuracy, ` +
      `below the required ${MIN_ACCURACY * 100}%; train longer (--epochs) or check the data.`);
  }
  if (failed.length) process.exit(1);
}

void main();
