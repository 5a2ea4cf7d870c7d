/**
 * How precise a curve point's final figure must be before its measurement may stop early
 * (src/model/curve.ts): its interval within ±2.5 percentage points. A module of its own so
 * the page can name it without importing the evaluation code.
 */
export const CURVE_PRECISION = 0.025;
