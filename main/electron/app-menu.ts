// The application menu: the platform's standard menus (Electron's roles: Edit for copy and
// paste, View, Window; on macOS the app menu first) plus Help, with "Open logs folder" and
// "Copy debug info" for a bug report. The same two are in the settings dialog's Help section
// (the `support.*` commands), which is where a browser-host user finds them.

import type { MenuItemConstructorOptions } from 'electron';
import { t } from '../core/i18n';

export interface HelpActions {
  openLogsFolder(): void;
  copyDebugInfo(): void;
}

export function appMenuTemplate(actions: HelpActions, platform: NodeJS.Platform, packaged: boolean): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : [{ role: 'fileMenu' as const }]),
    { role: 'editMenu' },
    {
      label: t('menu.view'),
      submenu: [
        // Devtools only in development: hardening.ts closes them in packaged builds anyway.
        ...(packaged ? [] : [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }]),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { id: 'open-logs-folder', label: t('menu.openLogsFolder'), click: () => actions.openLogsFolder() },
        { id: 'copy-debug-info', label: t('menu.copyDebugInfo'), click: () => actions.copyDebugInfo() },
      ],
    },
  ];
}
