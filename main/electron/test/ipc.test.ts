// Every IPC call is checked before the core sees it: only the top frame of a Parley window,
// showing app://parley, may call. Run against a FAKE electron module (fake-electron.ts); each
// refusal test is built so that exactly one check in ipc.ts catches it, and fails without it.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES } from '../../../contract/commands';
import type { Result } from '../../../contract/errors';
import type { ParleyEvent } from '../../../contract/events';
import type { HostedCore } from '../../core/core';
import { createMemoryLogger } from '../../core/logger';
import { installHardening } from '../hardening';
import { COMMAND_CHANNEL_PREFIX, EVENT_CHANNEL, registerIpc } from '../ipc';
import { WindowRegistry } from '../windows';
import { fake, FakeBrowserWindow, FakeWebFrameMain, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

const CHANNEL = COMMAND_CHANNEL_PREFIX + 'session.get';
const FORBIDDEN = { ok: false, error: { code: 'forbidden', message: 'This window is not allowed to use Parley.' } };

function setup() {
  const log = createMemoryLogger();
  installHardening(log);
  let emit: (events: readonly ParleyEvent[]) => void = () => undefined;
  const core = {
    dispatch: vi.fn(async (_command: unknown, _args: unknown): Promise<Result<unknown>> => ({ ok: true, value: 'from core' })),
    onEvent: vi.fn((listener: (events: readonly ParleyEvent[]) => void) => {
      emit = listener;
      return () => undefined;
    }),
    windowClosed: vi.fn((_windowId: string) => undefined),
  } satisfies HostedCore;
  const registry = new WindowRegistry('/app/dist/electron', log);
  const window = registry.showMain() as unknown as FakeBrowserWindow;
  const contents = window.webContents;
  const unregister = registerIpc(core, registry, log);
  return { log, core, registry, window, contents, unregister, emit: (events: readonly ParleyEvent[]) => emit(events) };
}

beforeEach(() => resetFakeElectron());

describe('IPC sender validation', () => {
  it('registers one handler per contract command, and removes them all', () => {
    const { unregister } = setup();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map((c) => COMMAND_CHANNEL_PREFIX + c).sort());
    unregister();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it("passes a call from the Parley window's top frame on app://parley to the core", async () => {
    const { core, contents } = setup();
    expect(contents.mainFrame.url).toBe('app://parley/index.html');
    expect(await fake.ipcMain.invoke(CHANNEL, contents, contents.mainFrame, { any: 'args' })).toEqual({ ok: true, value: 'from core' });
    // With the window it came from: a call it starts or answers is held by that window.
    expect(core.dispatch).toHaveBeenCalledWith('session.get', { any: 'args' }, { windowId: expect.any(String) });
  });

  it('refuses a window Parley did not make (wrong sender), even on app://parley', async () => {
    const { core } = setup();
    const other = new FakeBrowserWindow({});
    other.webContents.mainFrame.url = 'app://parley/index.html';
    expect(await fake.ipcMain.invoke(CHANNEL, other.webContents, other.webContents.mainFrame)).toEqual(FORBIDDEN);
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a top frame on another origin (the window navigated away)', async () => {
    const { core, contents, log } = setup();
    for (const url of ['https://evil.example/', 'app://evil/index.html', 'file:///index.html', 'about:blank', 'app://parley.evil/']) {
      contents.mainFrame.url = url;
      expect(await fake.ipcMain.invoke(CHANNEL, contents, contents.mainFrame), url).toEqual(FORBIDDEN);
    }
    expect(core.dispatch).not.toHaveBeenCalled();
    expect(log.lines.some((l) => l.includes('IPC call refused') && l.includes('not on the app origin'))).toBe(true);
  });

  it('refuses a subframe, even one on app://parley', async () => {
    const { core, contents } = setup();
    const subframe = new FakeWebFrameMain('app://parley/index.html', contents.mainFrame);
    expect(await fake.ipcMain.invoke(CHANNEL, contents, subframe)).toEqual(FORBIDDEN);
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a call whose frame is gone (no senderFrame)', async () => {
    const { core, contents } = setup();
    expect(await fake.ipcMain.invoke(CHANNEL, contents, null)).toEqual(FORBIDDEN);
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a destroyed frame', async () => {
    const { core, contents } = setup();
    contents.mainFrame.destroyed = true;
    expect(await fake.ipcMain.invoke(CHANNEL, contents, contents.mainFrame)).toEqual(FORBIDDEN);
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a detached frame (a page being replaced, running its unload handlers)', async () => {
    const { core, contents } = setup();
    contents.mainFrame.detached = true;
    expect(await fake.ipcMain.invoke(CHANNEL, contents, contents.mainFrame)).toEqual(FORBIDDEN);
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a destroyed webContents, and a window once it is closed', async () => {
    const { core, contents, window } = setup();
    contents.destroyed = true;
    expect(await fake.ipcMain.invoke(CHANNEL, contents, contents.mainFrame)).toEqual(FORBIDDEN);
    contents.destroyed = false;
    window.close();
    contents.destroyed = false; // even were Electron to report it alive, the registry has let it go
    expect(await fake.ipcMain.invoke(CHANNEL, contents, contents.mainFrame)).toEqual(FORBIDDEN);
    expect(core.dispatch).not.toHaveBeenCalled();
  });
});

describe('IPC events', () => {
  it("go only to Parley's own live windows", () => {
    const { contents, emit } = setup();
    const other = new FakeBrowserWindow({});
    const batch = [{ name: 'unread.changed' }] as unknown as ParleyEvent[];
    emit(batch);
    expect(contents.sent).toEqual([{ channel: EVENT_CHANNEL, args: [batch] }]);
    expect(other.webContents.sent).toEqual([]);
  });
});
