/**
 * Least-squares line y ≈ a + b·x with R², for the bench's scaling fits (time and memory
 * against model size). null when fewer than two distinct x values.
 * Example: linearFit([[1, 3], [2, 5], [3, 7]]) → { a: 1, b: 2, r2: 1 }.
 */
export function linearFit(pts: readonly [number, number][]): { a: number; b: number; r2: number } | null {
  if (new Set(pts.map((p) => p[0])).size < 2) return null;
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p[0], 0) / n;
  const my = pts.reduce((s, p) => s + p[1], 0) / n;
  const sxx = pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const sxy = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const syy = pts.reduce((s, p) => s + (p[1] - my) ** 2, 0);
  const b = sxx > 0 ? sxy / sxx : 0;
  return { a: my - b * mx, b, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 1 };
}
