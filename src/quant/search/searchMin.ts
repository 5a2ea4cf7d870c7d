/**
 * 1-D minimisation for calibration searches: a coarse grid, then golden-section search
 * inside the best grid cell's neighbourhood. Deterministic and derivative-free. The error
 * of a quantizer against its clip ratio or scale is piecewise smooth but not convex, so
 * golden section alone can get stuck in a far basin; the grid picks the basin, and golden
 * section (Kiefer 1953) zooms in at one evaluation per step (×0.618 per step).
 * The best point evaluated anywhere is returned, so a non-unimodal cell cannot make the
 * result worse than the grid's best.
 *
 * Example: minimise (t − 0.37)² on [0, 1] with 11 grid points → best grid point 0.4,
 * golden section on [0.3, 0.5] for 12 steps → 0.37 ± 0.0007.
 */
export interface SearchPlan {
  /** Search interval, both ends included. */
  lo: number;
  hi: number;
  /** Points in the coarse grid (≥ 2), evaluated from hi down to lo (ties favour hi). */
  coarse: number;
  /** Golden-section steps inside [best − step, best + step]. */
  golden: number;
}

const INV_PHI = (Math.sqrt(5) - 1) / 2;

/** The plan's coarse grid points, in the order searchMin evaluates them (hi down to lo). */
export function gridPoints(plan: SearchPlan): Float64Array {
  const step = (plan.hi - plan.lo) / (plan.coarse - 1);
  return Float64Array.from({ length: plan.coarse }, (_, i) => plan.hi - i * step);
}

/**
 * The argmin of f found by the plan (see module comment). `grid`, when given, holds f at
 * gridPoints(plan) already (a caller that evaluates one grid for several searches at once).
 */
export function searchMin(f: (t: number) => number, plan: SearchPlan, grid?: ArrayLike<number>): number {
  const { lo, hi, coarse, golden } = plan;
  const step = (hi - lo) / (coarse - 1);
  let best = hi;
  let bestErr = Infinity;
  const consider = (t: number, e: number) => {
    if (e < bestErr) {
      bestErr = e;
      best = t;
    }
  };
  for (let i = 0; i < coarse; i++) {
    const t = hi - i * step;
    consider(t, grid ? grid[i] : f(t));
  }
  let a = Math.max(lo, best - step);
  let b = Math.min(hi, best + step);
  let c = b - INV_PHI * (b - a);
  let d = a + INV_PHI * (b - a);
  let fc = f(c);
  let fd = f(d);
  consider(c, fc);
  consider(d, fd);
  for (let k = 0; k < golden; k++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INV_PHI * (b - a);
      fc = f(c);
      consider(c, fc);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INV_PHI * (b - a);
      fd = f(d);
      consider(d, fd);
    }
  }
  return best;
}
