// The arithmetic of a virtualised list with rows of different heights: where each row
// starts (measured heights where known, an estimate elsewhere), which rows the viewport
// needs (plus overscan), and where to scroll so that the row the user is reading stays put
// when rows are added or removed above it. Pure: the list (MessageList.tsx) measures, this computes.

/** Where each row starts: offsets[i] is row i's top, offsets[n] the total height. */
export function rowOffsets(keys: readonly string[], heights: ReadonlyMap<string, number>, estimate: number): Float64Array {
  const offsets = new Float64Array(keys.length + 1);
  for (let i = 0; i < keys.length; i++) offsets[i + 1] = offsets[i]! + (heights.get(keys[i]!) ?? estimate);
  return offsets;
}

/** The index of the row containing `y` (0 ≤ y < total): the last row whose top is ≤ y. */
export function rowAt(offsets: Float64Array, y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface RowRange {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
}

/**
 * The rows to render for a viewport from `top` to `top + height` (in the rows' own
 * coordinates), with `overscan` pixels more on each side so that a scroll shows rows already
 * laid out. Never more than `maxRows`: however small the estimates, the DOM stays bounded.
 */
export function visibleRange(offsets: Float64Array, top: number, height: number, overscan: number, maxRows: number): RowRange {
  const n = offsets.length - 1;
  if (n <= 0) return { start: 0, end: 0 };
  const start = rowAt(offsets, Math.max(0, top - overscan));
  let end = rowAt(offsets, Math.max(0, top + height + overscan)) + 1;
  end = Math.min(n, Math.max(end, start + 1));
  if (end - start > maxRows) {
    // Keep the rows around the viewport's top (what the user reads), drop the far overscan.
    const first = Math.max(start, rowAt(offsets, Math.max(0, top)) - Math.floor(maxRows / 4));
    return { start: first, end: Math.min(n, first + maxRows) };
  }
  return { start, end };
}

/** The row the user is reading: the first one whose bottom is below the viewport's top, and how far its top is from there. */
export function readingAnchor(keys: readonly string[], offsets: Float64Array, top: number): { key: string; offset: number } | null {
  if (keys.length === 0) return null;
  let i = rowAt(offsets, Math.max(0, top));
  if (offsets[i + 1]! <= top && i < keys.length - 1) i++;
  return { key: keys[i]!, offset: offsets[i]! - top };
}

/** The scroll position that puts row `key` back at `anchor.offset` from the viewport's top, or null when the row is gone. */
export function anchoredTop(keys: readonly string[], offsets: Float64Array, anchor: { key: string; offset: number }, index?: ReadonlyMap<string, number>): number | null {
  const i = index ? index.get(anchor.key) : keys.indexOf(anchor.key);
  if (i === undefined || i < 0) return null;
  return Math.max(0, offsets[i]! - anchor.offset);
}

/** The estimate for rows not measured yet: the mean of those that were (a fair guess for this conversation). */
export function estimateHeight(heights: ReadonlyMap<string, number>, fallback: number): number {
  if (heights.size === 0) return fallback;
  let sum = 0;
  for (const h of heights.values()) sum += h;
  return sum / heights.size;
}

/**
 * Pinned to the bottom, more messages than this arrived since the last render (a burst's
 * step): the rows on screen are nearly all new, so the list renders only what shows (and a
 * row or two), and the overscan comes in a render after the paint. Mounting and laying out a
 * full overscan of new rows as well made a burst's renders tasks of 50 ms and more on a busy
 * machine (bench B5); split, each half is a task of its own.
 */
export const BURST_JUMP_ROWS = 20;

/**
 * Whether more than BURST_JUMP_ROWS rows came after `lastNewest` (the newest key the list last
 * rendered), or it is gone from the window (a burst pushed it out). False before a first render.
 */
export function arrivedAtBottom(keys: readonly string[], lastNewest: string | undefined, indexOf: (key: string) => number | undefined): boolean {
  if (lastNewest === undefined) return false;
  return keys.length - 1 - (indexOf(lastNewest) ?? -1) > BURST_JUMP_ROWS;
}
