/**
 * Pure data helpers of the Pareto chart: the non-dominated front, series per method,
 * axis ticks and human units. No NaN leaves this module: points whose metric is null or
 * not finite are counted as "not evaluated" and left out of the plot.
 */

export type ParetoMetric = 'accuracy' | 'agreement';
export type ParetoXAxis = 'size' | 'bitops';

export interface ParetoPoint {
  id: string;
  method: string;
  sizeBytes: number;
  bitops: number;
  /** Top-1 accuracy as a fraction 0..1 (null: not evaluated, e.g. no labels). */
  accuracy: number | null;
  /** Top-1 agreement with the float model, fraction 0..1. */
  agreement?: number | null;
  averageWeightBits?: number;
  label?: string;
}

export interface FloatReference {
  sizeBytes: number;
  bitops: number;
  accuracy: number | null;
}

/** The metric of a point as a fraction, or null when it is missing or not finite. */
export function metricOf(p: Pick<ParetoPoint, 'accuracy' | 'agreement'>, metric: ParetoMetric): number | null {
  const v = metric === 'accuracy' ? p.accuracy : p.agreement;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The x value of a point in axis units — KB (1024 B) for 'size', BitOPs for 'bitops' — or
 * null when not a positive finite number. Plotting KB (not bytes) keeps log ticks round.
 * Example: xOf({ sizeBytes: 2048, bitops: 5e6 }, 'size') → 2.
 */
export function xOf(p: { sizeBytes: number; bitops: number }, axis: ParetoXAxis): number | null {
  const v = axis === 'size' ? p.sizeBytes / 1024 : p.bitops;
  return Number.isFinite(v) && v > 0 ? v : null;
}

/**
 * Non-dominated points (smaller x and higher metric are better), sorted by x ascending.
 * A point is dominated when another has x ≤ and metric ≥ with at least one strict; of
 * exact duplicates the first one given is kept. Points without a metric are ignored.
 * Example (size, accuracy): (10, .90) (20, .95) (15, .85) (30, .95) → [(10, .90), (20, .95)].
 */
export function paretoFront<P extends ParetoPoint>(
  points: readonly P[],
  opts: { x?: ParetoXAxis; metric?: ParetoMetric } = {},
): P[] {
  const axis = opts.x ?? 'size';
  const metric = opts.metric ?? 'accuracy';
  const rows = points
    .map((p, i) => ({ p, i, x: xOf(p, axis), y: metricOf(p, metric) }))
    .filter((r): r is { p: P; i: number; x: number; y: number } => r.x !== null && r.y !== null)
    // x ascending, then metric descending, then input order: the first of a tie wins.
    .sort((a, b) => a.x - b.x || b.y - a.y || a.i - b.i);
  const front: P[] = [];
  let best = -Infinity;
  for (const r of rows) {
    if (r.y > best) {
      front.push(r.p);
      best = r.y;
    }
  }
  return front;
}

/** Fixed method order and colours (Okabe–Ito, colour-blind safe) plus a marker shape each. */
export const METHOD_ORDER = ['uniform', 'uniform-per-filter', 'mxqn', 'nlq', 'cq', 'ebs', 'knapsack', 'manual'] as const;
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'star' | 'wye';

export interface MethodStyle {
  label: string;
  color: string;
  shape: MarkerShape;
  /** Drawn as an outline only (methods outside the fixed list). */
  hollow?: boolean;
}

export const METHOD_STYLES: Readonly<Record<(typeof METHOD_ORDER)[number], MethodStyle>> = {
  uniform: { label: 'Uniform (per tensor)', color: '#000000', shape: 'circle' },
  'uniform-per-filter': { label: 'Uniform (per filter)', color: '#56b4e9', shape: 'square' },
  mxqn: { label: 'MXQN', color: '#e69f00', shape: 'triangle' },
  nlq: { label: 'NLQ', color: '#009e73', shape: 'diamond' },
  cq: { label: 'CQ', color: '#0072b2', shape: 'star' },
  ebs: { label: 'EBS', color: '#d55e00', shape: 'wye' },
  knapsack: { label: 'Knapsack', color: '#cc79a7', shape: 'cross' },
  manual: { label: 'Manual edits', color: '#555555', shape: 'diamond', hollow: true },
};

/** Readable names of methods the fixed list does not style (the registry's titles win where given). */
const KNOWN_LABELS: Record<string, string> = { 'log-per-layer': 'Log per layer (NLQ baseline)' };

/** "log-per-layer" → "Log per layer": a readable label when no title is known. */
export function readableMethod(method: string): string {
  const words = method.replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : method;
}

const SHAPES: MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'wye'];
const EXTRA_COLORS = ['#8c564b', '#2ca02c', '#9467bd', '#bcbd22', '#17becf', '#e377c2', '#1f3a93', '#7b4f00'];

/**
 * The style of every method drawn, data-driven: the fixed list keeps its styles, and every
 * other method (a new control method, log-per-layer…) gets the next marker + colour pair no
 * other method in `methods` uses, filled, then hollow; its label is its title when `titles`
 * has it, else a readable form of its name. No two methods share a marker and colour.
 */
export function methodStyles(methods: readonly string[], titles: Readonly<Record<string, string>> = {}): Map<string, MethodStyle> {
  const fixed = METHOD_STYLES as Record<string, MethodStyle>;
  const out = new Map<string, MethodStyle>();
  const used = new Set<string>();
  const key = (st: Pick<MethodStyle, 'shape' | 'hollow'>) => `${st.shape}|${st.hollow ? 'o' : 'f'}`;
  for (const m of methods) if (fixed[m]) used.add(key(fixed[m]));
  let next = 0;
  for (const m of methods) {
    if (fixed[m]) {
      out.set(m, { ...fixed[m], label: fixed[m].label });
      continue;
    }
    let style: MethodStyle | null = null;
    for (; next < SHAPES.length * 2 && !style; next++) {
      const cand = { shape: SHAPES[next % SHAPES.length], hollow: next >= SHAPES.length };
      if (!used.has(key(cand))) style = { label: '', color: EXTRA_COLORS[next % EXTRA_COLORS.length], ...cand };
    }
    style ??= { label: '', color: EXTRA_COLORS[out.size % EXTRA_COLORS.length], shape: 'circle', hollow: true };
    used.add(key(style));
    style.label = titles[m] ?? KNOWN_LABELS[m] ?? readableMethod(m);
    out.set(m, style);
  }
  return out;
}

/** Style of one method on its own (see methodStyles for a set that must stay distinct). */
export function methodStyle(method: string): MethodStyle {
  return methodStyles([method]).get(method)!;
}

/** The readable name of a method, as the legend shows it. */
export function methodLabel(method: string, titles: Readonly<Record<string, string>> = {}): string {
  return methodStyles([method], titles).get(method)!.label;
}

export interface PlotPoint<P extends ParetoPoint = ParetoPoint> {
  x: number;
  /** Metric in percent (0..100). */
  y: number;
  point: P;
  /** Every point drawn at this spot (overlaps, spread apart by separateOverlaps), this one included. */
  stack?: P[];
}

export interface ParetoSeries<P extends ParetoPoint = ParetoPoint> {
  method: string;
  style: MethodStyle;
  data: PlotPoint<P>[];
}

/**
 * Group plottable points by method, in METHOD_ORDER then first appearance for unknown
 * methods. Returns the series and how many points were skipped (no metric / no x).
 */
export function buildSeries<P extends ParetoPoint>(
  points: readonly P[],
  axis: ParetoXAxis,
  metric: ParetoMetric,
  titles: Readonly<Record<string, string>> = {},
): { series: ParetoSeries<P>[]; skipped: number } {
  const byMethod = new Map<string, PlotPoint<P>[]>();
  let skipped = 0;
  for (const p of points) {
    const x = xOf(p, axis);
    const y = metricOf(p, metric);
    if (x === null || y === null) {
      skipped++;
      continue;
    }
    const list = byMethod.get(p.method) ?? [];
    list.push({ x, y: y * 100, point: p });
    byMethod.set(p.method, list);
  }
  const known: string[] = METHOD_ORDER.filter((m) => byMethod.has(m));
  const unknown = [...byMethod.keys()].filter((m) => !known.includes(m));
  const styles = methodStyles([...known, ...unknown], titles);
  const series = [...known, ...unknown].map((method) => ({ method, style: styles.get(method)!, data: byMethod.get(method)! }));
  return { series, skipped };
}

/**
 * Log-axis domain padded by ~10 % and 1-2-5 ticks inside it.
 * Example: logAxis(30_000, 400_000) → domain [27272.7…, 440000], ticks [50000, 100000, 200000].
 */
export function logAxis(min: number, max: number): { domain: [number, number]; ticks: number[] } {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return { domain: [1, 10], ticks: [1, 2, 5, 10] };
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    min /= 2;
    max *= 2;
  }
  const domain: [number, number] = [min / 1.1, max * 1.1];
  const ticks: number[] = [];
  for (let d = 10 ** Math.floor(Math.log10(domain[0])); d <= domain[1]; d *= 10) {
    for (const m of [1, 2, 5]) {
      const t = m * d;
      if (t >= domain[0] && t <= domain[1]) ticks.push(t);
    }
  }
  if (ticks.length < 2) return { domain, ticks: [domain[0], domain[1]] };
  return { domain, ticks };
}

/**
 * Percent y-domain: from 5 below the lowest value (rounded down to 5) to 100 or the top
 * rounded up to 5. Example: [72.4, 98.9] → [65, 100]. No values → [0, 100].
 */
export function percentDomain(values: readonly number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [0, 100];
  const lo = Math.max(0, Math.floor((Math.min(...finite) - 5) / 5) * 5);
  const hi = Math.min(100, Math.ceil(Math.max(...finite) / 5) * 5);
  return [lo, Math.max(hi, lo + 5)];
}

/** Bytes as KB with 1024 B per KB. Examples: 2048 → "2.00 KB", 3_500_000 → "3418 KB". */
export function formatKB(bytes: number): string {
  return Number.isFinite(bytes) ? formatKiloBytes(bytes / 1024) : 'n/a';
}

/** A value already in KB, 3 significant digits. Examples: 2 → "2 KB"; 48.83 → "48.8 KB"; 3418.2 → "3418 KB"; 0.5 → "0.5 KB". */
export function formatKiloBytes(kb: number): string {
  if (!Number.isFinite(kb)) return 'n/a';
  return `${kb >= 1000 ? Math.round(kb) : Number(kb.toPrecision(3))} KB`;
}

/** Tick / label text of an x value in axis units (see xOf). */
export function formatX(v: number, axis: ParetoXAxis): string {
  return axis === 'size' ? formatKiloBytes(v) : formatBitops(v);
}

/**
 * Round percent ticks for a domain: step 5 up to a 25-point span, 10 up to 50, else 20.
 * Examples: [80, 100] → [80, 85, …, 100]; [65, 100] → [70, 80, 90, 100]; [0, 100] → [0, 20, …, 100].
 */
export function percentTicks([lo, hi]: readonly [number, number]): number[] {
  const span = hi - lo;
  const step = span <= 25 ? 5 : span <= 50 ? 10 : 20;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(t);
  return out;
}

/** BitOPs with SI prefixes, 3 significant digits. Examples: 1.5e9 → "1.50 G", 2.3e6 → "2.30 M", 950 → "950", 10.24 → "10.2". */
export function formatBitops(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [f, u] of units) if (Math.abs(v) >= f) return `${(v / f).toPrecision(3)} ${u}`;
  return String(Number(v.toPrecision(3)));
}

/** A fraction as a percentage with one decimal; null/NaN → "n/a". Example: 0.9876 → "98.8 %". */
export function formatPercent(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : 'n/a';
}

/** Axis label of the metric. */
export function metricLabel(metric: ParetoMetric): string {
  return metric === 'accuracy' ? 'Top-1 accuracy (%)' : 'Agreement with float32 (%)';
}

/**
 * The y range worth looking at first: from a little under the lowest point within 30
 * points of the best one (so 2-bit outliers at 10 % do not squeeze the useful points into the
 * top strip) to 100 %. Example: [98.9, 98.1, 97, 42, 11] → [90, 100]; [98, 80, 71, 40] → [65, 100].
 */
export function interestingDomain(values: readonly number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [0, 100];
  const top = Math.max(...finite);
  const near = finite.filter((v) => v >= top - 30);
  const lo = Math.max(0, Math.floor((Math.min(...near) - 5) / 5) * 5);
  const hi = Math.min(100, Math.ceil(top / 5) * 5);
  return [lo, Math.max(hi, lo + 5)];
}

/**
 * Points drawn on top of each other (same spot within a few pixels of a ~500 px plot) are
 * spread side by side along the (log) x axis, and each knows the others at its spot so the
 * tooltip lists them all. Their true values stay in `point`.
 */
export function separateOverlaps<P extends ParetoPoint>(series: ParetoSeries<P>[], yRange: [number, number]): ParetoSeries<P>[] {
  const all = series.flatMap((s) => s.data);
  if (all.length < 2) return series;
  // Positions in approximate pixels of the smallest plot drawn (300 × 200; wider plots spread more than needed).
  const lx = all.map((d) => Math.log10(d.x));
  const lo = Math.min(...lx);
  const xSpan = Math.max(0.05, Math.max(...lx) - lo) * 1.2;
  const ySpan = Math.max(1e-9, yRange[1] - yRange[0]);
  const px = (d: PlotPoint<P>) => ((Math.log10(d.x) - lo) / xSpan) * 300;
  const py = (d: PlotPoint<P>) => ((d.y - yRange[0]) / ySpan) * 200;
  const groups: PlotPoint<P>[][] = [];
  for (const d of [...all].sort((a, b) => a.x - b.x)) {
    const g = groups.find((list) => list.some((o) => Math.abs(px(o) - px(d)) < 18 && Math.abs(py(o) - py(d)) < 18));
    if (g) g.push(d);
    else groups.push([d]);
  }
  const moved = new Map<PlotPoint<P>, PlotPoint<P>>();
  const step = (18 / 300) * xSpan; // 18 px apart (a marker is up to 20 px wide), in decades
  for (const list of groups) {
    if (list.length < 2) continue;
    const centre = list.reduce((a, d) => a + Math.log10(d.x), 0) / list.length;
    list.forEach((d, k) => {
      moved.set(d, { ...d, x: 10 ** (centre + (k - (list.length - 1) / 2) * step), stack: list.map((o) => o.point) });
    });
  }
  return series.map((s) => ({ ...s, data: s.data.map((d) => moved.get(d) ?? d) }));
}
