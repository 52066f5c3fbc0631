// Runs a function once the window has produced its first frame (the app shell of index.html),
// or at once when it already has. On a first start the entry's own work (the host
// connection, the cache's files, the chunk preloads: 20–40 ms of main thread) otherwise runs
// before that frame whenever the entry arrives with the CSS, and the shell is painted that
// much later (bench B1, fresh profile). A hidden window (no frames) runs it after FALLBACK_MS.

const FALLBACK_MS = 50;

export function afterShellPaint(run: () => void, win: Window = window): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    run();
  };
  const painted = win.performance?.getEntriesByType?.('paint').length > 0;
  if (painted || win.document.visibilityState === 'hidden' || !win.requestAnimationFrame) return once();
  // requestAnimationFrame runs just before the frame is drawn; a task queued from it runs after.
  win.requestAnimationFrame(() => win.setTimeout(once, 0));
  win.setTimeout(once, FALLBACK_MS);
}
