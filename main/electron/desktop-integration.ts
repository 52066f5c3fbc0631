// Parley on the desktop beyond its window: the tray icon and menu, the dock / taskbar badge,
// closing to the tray, a clicked notification opening its conversation, and calls (a ringing
// call raising the window, the display kept awake in a call, Accept / Decline from the
// notification), and a nudge from someone shaking the window once (nudge-shake.ts). It reads
// what it shows from the core (unread total, settings, connections) and follows the core's events.
//
// Closing the window to the tray during a call keeps the call: the window is only hidden, its
// page (which holds the call's media) keeps running, and the core never hears it closed.

import { join } from 'node:path';
import { app, nativeImage, powerSaveBlocker, type BrowserWindow } from 'electron';
import type { CallMedia, ConnectionState, Settings } from '../../contract/domain';
import type { Result } from '../../contract/errors';
import type { ParleyEventListener } from '../core/event-hub';
import type { Logger } from '../core/logger';
import { followCalls } from './call-presence';
import { followNudges } from './nudge-shake';
import type { CallNotificationActions } from './os-notifications';
import { ParleyTray, type TrayState } from './tray';
import { showUnreadBadge } from './unread-badge';
import type { WindowRegistry } from './windows';

/** What this needs of the core (ParleyCore has all of it). */
export interface DesktopCore {
  onEvent(listener: ParleyEventListener): () => void;
  unreadTotal(): number;
  settings(): Settings;
  updateSettings(changes: Partial<Settings>): Promise<Settings>;
  connectionStates(): ConnectionState[];
  openConversation(accountId: string, conversationId: string): void;
  windowHidden(): void;
  /** Asks the windows to answer a call themselves (`call.answerRequested`): the media runs there. */
  requestAnswer(accountId: string, callId: string, media: CallMedia): void;
  dispatch(command: unknown, rawArgs: unknown): Promise<Result<unknown>>;
}

export interface DesktopIntegration {
  /** A notification was clicked: the window comes forward and opens the conversation. */
  openConversation(accountId: string, conversationId: string): void;
  /** What an incoming call's notification does (Accept, Decline, a click). */
  readonly calls: CallNotificationActions;
  dispose(): void;
}

/** The events after which the tray or badge may need to change. */
const WATCHED = new Set(['unread.changed', 'settings.changed', 'connection.changed', 'accounts.changed']);

export function installDesktopIntegration(opts: {
  core: DesktopCore;
  windows: WindowRegistry;
  /** Where the tray and overlay images are (dist/electron/tray/). */
  iconDir: string;
  log: Logger;
  platform?: NodeJS.Platform;
}): DesktopIntegration {
  const { core, windows, log } = opts;
  const platform = opts.platform ?? process.platform;
  // Set by Quit (the tray's, the app menu's, the OS's): then closing the window really closes it.
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });

  windows.setBehaviour({
    hideOnClose: () => !quitting && core.settings().closeToTray,
    onHidden: () => core.windowHidden(),
  });

  const state = (): TrayState => ({
    unread: core.unreadTotal(),
    doNotDisturb: core.settings().doNotDisturb,
    offline: core.connectionStates().some((s) => s === 'offline'),
  });

  const tray = new ParleyTray(
    opts.iconDir,
    {
      open: () => windows.showMain(),
      setDoNotDisturb: (on) => {
        core.updateSettings({ doNotDisturb: on }).catch((e: unknown) => log.error('could not change Do Not Disturb', { error: String(e) }));
      },
      quit: () => {
        quitting = true;
        app.quit();
      },
    },
    state(),
  );
  const overlay = nativeImage.createFromPath(join(opts.iconDir, 'overlay-unread.png'));

  const refresh = () => {
    const now = state();
    tray.update(now);
    showUnreadBadge({ app, window: windows.mainWindow(), count: now.unread, overlay, platform });
  };
  refresh();
  const calls = followCalls({ windows, powerSaveBlocker, doNotDisturb: () => core.settings().doNotDisturb, log });
  const nudges = followNudges({ windows, log });
  const unsubscribe = core.onEvent((events) => {
    if (events.some((e) => WATCHED.has(e.name))) refresh();
    calls.onEvents(events);
    nudges.onEvents(events);
  });

  /** Brings the window forward, then tells its page once it listens (a new window's page must boot first). */
  const showThen = (tell: () => void) => {
    const existing = windows.mainWindow();
    const window: BrowserWindow = windows.showMain();
    if (existing) return tell();
    // The page subscribes as it boots, before 'did-finish-load'.
    window.webContents.once('did-finish-load', tell);
  };

  return {
    openConversation(accountId, conversationId) {
      showThen(() => core.openConversation(accountId, conversationId));
    },
    calls: {
      answer(accountId, callId, media) {
        showThen(() => core.requestAnswer(accountId, callId, media));
      },
      decline(accountId, callId) {
        core
          .dispatch('calls.answer', { accountId, callId, accept: false })
          .then((result) => {
            if (!result.ok) log.warn('could not decline the call', { code: result.error.code });
          })
          .catch((e: unknown) => log.error('could not decline the call', { error: String(e) }));
      },
      show() {
        windows.showMain();
      },
    },
    dispose() {
      unsubscribe();
      calls.dispose();
      nudges.dispose();
      tray.destroy();
    },
  };
}
