/**
 * Micro-benchmark of the weight SQNR sweep (src/quant/sweep.ts), single-threaded, pure
 * TypeScript: ≈11.7M He-normal weights in ResNet-18's layer shapes (He et al. 2016,
 * Table 1), every weight scheme × bits 2..8, per tensor and per filter.
 *
 *   npx tsx scripts/bench-sweep-node.ts [--scale 1] [--repeat 2] [--per-scheme]
 *
 * Prints seconds per pass and element·configs/s (configs = schemes × bits × 2 granularities).
 */
import { sweepWeights } from '../src/quant/sweep';
import { normal } from '../src/quant/testing/data';
import { SWEEP_BITS, WEIGHT_SCHEMES, type WeightScheme } from '../src/quant/types';

interface Layer { name: string; shape: number[]; filters: number }

/** ResNet-18 weight tensors (channels-last, no biases/BN): 11.68M parameters. */
function resnet18(width = 1): Layer[] {
  const c = (v: number) => Math.max(1, Math.round(v * width));
  const layers: Layer[] = [];
  const conv = (name: string, k: number, cin: number, cout: number) =>
    layers.push({ name, shape: [k, k, cin, cout], filters: cout });
  conv('stem', 7, 3, c(64));
  let cin = c(64);
  [64, 128, 256, 512].forEach((w, stage) => {
    const cout = c(w);
    for (let blk = 0; blk < 2; blk++) {
      const name = `s${stage + 1}b${blk + 1}`;
      conv(`${name}.conv1`, 3, cin, cout);
      conv(`${name}.conv2`, 3, cout, cout);
      if (blk === 0 && cin !== cout) conv(`${name}.down`, 1, cin, cout);
      cin = cout;
    }
  });
  layers.push({ name: 'fc', shape: [cin, 1000], filters: 1000 });
  return layers;
}

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const repeat = arg('--repeat', 2);
const layers = resnet18(arg('--scale', 1));
const data = layers.map((l, k) => {
  const n = l.shape.reduce((a, b) => a * b, 1);
  return normal(n, Math.sqrt(2 / (n / l.filters)), 100 + k);
});
const total = data.reduce((a, x) => a + x.length, 0);

/** Wall seconds and CPU seconds (on a busy shared machine CPU time is the fairer figure). */
function time(schemes: readonly WeightScheme[]): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  layers.forEach((l, k) => sweepWeights(data[k], l.filters, { schemes }));
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/**
 * A fixed reference loop (one multiply-round-square-add per element over 11.7M floats):
 * the machine's speed right now, so figures taken on a busy shared machine can be compared.
 */
function referenceLoop(): number {
  const t0 = performance.now();
  let acc = 0;
  for (const x of data) {
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - Math.round(x[i] * 7.3) * 0.137;
      acc += d * d;
    }
  }
  if (!(acc >= 0)) throw new Error('unreachable');
  return (performance.now() - t0) / 1000;
}
referenceLoop();

console.log(`${layers.length} layers, ${(total / 1e6).toFixed(2)}M weights, node ${process.version}`);
if (process.argv.includes('--per-scheme')) {
  for (const s of WEIGHT_SCHEMES) {
    const t = time([s]);
    console.log(`  ${s.padEnd(11)} ${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU`);
  }
}
let best = Infinity;
let bestCpu = Infinity;
let ratio = Infinity;
for (let r = 0; r < repeat; r++) {
  const ref = referenceLoop();
  const t = time(WEIGHT_SCHEMES);
  const ref2 = referenceLoop();
  best = Math.min(best, t.wall);
  bestCpu = Math.min(bestCpu, t.cpu);
  ratio = Math.min(ratio, t.wall / ((ref + ref2) / 2));
  console.log(
    `pass ${r + 1}: ${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU (reference loop ${ref.toFixed(3)} / ${ref2.toFixed(3)} s)`,
  );
}
const configs = WEIGHT_SCHEMES.length * SWEEP_BITS.length * 2;
console.log(`best ${best.toFixed(2)} s wall, ${bestCpu.toFixed(2)} s CPU for ${configs} configs (${WEIGHT_SCHEMES.length} schemes × ${SWEEP_BITS.length} bits × per tensor/per filter)`);
console.log(`${((total * configs) / best / 1e6).toFixed(0)}M element·configs/s wall, ${((total * configs) / bestCpu / 1e6).toFixed(0)}M per CPU-second, single-threaded`);
console.log(`sweep / reference loop = ${ratio.toFixed(0)}× (load-independent cost measure)`);
