// A nudge from someone else (a message of kind 'nudge': Mingdao's shake) shakes the window
// once: a short side-to-side wobble with setPosition, back to where it was. A minimised or
// hidden window is not brought up for it (a nudge must not steal the screen): its frame
// flashes in the taskbar / dock instead. At most one shake every 10 s, whoever nudges, so a
// string of nudges (several people, several accounts) cannot keep the window moving.
//
// Only news shakes: the user's own nudges (sent from here or another device), a nudge seen
// before (the same message published again) and old ones (delivered late, after being
// offline) do not.

import type { BrowserWindow } from 'electron';
import type { Message } from '../../contract/domain';
import type { ParleyEvent } from '../../contract/events';
import type { Logger } from '../core/logger';

export const SHAKE_INTERVAL_MS = 10_000;
/** A nudge older than this when it arrives is not news any more. */
export const NUDGE_NEWS_MS = 60_000;
/** Horizontal offsets of the wobble, in px, one per step; it ends back at 0. */
export const WOBBLE = [10, -10, 8, -8, 5, -5, 2, -2, 0] as const;
export const WOBBLE_STEP_MS = 30;
const REMEMBERED = 200;

export interface NudgeShake {
  onEvents(batch: readonly ParleyEvent[]): void;
  dispose(): void;
}

/** The user's own ID in an account key (`protocol|serverUrl|userId`, see accountKey). */
export function userIdOfAccount(accountId: string): string {
  return accountId.slice(accountId.lastIndexOf('|') + 1);
}

export function followNudges(opts: {
  windows: { mainWindow(): BrowserWindow | null };
  log: Logger;
  now?: () => number;
}): NudgeShake {
  const now = opts.now ?? Date.now;
  let lastShake = Number.NEGATIVE_INFINITY;
  const seen: string[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  /** The window mid-wobble and where it belongs, to put it back if disposed then. */
  let moving: { window: BrowserWindow; x: number; y: number } | null = null;

  function isNews(m: Message): boolean {
    if (m.kind !== 'nudge' || m.senderId === userIdOfAccount(m.accountId)) return false;
    if (now() - m.sentAt > NUDGE_NEWS_MS) return false;
    const key = `${m.accountId}#${m.conversationId}#${m.id ?? m.nonce ?? m.sentAt}`;
    if (seen.includes(key)) return false;
    seen.push(key);
    if (seen.length > REMEMBERED) seen.shift();
    return true;
  }

  function shake(): void {
    const window = opts.windows.mainWindow();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized() || !window.isVisible()) {
      window.flashFrame(true);
      return;
    }
    const [x, y] = window.getPosition() as [number, number];
    moving = { window, x, y };
    WOBBLE.forEach((dx, step) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (timers.size === 0) moving = null;
        if (!window.isDestroyed()) window.setPosition(x + dx, y);
      }, (step + 1) * WOBBLE_STEP_MS);
      timers.add(timer);
    });
  }

  return {
    onEvents(batch) {
      // One shake for a batch, however many nudges it holds.
      let nudged = false;
      for (const event of batch) {
        if (event.name === 'message.upserted' && isNews(event.payload.message)) nudged = true;
      }
      if (!nudged || now() - lastShake < SHAKE_INTERVAL_MS) return;
      lastShake = now();
      opts.log.info('nudged: shaking the window');
      shake();
    },
    dispose() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      if (moving && !moving.window.isDestroyed()) moving.window.setPosition(moving.x, moving.y);
      moving = null;
    },
  };
}
