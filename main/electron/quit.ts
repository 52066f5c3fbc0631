// Quitting waits for the core to stop: stopping hangs up every call (the others see "Parley
// quit" at once instead of a frozen picture until the server's grace period) and closes the
// connections cleanly. Electron does not wait for a promise in 'will-quit', so the first
// 'will-quit' is held back, the stop awaited, and the quit asked again. A stop that hangs
// (a dead network) is given up after a few seconds: quitting must never hang.

import type { Logger } from '../core/logger';

/** Long enough for a hang-up to reach a live server, short enough not to feel stuck. */
export const QUIT_STOP_TIMEOUT_MS = 3_000;

export interface QuittingApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export function stopBeforeQuit(app: QuittingApp, stop: () => Promise<void>, log: Logger, timeoutMs = QUIT_STOP_TIMEOUT_MS): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn('stopping took too long; quitting anyway', { timeoutMs });
        resolve();
      }, timeoutMs);
    });
    let stopping: Promise<void>;
    try {
      stopping = stop();
    } catch (e) {
      stopping = Promise.reject(e);
    }
    Promise.race([stopping, timeout])
      .catch((e: unknown) => log.error('could not stop cleanly', { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        clearTimeout(timer);
        state = 'stopped';
        app.quit();
      });
  });
}
