// Parley on the desktop beyond its window: the tray icon and menu, the dock / taskbar badge,
// closing to the tray, and a clicked notification opening its conversation. It reads what it
// shows from the core (unread total, settings, connections) and follows the core's events.

import { join } from 'node:path';
import { app, nativeImage } from 'electron';
import type { ConnectionState, Settings } from '../../contract/domain';
import type { ParleyEventListener } from '../core/event-hub';
import type { Logger } from '../core/logger';
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
}

export interface DesktopIntegration {
  /** A notification was clicked: the window comes forward and opens the conversation. */
  openConversation(accountId: string, conversationId: string): void;
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
  const unsubscribe = core.onEvent((events) => {
    if (events.some((e) => WATCHED.has(e.name))) refresh();
  });

  return {
    openConversation(accountId, conversationId) {
      const existing = windows.mainWindow();
      const window = windows.showMain();
      if (existing) return core.openConversation(accountId, conversationId);
      // A new window's page must be listening first: it subscribes as it boots, before 'did-finish-load'.
      window.webContents.once('did-finish-load', () => core.openConversation(accountId, conversationId));
    },
    dispose() {
      unsubscribe();
      tray.destroy();
    },
  };
}
