/**
 * Cosine similarity of a quantized model's outputs against the float model's, a quality
 * figure that needs no labels and, unlike top-1 agreement, moves with every change of the
 * outputs' direction:
 *
 *   cos(f, q) = Σ f·q / ( √Σ f² · √Σ q² )
 *
 * Sums are float64 (like SQNR's). Scale-invariant: cos(f, a·q) = cos(f, q) for a > 0.
 * Identical outputs → 1, negated → −1, orthogonal → 0.
 * Zero vectors, where the formula is 0/0, get a defined value and never NaN:
 *   both all-zero → 1 (the outputs are identical); exactly one all-zero → 0 (no shared
 *   direction, as for orthogonal outputs).
 * Rounding can carry the quotient a hair past ±1; the result is clamped to [−1, 1].
 * Example: f = [1, 0], q = [1, 1] → 1 / √2 = 0.7071.
 */

/** The three float64 sums the formula needs: Σ f·q, Σ f², Σ q². */
interface CosineSums { dot: number; ff: number; qq: number }

/** Cosine similarity from its sums (see module comment). Throws on non-finite sums. */
export function cosineFromSums({ dot, ff, qq }: CosineSums): number {
  if (!Number.isFinite(dot) || !Number.isFinite(ff) || !Number.isFinite(qq)) {
    throw new Error('cosineSimilarity: non-finite values in the outputs');
  }
  if (ff === 0 && qq === 0) return 1;
  if (ff === 0 || qq === 0) return 0;
  const c = dot / (Math.sqrt(ff) * Math.sqrt(qq));
  return Math.max(-1, Math.min(1, c));
}

/** Σ f·q, Σ f², Σ q² in float64. Throws on a length mismatch. */
export function cosineSums(f: ArrayLike<number>, q: ArrayLike<number>): CosineSums {
  if (f.length !== q.length) throw new Error(`cosineSimilarity: ${f.length} vs ${q.length} elements`);
  let dot = 0;
  let ff = 0;
  let qq = 0;
  for (let i = 0; i < f.length; i++) {
    const a = f[i];
    const b = q[i];
    dot += a * b;
    ff += a * a;
    qq += b * b;
  }
  return { dot, ff, qq };
}

/** Cosine similarity of two equally long vectors (see module comment). Example: ([1, 0], [0, 1]) → 0. */
export function cosineSimilarity(f: ArrayLike<number>, q: ArrayLike<number>): number {
  return cosineFromSums(cosineSums(f, q));
}

/**
 * A cosine similarity for people: enough decimals to show how far from 1 it is (two
 * significant digits of 1 − c once it is close), "1" when exact, "–" when not measured.
 * Examples: 0.99995 → "0.999950"; 0.5 → "0.500"; −1 → "-1.000"; null → "–".
 */
export function formatCosine(c: number | null | undefined): string {
  if (c === null || c === undefined || !Number.isFinite(c)) return '–';
  if (c === 1) return '1';
  const decimals = c > 0.99 ? Math.min(8, Math.max(3, Math.ceil(-Math.log10(1 - c)) + 1)) : 3;
  return c.toFixed(decimals);
}
