import { describe, expect, it } from 'vitest';
import { BURST_JUMP_ROWS, anchoredTop, arrivedAtBottom, estimateHeight, readingAnchor, rowAt, rowOffsets, visibleRange } from './virtual-window';

const keysOf = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `k${i + from}`);

describe('the virtual window', () => {
  it('places rows by their measured heights and the estimate elsewhere', () => {
    const offsets = rowOffsets(['a', 'b', 'c'], new Map([['b', 100]]), 40);
    expect([...offsets]).toEqual([0, 40, 140, 180]);
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 139.9)).toBe(1);
    expect(rowAt(offsets, 140)).toBe(2);
    expect(rowAt(offsets, 10_000)).toBe(2);
  });

  it('renders the viewport plus overscan, and never more than the cap however many rows there are', () => {
    const offsets = rowOffsets(keysOf(100_000), new Map(), 50);
    const r = visibleRange(offsets, 50 * 50_000, 700, 600, 60);
    // 700 px of 50 px rows plus 600 px each side: 14 + 12 + 12 (+1 partial).
    expect(r.start).toBe(50_000 - 12);
    expect(r.end - r.start).toBeLessThanOrEqual(40);
    expect(r.end).toBeGreaterThan(50_000 + 14);
    const tiny = visibleRange(rowOffsets(keysOf(100_000), new Map(), 1), 50_000, 700, 600, 60);
    expect(tiny.end - tiny.start).toBe(60);
    expect(tiny.start).toBeLessThanOrEqual(50_000);
    expect(tiny.end).toBeGreaterThan(50_000);
    expect(visibleRange(rowOffsets([], new Map(), 50), 0, 700, 600, 60)).toEqual({ start: 0, end: 0 });
  });

  it('keeps the row being read in place when a page is prepended above it', () => {
    const heights = new Map<string, number>();
    const before = keysOf(50, 200);
    const offsetsBefore = rowOffsets(before, heights, 50);
    const scrollTop = 7 * 50 + 20; // reading k207, its top 20 px above the viewport
    const anchor = readingAnchor(before, offsetsBefore, scrollTop)!;
    expect(anchor).toEqual({ key: 'k207', offset: -20 });
    // 200 older rows of mixed heights arrive above.
    const older = keysOf(200, 0);
    older.forEach((k, i) => heights.set(k, 30 + (i % 7) * 10));
    const after = [...older, ...before];
    const offsetsAfter = rowOffsets(after, heights, 50);
    const top = anchoredTop(after, offsetsAfter, anchor)!;
    // The anchor row sits exactly where it was relative to the viewport's top.
    expect(offsetsAfter[after.indexOf('k207')]! - top).toBe(-20);
    expect(anchoredTop(after, offsetsAfter, { key: 'gone', offset: 0 })).toBeNull();
  });

  it('estimates unmeasured rows by the mean of the measured ones', () => {
    expect(estimateHeight(new Map(), 52)).toBe(52);
    expect(estimateHeight(new Map([['a', 40], ['b', 60]]), 52)).toBe(50);
  });
});

describe("a burst's step at the bottom", () => {
  const indexIn = (keys: readonly string[]) => (key: string) => {
    const i = keys.lastIndexOf(key);
    return i < 0 ? undefined : i;
  };
  it('is more than BURST_JUMP_ROWS rows after the newest one rendered, or that one pushed out of the window', () => {
    const keys = keysOf(200);
    expect(arrivedAtBottom(keys, 'k199', indexIn(keys))).toBe(false); // nothing new
    expect(arrivedAtBottom(keys, `k${199 - BURST_JUMP_ROWS}`, indexIn(keys))).toBe(false); // a few messages
    expect(arrivedAtBottom(keys, `k${198 - BURST_JUMP_ROWS}`, indexIn(keys))).toBe(true);
    expect(arrivedAtBottom(keys, 'gone', indexIn(keys))).toBe(true);
    expect(arrivedAtBottom(keys, undefined, indexIn(keys))).toBe(false); // the first render
  });
});
