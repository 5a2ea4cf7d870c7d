/**
 * Wilson score interval of a proportion (Wilson 1927): k successes in n trials, confidence
 * given by z (1.96 ≈ 95 %). Unlike value ± z·√(p(1−p)/n) it stays inside [0, 1] and is not
 * empty at p = 0 or 1 — what a running accuracy after the first few batches needs.
 * Example: wilsonInterval(45, 50) ≈ [0.786, 0.957].
 */
export function wilsonInterval(k: number, n: number, z = 1.96): [number, number] {
  if (!(n > 0)) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
