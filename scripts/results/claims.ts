/**
 * The full run of one model: the methods' curves, the controls, and the four claims, each
 * judged against its fair baseline with paired tests on the same 2,000 test images.
 *
 *  1. MXQN: mixed fixed/log activations ≥ fixed point at ≤ 4-bit activations — against the
 *     best of four fixed-point calibrations (max-abs, percentile, MSE clip, KL), picked on
 *     the test images (which favours the baseline slightly).
 *  2. CQ: ≥ uniform per-filter at equal average bits — score-order at 3 and 4 bits, with the
 *     earlier lowest-first rule, shuffled scores and random widths (3 seeds) as controls; and
 *     the ε-search against the same search on shuffled scores.
 *  3. NLQ: one shared unit within 1 point of per-layer log-√2 — the paired 95 % interval of
 *     the difference must lie above −1 point.
 *  4. EBS: on or above the uniform (W = A bits, per tensor) front in BitOPs — each seed's
 *     point against the cheapest uniform point that costs at least as many BitOPs.
 */
import {
  atLeastVerdict, describeComparison, pct, SEEDS, EBS_STEPS, seedSpread, type Bench, type Claim, type ClaimVerdict, type Point,
} from './experiments';

const CURVES: [string, Parameters<Bench['run']>[1], number[], Record<string, unknown>?][] = [
  ['uniform', 'uniform', [2, 3, 4, 5, 6, 8]],
  ['uniform per filter', 'uniform-per-filter', [2, 3, 4, 8]],
  ['mxqn', 'mxqn', [10, 20, 30]],
  ['nlq', 'nlq', [5, 6]],
  ['knapsack', 'knapsack', [3, 4]],
];

interface FullRun {
  claims: Claim[];
  seeds: { label: string; spread: ReturnType<typeof seedSpread>['spread']; bitops: ReturnType<typeof seedSpread>['bitops'] }[];
}

export async function fullRun(b: Bench): Promise<FullRun> {
  const seeds: FullRun['seeds'] = [];
  const uniform: Point[] = [];
  for (const [name, method, knobs, settings] of CURVES) {
    for (const k of knobs) {
      const p = await b.run(`${name} ${k}`, method, k, settings ?? {}, method === 'nlq' ? (c) => nlqNote(c.method.settings) : undefined);
      if (method === 'uniform') uniform.push(p);
    }
  }
  // W8A8 reference with each calibration.
  for (const cal of ['max-abs', 'percentile', 'mse', 'kl']) await b.run(`W8A8 per-channel, ${cal}`, 'w8a8', 8, { activationCalibration: cal });

  const claims: Claim[] = [];
  claims.push(await mxqnClaim(b));
  claims.push(await cqClaim(b, seeds));
  claims.push(await nlqClaim(b));
  claims.push(await ebsClaim(b, uniform, seeds));
  return { claims, seeds };
}

function nlqNote(settings: Record<string, unknown> | undefined): string {
  const u = Number(settings?.unitScale);
  const search = settings?.unitSearch as { onEdge?: string | null } | undefined;
  return `u = ${u.toFixed(3)}${search?.onEdge ? ` (on the ${search.onEdge} edge of the searched range)` : ''}`;
}

async function mxqnClaim(b: Bench): Promise<Claim> {
  const evidence: string[] = [];
  const cs = [];
  for (const a of [2, 3, 4]) {
    const mixed = await b.run(`A${a} MXQN mixed (SQNR-chosen fixed/log)`, 'mxqn', 0, { weightBits: 8, activationBits: a },
      (c) => c.layers.filter((l) => l.activations.scheme !== 'float').map((l) => l.activations.scheme).join(', '));
    const fixed: Point[] = [await b.run(`A${a} fixed, max-abs (MXQN pure fixed)`, 'mxqn', 0, { weightBits: 8, activationBits: a, activationSchemes: ['fixed'] })];
    for (const cal of ['percentile', 'mse', 'kl']) fixed.push(await b.run(`A${a} fixed, ${cal}`, 'uniform', 8, { activationBits: a, activationCalibration: cal }));
    const best = fixed.reduce((x, y) => (y.accuracy > x.accuracy ? y : x));
    const c = b.compare(mixed, best);
    cs.push(c);
    evidence.push(`A${a}: ${describeComparison(c)} (max-abs fixed alone: ${pct(fixed[0].accuracy)})`);
  }
  return { key: 'mxqn', claim: 'MXQN: mixed fixed/log activations ≥ fixed point at ≤ 4-bit activations (8-bit weights), against the best clipped fixed point', verdict: atLeastVerdict(cs), evidence };
}

async function cqClaim(b: Bench, seeds: FullRun['seeds']): Promise<Claim> {
  const evidence: string[] = [];
  const cs = [];
  for (const bits of [3, 4]) {
    const u = await b.run(`uniform per filter ${bits}-bit (A8)`, 'uniform-per-filter', bits, { activationBits: 8 });
    const so = await b.run(`CQ score-order ${bits} bits (staircase)`, 'cq', 0.01, { targetAverageBits: bits, targetMode: 'score-order' });
    const lf = await b.run(`CQ lowest-first ${bits} bits (earlier rule)`, 'cq', 0.01, { targetAverageBits: bits, targetMode: 'lowest-first' });
    const shuffled: Point[] = [];
    const random: Point[] = [];
    for (const seed of SEEDS) {
      shuffled.push(await b.run(`CQ score-order ${bits} bits, shuffled scores, seed ${seed}`, 'cq', 0.01, { targetAverageBits: bits, targetMode: 'score-order', shuffleSeed: seed }));
      random.push(await b.run(`random widths ${bits} bits, seed ${seed}`, 'random', bits, { seed }));
    }
    seeds.push(seedSpread(`CQ shuffled scores, ${bits} bits`, shuffled), seedSpread(`random widths, ${bits} bits`, random));
    const c = b.compare(so, u);
    cs.push(c);
    evidence.push(`${bits} bits: ${describeComparison(c)}`);
    evidence.push(`${bits} bits, earlier rule: ${describeComparison(b.compare(lf, u))}`);
    const sh = seedSpread('', shuffled).spread;
    const rnd = seedSpread('', random).spread;
    evidence.push(`${bits} bits controls: shuffled scores ${pct(sh.mean)} ± ${(100 * sh.sd).toFixed(2)} (3 seeds), random widths ${pct(rnd.mean)} ± ${(100 * rnd.sd).toFixed(2)}; ` +
      `real scores vs shuffled seed 1: ${describeComparison(b.compare(so, shuffled[0]))}`);
  }
  // ε-search: real vs shuffled class scores at the same ε.
  const eps = 0.005;
  const real = await b.run(`CQ ε-search ε=${eps}`, 'cq', eps);
  const shuffledEps: Point[] = [];
  for (const seed of SEEDS) shuffledEps.push(await b.run(`CQ ε-search ε=${eps}, shuffled scores, seed ${seed}`, 'cq', eps, { shuffleSeed: seed }));
  seeds.push(seedSpread(`CQ ε-search ε=${eps}, shuffled scores`, shuffledEps));
  const sp = seedSpread('', shuffledEps);
  evidence.push(`ε-search ε=${eps}: real scores ${pct(real.accuracy)} at ${real.averageBits.toFixed(2)} bits; shuffled scores ${pct(sp.spread.mean)} ± ${(100 * sp.spread.sd).toFixed(2)} ` +
    `at ${meanBits(shuffledEps).toFixed(2)} bits (3 seeds)`);
  return { key: 'cq', claim: 'CQ: class-based per-filter widths ≥ uniform per filter at equal average bits', verdict: atLeastVerdict(cs), evidence };
}

const meanBits = (ps: Point[]) => ps.reduce((a, p) => a + p.averageBits, 0) / ps.length;

async function nlqClaim(b: Bench): Promise<Claim> {
  const evidence: string[] = [];
  const verdicts: ClaimVerdict[] = [];
  for (const bits of [3, 4]) {
    const n = await b.run(`NLQ shared unit ${bits}-bit (claim)`, 'nlq', bits, {}, (c) => nlqNote(c.method.settings));
    const l = await b.run(`log-√2 per-layer FSR ${bits}-bit`, 'log-per-layer', bits, { scheme: 'log2-sqrt2' });
    const c = b.compare(n, l);
    verdicts.push(c.lo > -0.01 ? 'reproduced' : c.hi < -0.01 ? 'not reproduced' : 'inconclusive');
    evidence.push(`${bits}-bit: ${describeComparison(c)}; ${n.note ?? ''}`);
  }
  const verdict: ClaimVerdict = verdicts.every((v) => v === 'reproduced') ? 'reproduced' : verdicts.includes('not reproduced') ? 'not reproduced' : 'inconclusive';
  return { key: 'nlq', claim: 'NLQ: one shared log unit within 1 point of per-layer log-√2 (weight bits 3 and 4, A8)', verdict, evidence };
}

async function ebsClaim(b: Bench, uniform: Point[], seeds: FullRun['seeds']): Promise<Claim> {
  const evidence: string[] = [];
  const cs = [];
  const front = [...uniform].sort((x, y) => x.bitops - y.bitops);
  for (const lambda of [0.4]) {
    const runs: Point[] = [];
    for (const seed of SEEDS) runs.push(await b.run(`EBS λ=${lambda}, seed ${seed}`, 'ebs', lambda, { steps: EBS_STEPS, seed }));
    seeds.push(seedSpread(`EBS λ=${lambda}`, runs));
    for (const r of runs) {
      const ref = front.find((u) => u.bitops >= r.bitops);
      if (!ref) {
        evidence.push(`${r.label}: costs more BitOPs than every uniform point (${(100 * r.bitopsFraction).toFixed(2)} % of float)`);
        continue;
      }
      const c = b.compare(r, ref);
      cs.push(c.verdict === 'same' ? { ...c, verdict: 'better' as const } : c); // on the front counts as "on or above"
      evidence.push(`${r.label} (${(100 * r.bitopsFraction).toFixed(2)} % of float BitOPs) vs ${ref.label} (${(100 * ref.bitopsFraction).toFixed(2)} %): ${describeComparison(c)}`);
    }
  }
  const verdict: ClaimVerdict = cs.length === 0 ? 'inconclusive' : cs.every((c) => c.verdict !== 'worse') ? 'reproduced' : cs.every((c) => c.verdict === 'worse') ? 'not reproduced' : 'inconclusive';
  return { key: 'ebs', claim: `EBS (${EBS_STEPS} steps, 3 seeds) on or above the uniform front in BitOPs (no seed significantly below the cheapest uniform point that costs at least as much)`, verdict, evidence };
}
