// The app's windows, and the list IPC checks a sender against: only a webContents this host
// created for a Parley window may call the core.

import { join } from 'node:path';
import type { BrowserWindow, Rectangle, WebContents } from 'electron';
import type { Logger } from '../core/logger';
import { APP_ENTRY_URL } from './app-origin';
import { createSecureWindow } from './hardening';
import { MIN_SIZE, readWindowState, rememberWindowState, restoredBounds } from './window-state';

/** Where the main window's size and position are kept, and the displays' work areas to restore onto (window-state.ts). */
export interface WindowPlacement {
  statePath: string;
  workAreas(): Rectangle[];
}

/** What the desktop integration (tray, close to tray) asks of the main window. */
export interface WindowBehaviour {
  /** Asked when the user closes the window: true hides it to the tray instead (it keeps running). */
  hideOnClose(): boolean;
  /** The window was hidden, minimised or closed: nobody is looking at it. */
  onHidden(): void;
}

export class WindowRegistry {
  private readonly trusted = new Set<WebContents>();
  private main: BrowserWindow | null = null;
  private behaviour: WindowBehaviour | null = null;

  constructor(
    /** dist/electron/, where preload.cjs lives next to main.cjs. */
    private readonly bundleDir: string,
    private readonly log: Logger,
    /** Absent (tests): every window opens at the default size. */
    private readonly placement?: WindowPlacement,
  ) {}

  isTrusted(contents: WebContents): boolean {
    return this.trusted.has(contents);
  }

  /** Live webContents of our windows, for events. */
  contents(): WebContents[] {
    return [...this.trusted].filter((c) => !c.isDestroyed());
  }

  setBehaviour(behaviour: WindowBehaviour): void {
    this.behaviour = behaviour;
  }

  mainWindow(): BrowserWindow | null {
    return this.main && !this.main.isDestroyed() ? this.main : null;
  }

  /** Brings the window forward (a second launch lands here), creating it if there is none. */
  showMain(): BrowserWindow {
    const existing = this.mainWindow();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    return this.createMain();
  }

  private createMain(): BrowserWindow {
    // Where the user left it, when that is still on a display (window-state.ts).
    const placed = restoredBounds(this.placement ? readWindowState(this.placement.statePath) : null, this.placement?.workAreas() ?? []);
    const window = createSecureWindow(
      { ...placed.bounds, minWidth: MIN_SIZE.width, minHeight: MIN_SIZE.height, title: 'Parley', show: false },
      join(this.bundleDir, 'preload.cjs'),
    );
    if (placed.maximized) window.maximize();
    if (this.placement) rememberWindowState(window, this.placement.statePath, this.log);
    const contents = window.webContents;
    this.trusted.add(contents);
    this.main = window;
    window.once('ready-to-show', () => window.show());
    window.on('close', (event) => {
      if (!this.behaviour?.hideOnClose()) return;
      event.preventDefault();
      window.hide();
    });
    // The page may not hear of these (a hidden window's visibility is not always reported).
    window.on('hide', () => this.behaviour?.onHidden());
    window.on('minimize', () => this.behaviour?.onHidden());
    window.on('closed', () => this.behaviour?.onHidden());
    contents.on('render-process-gone', (_e, details) => this.log.error('renderer process gone', { reason: details.reason }));
    window.on('closed', () => {
      this.trusted.delete(contents);
      if (this.main === window) this.main = null;
    });
    window.loadURL(APP_ENTRY_URL).catch((e: unknown) => this.log.error('could not load the renderer', { error: String(e) }));
    return window;
  }
}
