// The window's shake on a nudge (nudge-shake.ts), wired through the desktop integration, against
// a FAKE electron module (fake-electron.ts). Fake timers play the wobble's steps.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Message } from '../../../contract/domain';
import type { ParleyEvent } from '../../../contract/events';
import { createMemoryLogger } from '../../core/logger';
import { installDesktopIntegration, type DesktopCore } from '../desktop-integration';
import { WOBBLE, WOBBLE_STEP_MS } from '../nudge-shake';
import { WindowRegistry } from '../windows';
import { resetFakeElectron, type FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

const ACCOUNT = 'mingdao|http://127.0.0.1:7457|1001';
const BOB = '1002';

function setup() {
  let listener: ((events: readonly ParleyEvent[]) => void) | null = null;
  const core: DesktopCore = {
    onEvent: (l) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
    unreadTotal: () => 0,
    settings: () => ({ ...DEFAULT_SETTINGS }),
    updateSettings: async () => ({ ...DEFAULT_SETTINGS }),
    connectionStates: () => ['online'],
    openConversation: () => undefined,
    windowHidden: () => undefined,
    requestAnswer: () => undefined,
    dispatch: async () => ({ ok: true, value: null }),
  };
  const log = createMemoryLogger();
  const windows = new WindowRegistry('/app/dist/electron', log);
  const window = windows.showMain() as unknown as FakeBrowserWindow;
  window.visible = true;
  const desktop = installDesktopIntegration({ core, windows, iconDir: '/app/dist/electron/tray', log, platform: 'linux' });
  const play = (...messages: Array<Partial<Message>>) =>
    listener?.(messages.map((m, i) => ({ name: 'message.upserted', payload: { message: nudge({ id: `n${Date.now()}-${i}`, ...m }) } }) as ParleyEvent));
  return { window, desktop, play };
}

function nudge(m: Partial<Message>): Message {
  return { accountId: ACCOUNT, conversationId: `user:${BOB}`, senderId: BOB, kind: 'nudge', text: '', sentAt: Date.now(), status: 'sent', ...m };
}

/** Every position the window took, as x offsets from where it started. */
const moves = (w: FakeBrowserWindow) => w.setPosition.mock.calls.map(([x, y]) => [x - 100, y - 100]);

beforeEach(() => {
  resetFakeElectron();
  vi.useFakeTimers({ now: new Date('2026-12-02T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a nudge shakes the window', () => {
  it('once: a short wobble that ends where the window was', () => {
    const { window, play } = setup();
    play({});
    expect(window.setPosition).not.toHaveBeenCalled(); // the wobble runs on its own time
    vi.advanceTimersByTime(WOBBLE.length * WOBBLE_STEP_MS);
    expect(moves(window)).toEqual(WOBBLE.map((dx) => [dx, 0]));
    expect(window.position).toEqual([100, 100]);
  });

  it('at most once every 10 s, however many nudges come', () => {
    const { window, play } = setup();
    play({}, {});
    vi.advanceTimersByTime(1000);
    play({});
    vi.advanceTimersByTime(5000);
    expect(window.setPosition).toHaveBeenCalledTimes(WOBBLE.length);
    vi.advanceTimersByTime(4000);
    play({});
    vi.advanceTimersByTime(1000);
    expect(window.setPosition).toHaveBeenCalledTimes(2 * WOBBLE.length);
  });

  it('not for my own nudge, a text message, the same nudge again, or an old one', () => {
    const { window, play } = setup();
    play({ senderId: '1001' }, { kind: 'text', text: 'hi' }, { sentAt: Date.now() - 5 * 60_000 });
    vi.advanceTimersByTime(1000);
    expect(window.setPosition).not.toHaveBeenCalled();
    play({ id: 'same' });
    vi.advanceTimersByTime(11_000);
    play({ id: 'same' });
    vi.advanceTimersByTime(1000);
    expect(window.setPosition).toHaveBeenCalledTimes(WOBBLE.length);
  });

  it('minimised or hidden: not brought up, only its frame flashes', () => {
    const { window, play } = setup();
    window.minimize();
    play({});
    vi.advanceTimersByTime(1000);
    expect(window.setPosition).not.toHaveBeenCalled();
    expect(window.flashFrame).toHaveBeenCalledWith(true);
    expect(window.restore).not.toHaveBeenCalled();
    expect(window.isMinimized()).toBe(true);
  });

  it('closing Parley mid-wobble puts the window back', () => {
    const { window, desktop, play } = setup();
    play({});
    vi.advanceTimersByTime(WOBBLE_STEP_MS);
    expect(window.position).not.toEqual([100, 100]);
    desktop.dispose();
    expect(window.position).toEqual([100, 100]);
  });
});
