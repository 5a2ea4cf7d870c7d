/**
 * Coarse-to-fine 1-D minimisation on a grid, deterministic and derivative-free: the
 * error of a quantizer against its clip ratio or scale is piecewise smooth but not convex,
 * so a golden-section search can get stuck; a coarse grid finds the right basin and each
 * refinement zooms in around the best point found so far.
 *
 * Example: minimise (t − 0.37)² on [0, 1], coarse 11 points (best 0.4), then ±0.1 in
 * 11 points (best 0.36 or 0.38), then ±0.01 … → 0.37.
 */
export interface GridSearchPlan {
  /** Search interval, both ends included. */
  lo: number;
  hi: number;
  /** Points in the coarse grid (≥ 2). */
  coarse: number;
  /** Refinement rounds; each spans ±1 previous step with `fine` points. */
  rounds: number;
  fine: number;
}

/**
 * Returns the argmin of f over the plan's grids. Ties keep the earliest point evaluated,
 * and the coarse grid runs from `hi` down to `lo`, so ties favour `hi`.
 */
export function gridSearchMin(f: (t: number) => number, plan: GridSearchPlan): number {
  const { lo, hi, coarse, rounds, fine } = plan;
  let step = (hi - lo) / (coarse - 1);
  let best = hi;
  let bestErr = Infinity;
  for (let i = 0; i < coarse; i++) {
    const t = hi - i * step;
    const e = f(t);
    if (e < bestErr) {
      bestErr = e;
      best = t;
    }
  }
  for (let r = 0; r < rounds; r++) {
    const center = best;
    const span = step;
    step = (2 * span) / (fine - 1);
    for (let i = 0; i < fine; i++) {
      const t = center + span - i * step;
      if (t < lo || t > hi || t === center) continue;
      const e = f(t);
      if (e < bestErr) {
        bestErr = e;
        best = t;
      }
    }
  }
  return best;
}
