// How many conversation rows can fit the window: the list's first screen (use-rows-shown.ts)
// and the rows painted before React (early-rows.ts). Free of React so the latter can use it.

/** A row is about 62 px tall at the default text size and 56 px at the smallest: 48 px leaves room to spare. */
const MIN_ROW_PX = 48;
/** Extra rows past the window's height: the account bar and filter above the list take less than this. */
const SPARE_ROWS = 4;

/** Rows that can fit the window, at the smallest row height, plus a few. */
export function rowsForWindow(height: number = typeof window === 'undefined' ? 0 : window.innerHeight): number {
  return Math.ceil(Math.max(height, 600) / MIN_ROW_PX) + SPARE_ROWS;
}
