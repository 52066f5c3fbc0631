// What a call changes about the app on the desktop, from the core's `call.updated` events:
// - while an incoming call rings, the main window comes up (also from the tray), stays on top
//   of other windows and flashes its frame (taskbar / dock), so the ring is seen; it is shown
//   without taking the focus, so what the user was typing elsewhere does not land in Parley.
//   During Do Not Disturb the window stays where it is and only its frame flashes (a quiet
//   sign in the taskbar; the overlay is there when the user looks);
// - while any call is in progress, the display does not go to sleep (a video call with nobody
//   touching the mouse would otherwise go dark).
// Each batch is read to the end before acting: a call that rang and ended in one batch (an
// automatic busy answer) changes nothing.

import type { BrowserWindow, PowerSaveBlocker } from 'electron';
import type { Call } from '../../contract/domain';
import type { ParleyEvent } from '../../contract/events';
import type { Logger } from '../core/logger';

export interface CallPresenceWindows {
  mainWindow(): BrowserWindow | null;
  showMain(): BrowserWindow;
}

export interface CallPresence {
  onEvents(batch: readonly ParleyEvent[]): void;
  dispose(): void;
}

export function followCalls(opts: {
  windows: CallPresenceWindows;
  powerSaveBlocker: Pick<PowerSaveBlocker, 'start' | 'stop'>;
  doNotDisturb: () => boolean;
  log: Logger;
}): CallPresence {
  const { windows, log } = opts;
  /** Calls by account and ID, with their latest phase. */
  const ringing = new Set<string>();
  const inCall = new Set<string>();
  /** The window raised for the ring, to put back when it ends. */
  let raised: BrowserWindow | null = null;
  let blocker: number | null = null;

  const key = (call: Call) => `${call.accountId}#${call.callId}`;

  function raise(): void {
    if (opts.doNotDisturb()) {
      const window = windows.mainWindow();
      window?.flashFrame(true);
      raised = window;
      return;
    }
    const existing = windows.mainWindow();
    const window = existing ?? windows.showMain();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      if (!existing.isVisible()) existing.showInactive();
    }
    window.setAlwaysOnTop(true);
    window.flashFrame(true);
    raised = window;
  }

  function lower(): void {
    const window = raised;
    raised = null;
    if (!window || window.isDestroyed()) return;
    window.setAlwaysOnTop(false);
    window.flashFrame(false);
  }

  function keepDisplayAwake(on: boolean): void {
    if (on && blocker === null) {
      blocker = opts.powerSaveBlocker.start('prevent-display-sleep');
      log.info('in a call: the display stays awake');
    } else if (!on && blocker !== null) {
      opts.powerSaveBlocker.stop(blocker);
      blocker = null;
    }
  }

  return {
    onEvents(batch) {
      const wasRinging = ringing.size > 0;
      let changed = false;
      for (const event of batch) {
        if (event.name !== 'call.updated') continue;
        changed = true;
        const { call } = event.payload;
        const k = key(call);
        if (call.direction === 'incoming' && call.phase === 'incoming') ringing.add(k);
        else ringing.delete(k);
        if (call.phase === 'in-call') inCall.add(k);
        else inCall.delete(k);
      }
      if (!changed) return;
      if (ringing.size > 0 && !wasRinging) raise();
      else if (ringing.size === 0 && wasRinging) lower();
      keepDisplayAwake(inCall.size > 0);
    },
    dispose() {
      ringing.clear();
      inCall.clear();
      lower();
      keepDisplayAwake(false);
    },
  };
}
