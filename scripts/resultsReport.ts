/**
 * Markdown for docs/results.md (scripts/results.ts): method curves, the Pareto fronts across
 * methods, and the four claims, each with a verdict computed from the numbers. Differences
 * under NOISE_PTS accuracy points are called "within noise" (binomial standard error on
 * 2,000 test images at ~97% is ≈ 0.4 points).
 */
import type { SqnrJson, StudioConfig } from '../src/quant/types';

export interface Row {
  label: string;
  method: string;
  budget: number | null;
  averageBits: number;
  sizeBytes: number;
  bitops: number;
  floatBitops: number;
  accuracy: number | null;
  weightOnlyAccuracy: number | null;
  agreement: number | null;
  outputSqnrDb: SqnrJson;
  seconds: number;
  note?: string;
  config: StudioConfig;
}

export const NOISE_PTS = 0.5;

const pct = (v: number | null) => (v === null ? 'n/a' : (100 * v).toFixed(2));
const db = (v: SqnrJson) => (typeof v === 'number' ? v.toFixed(1) : v === 'Infinity' ? '∞' : 'n/a');
const kb = (b: number) => (b / 1024).toFixed(1);
const frac = (r: Row) => (r.floatBitops > 0 ? `${(100 * r.bitops / r.floatBitops).toFixed(2)}%` : 'n/a');
const sci = (v: number) => v.toExponential(2);

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function bitsOf(r: Row): string {
  const ls = r.config.layers;
  return ls.map((l) => {
    const w = Array.isArray(l.weights.bits) ? `${(l.weights.bits.reduce((a, b) => a + b, 0) / l.weights.bits.length).toFixed(1)}̄` : String(l.weights.bits);
    const a = l.activations.scheme === 'float' ? 'f' : `${l.activations.scheme === 'fixed' ? '' : l.activations.scheme === 'log2' ? 'L' : 'L√'}${l.activations.bits}`;
    return `${w}/${a}`;
  }).join(' ');
}

export function curveMarkdown(rows: Row[]): string {
  const out = ['### Every method across its knob', '',
    'Per-layer column: weight bits / activation bits for each quantizable layer in order (x̄ = mean of per-filter bits, L = log2, L√ = log-√2, f = float).', ''];
  out.push(table(['method', 'knob', 'avg bits', 'size KiB', 'BitOPs', 'of float', 'accuracy %', 'weight-only %', 'agreement %', 'out SQNR dB', 'per layer w/a', 's'],
    rows.map((r) => [r.method, String(r.budget), r.averageBits.toFixed(2), kb(r.sizeBytes), sci(r.bitops), frac(r), pct(r.accuracy),
      pct(r.weightOnlyAccuracy), pct(r.agreement), db(r.outputSqnrDb), bitsOf(r), r.seconds.toFixed(1)])));
  return `${out.join('\n')}\n`;
}

/** Points not dominated (higher accuracy at ≤ cost) on the given cost axis. */
export function paretoFront(rows: Row[], cost: (r: Row) => number): Row[] {
  const sorted = rows.filter((r) => r.accuracy !== null).sort((a, b) => cost(a) - cost(b) || (b.accuracy! - a.accuracy!));
  const front: Row[] = [];
  for (const r of sorted) if (front.length === 0 || r.accuracy! > front[front.length - 1].accuracy!) front.push(r);
  return front;
}

export function frontMarkdown(rows: Row[]): string {
  const out = ['### Pareto fronts across all methods', ''];
  for (const [title, cost, show] of [
    ['accuracy vs average weight bits', (r: Row) => r.averageBits, (r: Row) => r.averageBits.toFixed(2)],
    ['accuracy vs BitOPs', (r: Row) => r.bitops, (r: Row) => `${sci(r.bitops)} (${frac(r)})`],
  ] as const) {
    const f = paretoFront(rows, cost);
    out.push(`**${title}** (non-dominated points):`, '', table(['point', title.split(' vs ')[1], 'accuracy %'], f.map((r) => [r.label, show(r), pct(r.accuracy)])), '');
  }
  return out.join('\n');
}

/**
 * Compares a point (cost x, accuracy y) with the baseline points that bracket it in cost:
 * `below` = the costliest baseline point at cost ≤ x, `above` = the cheapest at cost ≥ x.
 * Better = at least as accurate (within noise) as the costlier neighbour while cheaper;
 * worse = less accurate than the cheaper neighbour; otherwise in between (inconclusive).
 * No interpolation: baseline curves have cliffs (e.g. 2 → 3 bits) where a straight line
 * between neighbours would flatter whoever sits on the cliff.
 */
export function bracket(points: { x: number; y: number }[], x: number, y: number): { below: { x: number; y: number } | null; above: { x: number; y: number } | null; verdict: 'better' | 'worse' | 'between' | 'n/a' } {
  const p = [...points].sort((a, b) => a.x - b.x);
  const below = [...p].reverse().find((q) => q.x <= x) ?? null;
  const above = p.find((q) => q.x >= x) ?? null;
  const noise = NOISE_PTS / 100;
  if (!below && !above) return { below, above, verdict: 'n/a' };
  if (above && y >= above.y - noise) return { below, above, verdict: 'better' };
  if (below && y < below.y - noise) return { below, above, verdict: 'worse' };
  if (!above && below && y >= below.y - noise) return { below, above, verdict: 'between' };
  return { below, above, verdict: 'between' };
}

function bracketText(b: ReturnType<typeof bracket>, what: string, unit: (x: number) => string): string {
  const n = (q: { x: number; y: number } | null) => (q ? `${(100 * q.y).toFixed(2)}% at ${unit(q.x)}` : '—');
  const head = { better: `${what} better: as accurate as the costlier uniform point`, worse: `uniform better: ${what} below the cheaper uniform point`,
    between: 'in between the uniform neighbours (inconclusive)', 'n/a': 'no uniform neighbours' }[b.verdict];
  return `${head} (uniform ${n(b.below)} / ${n(b.above)})`;
}

function verdict(deltaPts: number | null, better: string, worse: string): string {
  if (deltaPts === null) return 'not comparable (outside the baseline\'s range)';
  if (Math.abs(deltaPts) < NOISE_PTS) return `within noise (${deltaPts >= 0 ? '+' : ''}${deltaPts.toFixed(2)} pts)`;
  return `${deltaPts > 0 ? better : worse} (${deltaPts > 0 ? '+' : ''}${deltaPts.toFixed(2)} pts)`;
}

/** Short verdicts per claim, for the summary at the top of the report. */
export type Findings = Record<'mxqn' | 'cq' | 'nlq' | 'ebs', string[]>;

export function claimsMarkdown(c: { mxqn: Row[]; cq: Row[]; nlq: Row[]; perFilterA8: Row[]; curves: Row[]; floatAccuracy: number | null }, findings?: Findings): string {
  const out = ['### The seeds\' claims, tested', ''];
  // MXQN
  out.push('**MXQN — per-layer fixed/log activations chosen by SQNR vs pure fixed-point, at ≤ 4-bit activations** (weights 8-bit fixed; output layer float).', '');
  out.push(table(['setting', 'accuracy %', 'agreement %', 'out SQNR dB', 'schemes picked'], c.mxqn.map((r) => [r.label, pct(r.accuracy), pct(r.agreement), db(r.outputSqnrDb), r.note ?? ''])), '');
  for (let i = 0; i + 1 < c.mxqn.length; i += 2) {
    const m = c.mxqn[i];
    const f = c.mxqn[i + 1];
    const d = m.accuracy !== null && f.accuracy !== null ? 100 * (m.accuracy - f.accuracy) : null;
    const v = `${m.label.split(' ')[0]}: ${verdict(d, 'mixed wins', 'fixed wins')}`;
    findings?.mxqn.push(v);
    out.push(`- ${v.replace(':', ': mixed vs fixed —')}.`);
  }
  out.push('');
  // CQ
  out.push('**CQ — class-based per-filter bits vs uniform per-filter bits at equal average bits** (activations 8-bit in both; "score-order" lowers the lowest-score filters first with no accuracy feedback; the control shuffles the scores within each layer).', '');
  out.push(table(['setting', 'avg bits', 'accuracy %', 'weight-only %', 'out SQNR dB'], c.cq.map((r) => [r.label, r.averageBits.toFixed(2), pct(r.accuracy), pct(r.weightOnlyAccuracy), db(r.outputSqnrDb)])), '');
  const uni = c.perFilterA8.filter((r) => r.accuracy !== null).map((r) => ({ x: r.averageBits, y: r.accuracy! }));
  const cqCurve = c.curves.filter((r) => r.method === 'cq');
  out.push('CQ\'s accuracy-constrained search (ε knob) against the uniform per-filter (A8) points that bracket it in average bits:', '');
  out.push(table(['ε', 'CQ avg bits', 'CQ accuracy %', 'verdict (uniform per-filter neighbours)'], cqCurve.map((r) => {
    if (r.accuracy === null) return [String(r.budget), r.averageBits.toFixed(2), 'n/a', 'n/a'];
    const v = bracketText(bracket(uni, r.averageBits, r.accuracy), 'CQ', (x) => `${x.toFixed(0)} bits`);
    findings?.cq.push(`ε ${r.budget} (${r.averageBits.toFixed(2)} bits, ${pct(r.accuracy)}%): ${v}`);
    return [String(r.budget), r.averageBits.toFixed(2), pct(r.accuracy), v];
  })), '');
  for (let i = 0; i + 2 < c.cq.length; i += 3) {
    const [u, s, sh] = [c.cq[i], c.cq[i + 1], c.cq[i + 2]];
    if (u.accuracy !== null && s.accuracy !== null && sh.accuracy !== null) {
      findings?.cq.push(`score-order at ${u.budget} bits: ${(100 * s.accuracy).toFixed(1)}% vs uniform ${(100 * u.accuracy).toFixed(1)}% (shuffled scores ${(100 * sh.accuracy).toFixed(1)}%)`);
    }
  }
  // NLQ
  out.push('**NLQ — one shared log unit for all layers vs per-layer full-scale-range log** (weights; activations 8-bit fixed).', '');
  out.push(table(['setting', 'accuracy %', 'weight-only %', 'out SQNR dB', 'note'], c.nlq.map((r) => [r.label, pct(r.accuracy), pct(r.weightOnlyAccuracy), db(r.outputSqnrDb), r.note ?? ''])), '');
  for (let i = 0; i + 2 < c.nlq.length; i += 3) {
    const [n, s] = [c.nlq[i], c.nlq[i + 1]];
    const d = n.weightOnlyAccuracy !== null && s.weightOnlyAccuracy !== null ? 100 * (n.weightOnlyAccuracy - s.weightOnlyAccuracy) : null;
    const v = `${n.label.split(' ').pop()}: ${verdict(d, 'shared unit better', 'per-layer better')}`;
    findings?.nlq.push(v);
    out.push(`- ${v.replace(':', ': shared unit vs per-layer log-√2 (weight-only) —')}.`);
  }
  out.push('');
  // EBS
  const uniform = c.curves.filter((r) => r.method === 'uniform' && r.accuracy !== null).map((r) => ({ x: r.bitops, y: r.accuracy! }));
  const ebs = c.curves.filter((r) => r.method === 'ebs');
  out.push('**EBS vs the uniform front** (uniform = same bits for weights and activations, per tensor; the uniform points that bracket EBS in BitOPs):', '');
  out.push(table(['λ', 'avg bits', 'BitOPs', 'EBS accuracy %', 'verdict (uniform neighbours)'], ebs.map((r) => {
    if (r.accuracy === null) return [String(r.budget), r.averageBits.toFixed(2), sci(r.bitops), 'n/a', 'n/a'];
    const v = bracketText(bracket(uniform, r.bitops, r.accuracy), 'EBS', (x) => sci(x));
    findings?.ebs.push(`λ ${r.budget} (${frac(r)} of float BitOPs, ${pct(r.accuracy)}%): ${v}`);
    return [String(r.budget), r.averageBits.toFixed(2), `${sci(r.bitops)} (${frac(r)})`, pct(r.accuracy), v];
  })), '');
  return out.join('\n');
}

export function findingsMarkdown(byModel: [string, Findings][]): string {
  const titles: Record<keyof Findings, string> = {
    mxqn: 'MXQN mixed fixed/log activations vs pure fixed (A2 / A3 / A4, 8-bit weights)',
    cq: 'CQ vs uniform per-filter at equal average bits (ε search vs the uniform points bracketing its average bits; score-order vs uniform at integer bits)',
    nlq: 'NLQ one shared log unit vs per-layer log-√2 (weight-only, 3 / 4 bits)',
    ebs: 'EBS vs the uniform (per-tensor, W = A bits) points bracketing it in BitOPs',
  };
  const out = ['## Findings at a glance', '', `Computed from the tables below; differences under ${NOISE_PTS} accuracy points are reported as noise.`, ''];
  for (const key of Object.keys(titles) as (keyof Findings)[]) {
    out.push(`- **${titles[key]}**`);
    for (const [model, f] of byModel) out.push(`  - ${model}: ${f[key].length ? f[key].join('; ') : 'n/a'}`);
  }
  return `${out.join('\n')}\n`;
}
