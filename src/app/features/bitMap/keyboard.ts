/** Keyboard commands of the bit map, as data (pure, so the key map is testable). */

type KeyCommand =
  | { type: 'move'; dl: number; df: number; extend: boolean }
  | { type: 'select' }
  | { type: 'clear' }
  | { type: 'zoom'; dir: 1 | -1 }
  | { type: 'fit' };

/** Moves to the first / last filter of a row; clamped by moveCursor. */
export const FAR = 1e9;

/**
 * Map a key to a command. `pageCols` = filters per screen (PageUp/PageDown).
 * Examples: ('ArrowRight', false) → move df +1; ('ArrowDown', true) → move dl +1 extending
 * the range; ('+') → zoom in; ('0') → fit; ('Enter') → select; ('x') → null.
 */
export function keyCommand(key: string, shift: boolean, pageCols: number): KeyCommand | null {
  const page = Math.max(1, Math.floor(pageCols));
  const moves: Record<string, [number, number]> = {
    ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1],
    PageUp: [0, -page], PageDown: [0, page], Home: [0, -FAR], End: [0, FAR],
  };
  if (key in moves) return { type: 'move', dl: moves[key][0], df: moves[key][1], extend: shift };
  switch (key) {
    case 'Enter':
    case ' ':
      return { type: 'select' };
    case 'Escape':
      return { type: 'clear' };
    case '+':
    case '=':
      return { type: 'zoom', dir: 1 };
    case '-':
    case '_':
      return { type: 'zoom', dir: -1 };
    case '0':
      return { type: 'fit' };
    default:
      return null;
  }
}
