// A first start (nothing remembered) begins after the shell's first frame (main.tsx,
// after-shell-paint.ts): its list waits for the chat server anyway, and the shell is all it
// shows meanwhile. What its rows wait for on the network is asked for before that frame,
// though: the host's answer (one HTTP request, host/first-screen-over-http.ts) and the rows'
// code (app/sidebar/early-rows.ts). Sending them is well under a millisecond of main thread,
// and they then arrive while the shell paints. Asked after the frame, they took 20–45 ms (the
// host's answer through Chromium's network process) while the frame's own work and the Intl
// warm-up held both cores. Bench B1, fresh profile: the answer came in 6 of 6 probes before the
// shell's frame was drawn, 6–11 ms after asking, and the list was painted at 1.34–1.51× the
// static page in three alternated runs, against 1.64–1.71× when both were asked after the frame.

import { afterShellPaint } from './after-shell-paint';

export interface FirstStartAsks<Pages, Code> {
  /** The host's first pages of conversations (over HTTP in a tab; nothing to ask in Electron). */
  pages: () => Pages;
  /** The code that paints the rows before React. */
  rowsCode: () => Code;
}

/** Asks for what the rows need now, and begins the start with it after the shell's first frame. */
export function firstStart<Pages, Code>(
  asks: FirstStartAsks<Pages, Code>,
  begin: (pages: Pages, rowsCode: Code) => void,
  afterPaint: (run: () => void) => void = afterShellPaint,
): void {
  const pages = asks.pages();
  const rowsCode = asks.rowsCode();
  afterPaint(() => begin(pages, rowsCode));
}
