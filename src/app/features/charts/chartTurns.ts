/**
 * The charts take turns: one chart's update at a time, each starting a frame after the one
 * before it committed. A chart's commit is one main-thread task (recharts measures its axes
 * and tooltip in layout effects, forcing a style and layout pass); with fixed lags, a busy
 * main thread let the lag timers of several charts fire together and React committed them
 * as one task (the Pareto and scheme charts together: 120–380 ms on a 74-layer model).
 * Taking turns, each commit finds the page laid out and pays for its own chart only.
 */

type Turn = { id: symbol; start: () => void };

const waiting: Turn[] = [];
let holder: symbol | null = null;
let holderTimer: ReturnType<typeof setTimeout> | undefined;
/** A turn whose chart never reports its commit (unmounted, bailed out) ends after this long. */
const TURN_LIMIT_MS = 2000;

function next(): void {
  if (holder !== null || waiting.length === 0) return;
  const turn = waiting.shift()!;
  holder = turn.id;
  holderTimer = setTimeout(() => end(turn.id), TURN_LIMIT_MS);
  turn.start();
}

function end(id: symbol): void {
  if (holder !== id) return;
  clearTimeout(holderTimer);
  holder = null;
  // The next chart starts after a frame, so the browser lays out and paints this one first.
  const go = () => setTimeout(next, 0);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(go);
  else go();
}

/**
 * Queues `start` (which schedules the chart's update) for the chart `id`; returns the
 * cancel function (also ends the turn if it is `id`'s). The chart calls `turnDone(id)`
 * once the update has committed.
 */
export function requestTurn(id: symbol, start: () => void): () => void {
  const turn = { id, start };
  waiting.push(turn);
  queueMicrotask(next);
  return () => {
    const at = waiting.indexOf(turn);
    if (at >= 0) waiting.splice(at, 1);
    end(id);
  };
}

/** The chart `id` committed its update: the next chart may start (a frame later). */
export function turnDone(id: symbol): void {
  end(id);
}
