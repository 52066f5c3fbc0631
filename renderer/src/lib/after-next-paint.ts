// Runs work once the browser has painted its next frame: for what must not hold up a frame
// that is about to show something (a read mark when a message arrives, the measurements a
// new row leaves behind). The animation frame comes just before the paint, and a task
// posted from it runs after the paint. A hidden page paints no frames, and a busy one may
// skip some: the work then runs after FALLBACK_MS rather than never. Outside a page (tests
// in Node) it runs in the next task.

/** The longest the work waits for a frame. */
export const FALLBACK_MS = 100;

/** Schedules `work` after the next paint; returns a function that cancels it (safe to call after it ran). */
export function afterNextPaint(work: () => void): () => void {
  let done = false;
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    work();
  };
  let frame: number | undefined;
  const cancel = () => {
    done = true;
    if (frame !== undefined) cancelAnimationFrame(frame);
    for (const timer of timers) clearTimeout(timer);
  };
  if (typeof requestAnimationFrame !== 'function' || typeof document === 'undefined' || document.hidden) {
    timers.push(setTimeout(run, 0));
    return cancel;
  }
  frame = requestAnimationFrame(() => {
    frame = undefined;
    timers.push(setTimeout(run, 0));
  });
  timers.push(setTimeout(run, FALLBACK_MS));
  return cancel;
}
