/** Test references computed the slow, careful way, to check the fast code against. */

/** Σ f(i) for i < n with Kahan compensation (float64): the reference sum for accumulation tests. */
export function kahanSum(n: number, f: (i: number) => number): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const y = f(i) - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/** SQNR in dB of q against x with both sums Kahan-compensated. */
export function kahanSqnrDb(x: ArrayLike<number>, q: ArrayLike<number>): number {
  return 10 * Math.log10(kahanSum(x.length, (i) => x[i] * x[i]) / kahanSum(x.length, (i) => (x[i] - q[i]) ** 2));
}
