// The main window opens where the user left it: its size, position and maximised state are
// saved (window-state.json in the user data folder) when it moves, resizes or closes, and
// restored at the next start, but only onto a display that is still there. A window saved
// on a monitor since unplugged, or a file edited by hand, would otherwise open off screen,
// where the user cannot reach it: then it opens at the default size, centred by the OS.

import { readFileSync } from 'node:fs';
import type { BrowserWindow, Rectangle } from 'electron';
import { writeFileAtomic } from '../core/atomic-file';
import type { Logger } from '../core/logger';

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1100, height: 760 };
export const MIN_SIZE = { width: 720, height: 480 };
/** At least this much of the title bar must be on a display for a saved position to be used. */
const MIN_VISIBLE = { width: 120, height: 40 };
/** Moves and resizes come many per second while dragging: saved once things settle. */
const SAVE_DELAY_MS = 500;

/** The bounds to open with: the saved ones when they are sane and on a display; else the default size only. */
export function restoredBounds(saved: unknown, workAreas: readonly Rectangle[]): { bounds: Partial<Rectangle> & { width: number; height: number }; maximized: boolean } {
  const state = parseState(saved);
  if (!state) return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  const { x, y, width, height } = state.bounds;
  const onScreen = workAreas.some((area) => visibleOverlap(area, { x, y, width, height: MIN_VISIBLE.height }));
  // Off every display: keep the size (clamped to the largest display) and let the OS place it.
  if (!onScreen) {
    const largest = [...workAreas].sort((a, b) => b.width * b.height - a.width * a.height)[0];
    return {
      bounds: {
        width: largest ? Math.min(width, largest.width) : width,
        height: largest ? Math.min(height, largest.height) : height,
      },
      maximized: state.maximized,
    };
  }
  return { bounds: { x, y, width, height }, maximized: state.maximized };
}

function visibleOverlap(area: Rectangle, titleBar: Rectangle): boolean {
  const w = Math.min(area.x + area.width, titleBar.x + titleBar.width) - Math.max(area.x, titleBar.x);
  const h = Math.min(area.y + area.height, titleBar.y + titleBar.height) - Math.max(area.y, titleBar.y);
  return w >= MIN_VISIBLE.width && h >= MIN_VISIBLE.height / 2;
}

function parseState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { bounds, maximized } = raw as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return null;
  const b = bounds as Record<string, unknown>;
  const int = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  if (!int(b.x, -100_000, 100_000) || !int(b.y, -100_000, 100_000)) return null;
  if (!int(b.width, MIN_SIZE.width, 20_000) || !int(b.height, MIN_SIZE.height, 20_000)) return null;
  return {
    bounds: { x: b.x as number, y: b.y as number, width: b.width as number, height: b.height as number },
    maximized: maximized === true,
  };
}

/** Reads the saved state (synchronously: the window is about to be made); null when there is none or it is unreadable. */
export function readWindowState(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** Saves the window's state as it moves, resizes, maximises and closes. */
export function rememberWindowState(window: BrowserWindow, path: string, log: Logger): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  // The normal (not maximised) bounds, so a restore after "maximised" goes back to them.
  let last: WindowState | null = null;
  const capture = () => {
    if (window.isDestroyed() || window.isMinimized()) return;
    last = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
  };
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!last) return;
    writeFileAtomic(path, JSON.stringify(last)).catch((e: unknown) =>
      log.warn('could not save the window position', { error: e instanceof Error ? e.message : String(e) }),
    );
  };
  const later = () => {
    capture();
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event as 'resize', later);
  window.on('close', () => {
    capture();
    save();
  });
}
