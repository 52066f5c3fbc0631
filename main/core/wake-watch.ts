// Notices that the machine slept, in any host: a timer that should tick every few seconds
// finds that much more time has passed. Electron also has powerMonitor's 'resume'; the
// browser host has nothing else, and a missed 'resume' must not leave a dead socket looking
// connected either.

export interface WakeWatchOptions {
  onWake: (sleptMs: number) => void;
  tickMs?: number;
  /** A gap this much longer than a tick means the process was not running: a sleep. */
  toleranceMs?: number;
  now?: () => number;
}

export function startWakeWatch(opts: WakeWatchOptions): () => void {
  const tickMs = opts.tickMs ?? 5_000;
  const tolerance = opts.toleranceMs ?? 15_000;
  const now = opts.now ?? Date.now;
  let last = now();
  const timer = setInterval(() => {
    const at = now();
    const gap = at - last;
    last = at;
    if (gap > tickMs + tolerance) opts.onWake(gap);
  }, tickMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
