// The unread total outside the window: the dock / launcher badge (app.setBadgeCount, which
// macOS and Linux launchers that support it show; elsewhere it does nothing), and on Windows,
// whose taskbar has no badge count, an overlay icon on the taskbar button, with the count in
// its accessible description.

import type { BrowserWindow, NativeImage } from 'electron';

export interface BadgeTarget {
  setBadgeCount(count: number): boolean;
}

export function showUnreadBadge(opts: {
  app: BadgeTarget;
  window: Pick<BrowserWindow, 'setOverlayIcon'> | null;
  count: number;
  overlay: NativeImage;
  platform: NodeJS.Platform;
}): void {
  const { app, window, count, overlay, platform } = opts;
  app.setBadgeCount(count);
  if (platform === 'win32' && window) {
    window.setOverlayIcon(count > 0 ? overlay : null, count > 0 ? `${count} unread` : '');
  }
}
