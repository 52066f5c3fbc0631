// The main window opens where the user left it, and never off screen: window-state.ts, with
// the fake electron module's BrowserWindow (fake-electron.ts) playing the window.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../../core/logger';
import { tempDirsForFile } from '../../core/test/temp-dirs';
import { DEFAULT_SIZE, restoredBounds } from '../window-state';
import { WindowRegistry } from '../windows';
import { resetFakeElectron, type fake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

const tempDir = tempDirsForFile();
const LAPTOP = { x: 0, y: 0, width: 1440, height: 877 };
const MONITOR = { x: 1440, y: 0, width: 2560, height: 1400 };

beforeEach(() => resetFakeElectron());

describe('restoredBounds', () => {
  it('uses the saved bounds when they are on a display', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(restoredBounds(saved, [LAPTOP, MONITOR])).toEqual({ bounds: saved.bounds, maximized: false });
  });

  it('keeps the size but lets the OS place a window whose display is gone (monitor unplugged)', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 2000, height: 1200 }, maximized: true };
    expect(restoredBounds(saved, [LAPTOP])).toEqual({ bounds: { width: 1440, height: 877 }, maximized: true });
  });

  it('does not trust a title bar that is only a sliver on screen', () => {
    const saved = { bounds: { x: 1400, y: 10, width: 900, height: 700 }, maximized: false };
    expect(restoredBounds(saved, [LAPTOP]).bounds).not.toHaveProperty('x');
  });

  it.each([
    ['nothing saved', null],
    ['not an object', 'x'],
    ['no bounds', { maximized: true }],
    ['fractions', { bounds: { x: 0.5, y: 0, width: 900, height: 700 } }],
    ['smaller than the minimum', { bounds: { x: 0, y: 0, width: 10, height: 10 } }],
    ['absurd', { bounds: { x: 0, y: 0, width: 1e9, height: 700 } }],
    ['strings', { bounds: { x: '0', y: 0, width: 900, height: 700 } }],
  ])('opens at the default size with %s', (_what, saved) => {
    expect(restoredBounds(saved, [LAPTOP])).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  });
});

describe('the main window', () => {
  it('saves where it was moved to, and the next start opens it there', async () => {
    const statePath = join(tempDir('winstate'), 'window-state.json');
    const placement = { statePath, workAreas: () => [LAPTOP, MONITOR] };
    const first = new WindowRegistry('/dist/electron', createMemoryLogger(), placement);
    const window = first.showMain() as unknown as (typeof fake.windows)[number];
    expect(window.options).toMatchObject({ width: 1100, height: 760 });
    expect(window.options).not.toHaveProperty('x');
    window.normalBounds = { x: 1700, y: 120, width: 1000, height: 700 };
    window.emit('move');
    window.close();
    await vi.waitFor(() => expect(existsSync(statePath)).toBe(true));
    expect(JSON.parse(readFileSync(statePath, 'utf8'))).toEqual({ bounds: { x: 1700, y: 120, width: 1000, height: 700 }, maximized: false });

    const second = new WindowRegistry('/dist/electron', createMemoryLogger(), placement);
    const reopened = second.showMain() as unknown as (typeof fake.windows)[number];
    expect(reopened.options).toMatchObject({ x: 1700, y: 120, width: 1000, height: 700, minWidth: 720, minHeight: 480 });
  });

  it('reopens maximised when it was closed maximised', () => {
    const statePath = join(tempDir('winmax'), 'window-state.json');
    writeFileSync(statePath, JSON.stringify({ bounds: { x: 10, y: 10, width: 1000, height: 700 }, maximized: true }));
    const registry = new WindowRegistry('/dist/electron', createMemoryLogger(), { statePath, workAreas: () => [LAPTOP] });
    const window = registry.showMain() as unknown as (typeof fake.windows)[number];
    expect(window.maximize).toHaveBeenCalled();
  });
});
