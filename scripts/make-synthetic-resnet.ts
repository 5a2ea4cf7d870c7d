/**
 * Writes ResNet-like tfjs LayersModels with random He-normal weights for the scale
 * benchmarks: `.synthetic/<name>/model.json` + `group1-shardKofN.bin` shards of ≤ 4 MiB.
 *
 *   npx tsx scripts/make-synthetic-resnet.ts                 # all four (≈1M, 4M, 11.7M, 25.6M)
 *   npx tsx scripts/make-synthetic-resnet.ts resnet18 --out .synthetic --seed 7
 *
 * Weights: conv/dense kernels ~ N(0, 2/fan_in) (He et al. 2015, arXiv:1502.01852; plain,
 * not truncated, normal), biases 0, batch-norm γ = 1 + 0.05·n, β = 0.05·n, moving mean
 * 0.05·n, moving variance 1 + 0.05·|n|. Deterministic for a given seed. The output
 * folder is gitignored (.synthetic/), never committed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildResNet, SYNTHETIC_RESNETS, type ResNetSpec } from './bench/resnetTopology';
import { mulberry32 } from '../src/quant/random';

/** tfjs's own shard size (4 MiB). */
export const SHARD_BYTES = 4 * 1024 * 1024;


/** Fill `out` with standard normals (Box–Muller, two per pair of uniforms). */
function fillNormal(out: Float32Array, rand: () => number): void {
  for (let i = 0; i < out.length; i += 2) {
    const u = 1 - rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
}

/** Initial values of one weight, chosen by its name suffix (see the module comment). */
function initWeight(name: string, shape: number[], rand: () => number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const w = new Float32Array(n);
  const leaf = name.slice(name.lastIndexOf('/') + 1);
  if (leaf === 'bias') return w;
  fillNormal(w, rand);
  if (leaf === 'kernel') {
    const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < n; i++) w[i] *= std;
  } else if (leaf === 'gamma') {
    for (let i = 0; i < n; i++) w[i] = 1 + 0.05 * w[i];
  } else if (leaf === 'moving_variance') {
    for (let i = 0; i < n; i++) w[i] = 1 + 0.05 * Math.abs(w[i]);
  } else {
    for (let i = 0; i < n; i++) w[i] *= 0.05; // beta, moving_mean
  }
  return w;
}

interface Written {
  name: string;
  dir: string;
  parameters: number;
  bytes: number;
  shards: number;
  ms: number;
}

async function topologyOf(spec: ResNetSpec): Promise<tf.io.ModelArtifacts> {
  const model = buildResNet(spec);
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  model.dispose();
  if (!artifacts?.weightSpecs) throw new Error(`${spec.name}: tfjs returned no weight specs`);
  return artifacts;
}

/** Write one synthetic model; returns what was written. */
export async function writeSyntheticResNet(spec: ResNetSpec, outRoot: string, seed: number): Promise<Written> {
  const t0 = performance.now();
  // The topology is built with tfjs layers, which need a backend: the bench imports tfjs with
  // wasm registered but never initialised, so pick the plain cpu backend here, not in main().
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  const art = await topologyOf(spec);
  const specs = art.weightSpecs!;
  const parameters = specs.reduce((a, s) => a + s.shape.reduce((p, d) => p * d, 1), 0);
  const all = new Float32Array(parameters);
  const rand = mulberry32(seed);
  let off = 0;
  for (const s of specs) {
    if (s.dtype !== 'float32') throw new Error(`${s.name}: unexpected dtype ${s.dtype}`);
    const w = initWeight(s.name, s.shape, rand);
    all.set(w, off);
    off += w.length;
  }
  const dir = resolve(outRoot, spec.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bytes = new Uint8Array(all.buffer);
  const shards = Math.max(1, Math.ceil(bytes.length / SHARD_BYTES));
  const paths: string[] = [];
  for (let k = 0; k < shards; k++) {
    const file = `group1-shard${k + 1}of${shards}.bin`;
    writeFileSync(join(dir, file), bytes.subarray(k * SHARD_BYTES, Math.min(bytes.length, (k + 1) * SHARD_BYTES)));
    paths.push(file);
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: `quantization-studio scripts/make-synthetic-resnet.ts (seed ${seed})`,
    convertedBy: null,
    modelTopology: art.modelTopology,
    weightsManifest: [{ paths, weights: specs }],
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  return { name: spec.name, dir, parameters, bytes: bytes.length, shards, ms: performance.now() - t0 };
}

function parseArgs(argv: string[]): { names: string[]; out: string; seed: number } {
  const names: string[] = [];
  let out = '.synthetic';
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i];
    else if (argv[i] === '--seed') seed = Number(argv[++i]);
    else names.push(argv[i]);
  }
  return { names, out, seed };
}

async function main(): Promise<void> {
  const { names, out, seed } = parseArgs(process.argv.slice(2));
  const unknown = names.filter((n) => !SYNTHETIC_RESNETS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown model(s) ${unknown.join(', ')}; known: ${SYNTHETIC_RESNETS.map((s) => s.name).join(', ')}`);
  const chosen = names.length ? SYNTHETIC_RESNETS.filter((s) => names.includes(s.name)) : SYNTHETIC_RESNETS;
  for (const spec of chosen) {
    const w = await writeSyntheticResNet(spec, out, seed);
    console.log(`${w.name.padEnd(10)} ${(w.parameters / 1e6).toFixed(2).padStart(6)}M params  ` +
      `${(w.bytes / 2 ** 20).toFixed(1).padStart(6)} MiB in ${String(w.shards).padStart(2)} shards  ` +
      `${(w.ms / 1000).toFixed(2)} s  → ${w.dir}`);
  }
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]).endsWith('make-synthetic-resnet.ts');
if (invokedDirectly) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
