/**
 * Colour scale of the bit map: one discrete colour per bit-width 2..8 plus "float".
 *
 * The 2..8 steps are seven samples of viridis (perceptually uniform, readable with the
 * common colour-vision deficiencies and in greyscale): few bits = dark purple, many bits =
 * yellow. Float (unquantized) is a neutral light grey, outside the viridis ramp, so it never
 * reads as "a lot of bits".
 */

export const FLOAT_BITS = 32;

/** A cell's colour class: an integer bit-width 2..8, 'float', or 'none' (nothing to draw). */
type BitClass = 2 | 3 | 4 | 5 | 6 | 7 | 8 | 'float' | 'none';

/** Viridis sampled at 7 evenly spaced points (t = 0, 1/6, …, 1). */
export const BIT_COLORS: Readonly<Record<2 | 3 | 4 | 5 | 6 | 7 | 8, string>> = {
  2: '#440154',
  3: '#443983',
  4: '#31688e',
  5: '#21918c',
  6: '#35b779',
  7: '#90d743',
  8: '#fde725',
};
export const FLOAT_COLOR = '#c8c8c8';
/** Background where a layer has fewer filters than the widest layer. */
export const EMPTY_COLOR = '#f4f4f4';

/**
 * Classify a bit-width. Integers 2..8 map to themselves; 9..31 (wider than the legend)
 * draw in the 8-bit colour; ≥ 32 or +Infinity is float; anything else (NaN, < 2,
 * non-integer below 2) is 'none'. Non-integers in 2..8 round to the nearest integer.
 * Examples: bitClass(4) → 4; bitClass(12) → 8; bitClass(32) → 'float'; bitClass(NaN) → 'none'.
 */
export function bitClass(bits: number): BitClass {
  if (Number.isNaN(bits) || bits < 2) return 'none';
  if (bits >= FLOAT_BITS) return 'float';
  const b = Math.round(bits);
  return (b > 8 ? 8 : b) as BitClass;
}

/** CSS colour of a bit-width (see bitClass). 'none' → EMPTY_COLOR. */
export function bitColor(bits: number): string {
  return classColor(bitClass(bits));
}

function classColor(c: BitClass): string {
  if (c === 'none') return EMPTY_COLOR;
  if (c === 'float') return FLOAT_COLOR;
  return BIT_COLORS[c];
}

/** '#rrggbb' → [r, g, b] bytes. Example: '#440154' → [68, 1, 84]. */
export function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/**
 * Packed RGBA colours (little-endian Uint32, as written into a Uint32Array view of
 * ImageData) indexed by a small integer code, so the canvas loop never parses strings.
 * Codes: 0 = none, 2..8 = bits, 9 = float.
 */
export const CODE_NONE = 0;
export const CODE_FLOAT = 9;

export function classCode(c: BitClass): number {
  return c === 'none' ? CODE_NONE : c === 'float' ? CODE_FLOAT : c;
}

export function codeToClass(code: number): BitClass {
  if (code === CODE_FLOAT) return 'float';
  if (code >= 2 && code <= 8) return code as BitClass;
  return 'none';
}

/** Palette as packed little-endian RGBA words, indexed by code 0..9 (code 1 unused = none). */
export function packedPalette(): Uint32Array {
  const out = new Uint32Array(10);
  for (let code = 0; code < 10; code++) {
    const [r, g, b] = hexToRgb(classColor(codeToClass(code)));
    out[code] = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  }
  return out;
}

/**
 * Order used when several filters share one screen pixel: the lowest bit-width wins so
 * that an aggressive cut never hides when zoomed out; float ranks above 8; none ranks last.
 */
export function codeRank(code: number): number {
  if (code === CODE_NONE || code === 1) return 100;
  if (code === CODE_FLOAT) return 50;
  return code;
}

/** Legend entries, in display order. */
export const BIT_LEGEND: readonly { label: string; color: string; cls: BitClass }[] = [
  ...([2, 3, 4, 5, 6, 7, 8] as const).map((b) => ({ label: `${b} b`, color: BIT_COLORS[b], cls: b as BitClass })),
  { label: 'float', color: FLOAT_COLOR, cls: 'float' as BitClass },
];

/** Human text for a bit-width, for tooltips. Examples: 4 → "4 bits"; 32 → "float"; NaN → "—". */
export function formatBits(bits: number): string {
  const c = bitClass(bits);
  if (c === 'none') return '—';
  if (c === 'float') return 'float';
  return `${Math.round(bits)} bits`;
}
