/**
 * How precisely an SQNR measured over n items (images) is known: the SQNR of summed signal
 * and noise, 10·log10(Σs / Σe), is a ratio estimator, and its standard error follows from
 * the items' spread by the delta method (Cochran, Sampling Techniques, §6.4):
 *
 *   R = Σe / Σs,  S² = Σ (e_i − R·s_i)² / (n − 1),  SE(R) ≈ √(S² / n) / s̄,
 *   SE(dB) = 10/ln 10 · SE(R) / R.
 *
 * The interval's half-width is z·SE(dB). Every item lossless (Σe = 0) is known exactly (0);
 * fewer than two items, or no signal at all, tell nothing (Infinity). Sums in float64.
 * Example: s = [1, 1, 1, 1], e = [0.1, 0.3, 0.1, 0.3] → R = 0.2, SE(R) = 0.0577,
 * SE = 1.254 dB, half-width 2.46 dB at z = 1.96.
 */
export function sqnrHalfWidthDb(signal: ArrayLike<number>, noise: ArrayLike<number>, z = 1.96): number {
  const n = signal.length;
  if (noise.length !== n) throw new RangeError(`${n} signal sums but ${noise.length} noise sums`);
  let ss = 0;
  let se = 0;
  for (let i = 0; i < n; i++) {
    ss += signal[i];
    se += noise[i];
  }
  if (!(se > 0)) return se === 0 && n > 0 ? 0 : Infinity;
  if (n < 2 || !(ss > 0)) return Infinity;
  const r = se / ss;
  let dev = 0;
  for (let i = 0; i < n; i++) {
    const d = noise[i] - r * signal[i];
    dev += d * d;
  }
  const seR = Math.sqrt(dev / (n - 1) / n) / (ss / n);
  return (z * 10 * seR) / (Math.LN10 * r);
}
