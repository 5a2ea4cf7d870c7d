/**
 * docs/results.md and its plots, from the experiments' results: a verdict per claim with its
 * evidence, every point with its 95 % interval, the seeds' spread, and a check block (JSON in
 * an HTML comment) that the CI test reads — the source hash and the fast subset's figures.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { build } from 'esbuild';
import { describeComparison, ROOT, type ModelResults, type Point } from './experiments';

export const CHECK_START = '<!-- results-check ';
export const CHECK_END = ' -->';

interface SubsetFigure {
  label: string;
  correct: number;
  n: number;
  averageBits: number;
  sizeBytes: number;
  bitops: number;
}

export interface CheckBlock {
  commit: string;
  sourceHash: string;
  sources: number;
  subset: SubsetFigure[];
  verdicts: Record<string, Record<string, string>>;
}

/**
 * SHA-256 over every repository source file scripts/results.ts is built from (its import
 * closure, found by esbuild), path + content, sorted: any change to a method, a quantizer,
 * the evaluation or this script changes it. Also the demo models' files.
 */
export async function sourceHash(): Promise<{ hash: string; files: string[] }> {
  const r = await build({
    entryPoints: [`${ROOT}/scripts/results.ts`], bundle: true, write: false, metafile: true, platform: 'node',
    format: 'esm', packages: 'external', logLevel: 'silent', outdir: `${ROOT}/.cache/results-hash`,
  });
  const files = Object.keys(r.metafile.inputs).map((f) => relative(ROOT, `${ROOT}/${f}`).replaceAll('\\', '/'))
    .filter((f) => !f.startsWith('node_modules/') && !f.startsWith('..'));
  for (const m of ['lenet', 'resnet-ds']) for (const f of ['model.json']) files.push(`public/models/${m}/${f}`);
  files.sort();
  const h = createHash('sha256');
  for (const f of files) h.update(`${f}\n`).update(readFileSync(`${ROOT}/${f}`, 'utf8').replaceAll('\r\n', '\n')).update('\n');
  return { hash: h.digest('hex'), files };
}

export function subsetFigures(points: Point[]): SubsetFigure[] {
  return points.map((p) => ({ label: p.label, correct: p.correct, n: p.n, averageBits: p.averageBits, sizeBytes: p.sizeBytes, bitops: p.bitops }));
}

export function readCheckBlock(doc: string): CheckBlock | null {
  const i = doc.indexOf(CHECK_START);
  if (i < 0) return null;
  const j = doc.indexOf(CHECK_END, i);
  return JSON.parse(doc.slice(i + CHECK_START.length, j)) as CheckBlock;
}

const pct = (v: number) => (100 * v).toFixed(2);
const ci = (p: Point) => `${pct(p.accuracy)} [${pct(p.lo)}, ${pct(p.hi)}]`;

function pointsTable(points: Point[]): string {
  const rows = points.map((p) => `| ${p.label} | ${p.averageBits.toFixed(2)} | ${(p.sizeBytes / 1024).toFixed(1)} | ${p.bitops.toExponential(3)} | ${(100 * p.bitopsFraction).toFixed(2)} % | ${ci(p)} | ${p.layers} | ${p.note ?? ''} |`);
  return ['| config | avg bits | size KiB | BitOPs | of float | accuracy % [95 % CI] | per layer w/a | note |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

const COLORS: Record<string, string> = {
  uniform: '#1f77b4', 'uniform-per-filter': '#17becf', mxqn: '#d62728', nlq: '#9467bd', 'log-per-layer': '#8c564b',
  knapsack: '#7f7f7f', cq: '#2ca02c', ebs: '#ff7f0e', random: '#bcbd22', w8a8: '#000000',
};

/** Accuracy (with 95 % intervals) against BitOPs as a fraction of float, log x axis. */
export function paretoSvg(r: ModelResults): string {
  const W = 720;
  const H = 420;
  const m = { l: 60, r: 150, t: 30, b: 50 };
  const pts = r.points.filter((p) => p.accuracy > 0.5);
  const xs = pts.map((p) => Math.log10(p.bitopsFraction));
  const x0 = Math.floor(Math.min(...xs) * 4) / 4;
  const x1 = Math.ceil(Math.max(...xs) * 4) / 4;
  const y0 = Math.floor(Math.min(...pts.map((p) => p.lo)) * 50) / 50;
  const y1 = 1;
  const X = (p: Point) => m.l + ((Math.log10(p.bitopsFraction) - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const Y = (v: number) => H - m.b - ((v - y0) / (y1 - y0 || 1)) * (H - m.t - m.b);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<title>${r.model}: accuracy (95 % CI) vs BitOPs (fraction of float)</title>`, `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l}" y="18" font-size="13">${r.model}: top-1 accuracy on 2,000 test digits vs BitOPs (of float, log scale); bars = 95 % CI</text>`];
  for (let v = Math.ceil(y0 * 50) / 50; v <= y1 + 1e-9; v += 0.02) {
    out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" stroke="#eee"/><text x="${m.l - 6}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end">${(100 * v).toFixed(0)}%</text>`);
  }
  for (let e = x0; e <= x1 + 1e-9; e += 0.25) {
    const x = m.l + ((e - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
    out.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${m.t}" y2="${H - m.b}" stroke="#eee"/><text x="${x.toFixed(1)}" y="${H - m.b + 16}" text-anchor="middle">${(100 * 10 ** e).toPrecision(2)}%</text>`);
  }
  for (const p of pts) {
    const c = COLORS[p.method] ?? '#333';
    const x = X(p).toFixed(1);
    out.push(`<line x1="${x}" x2="${x}" y1="${Y(p.lo).toFixed(1)}" y2="${Y(p.hi).toFixed(1)}" stroke="${c}"/><circle cx="${x}" cy="${Y(p.accuracy).toFixed(1)}" r="3" fill="${c}"><title>${escapeXml(p.label)}: ${ci(p)} %</title></circle>`);
  }
  const methods = [...new Set(pts.map((p) => p.method))];
  methods.forEach((name, i) => out.push(`<circle cx="${W - m.r + 16}" cy="${m.t + 10 + 16 * i}" r="4" fill="${COLORS[name] ?? '#333'}"/><text x="${W - m.r + 26}" y="${m.t + 14 + 16 * i}">${name}</text>`));
  out.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 12}" text-anchor="middle">BitOPs = Σ MACs · weight bits · input bits, as a fraction of the float model's</text>`, '</svg>');
  return `${out.join('\n')}\n`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function modelSection(r: ModelResults): string {
  const lines = [`## ${r.model}`, '', `${r.description} Float accuracy on the test split: ${pct(r.floatAccuracy)} %; ${r.layers} quantizable layers, ` +
    `${r.params.toLocaleString('en-US')} kernel weights, ${r.macs.toLocaleString('en-US')} MACs per image.`, '',
    `![${r.model}: accuracy vs BitOPs](results-${r.model}.svg)`, ''];
  lines.push('### Claims', '');
  for (const c of r.claims) {
    lines.push(`- **${c.claim}: ${c.verdict}.**`);
    for (const e of c.evidence) lines.push(`  - ${e}`);
  }
  if (r.seeds.length) {
    lines.push('', '### Stochastic methods over seeds (mean ± sample sd, 3 seeds)', '', '| runs | accuracy % | BitOPs % of float |', '|---|---|---|');
    for (const s of r.seeds) lines.push(`| ${s.label} | ${pct(s.spread.mean)} ± ${pct(s.spread.sd)} (min ${pct(s.spread.min)}, max ${pct(s.spread.max)}) | ${pct(s.bitops.mean)} ± ${pct(s.bitops.sd)} |`);
  }
  lines.push('', '### Paired comparisons', '', ...r.comparisons.map((c) => `- ${describeComparison(c)}`));
  lines.push('', '### Every evaluated config', '', 'Per layer: weight bits / activation bits (x̄ = mean of per-filter bits, L = log2, L√ = log-√2, f = float).', '', pointsTable(r.points), '');
  return lines.join('\n');
}
