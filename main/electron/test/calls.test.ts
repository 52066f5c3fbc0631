// Calls on the desktop, against a FAKE electron module (fake-electron.ts): the incoming-call
// notification's Accept / Decline / click, the window raised on top and flashing while a call
// rings (also from the tray), the display kept awake in a call, close-to-tray keeping the
// call's window alive, and quitting only once the core has stopped (hung up). Each test fails
// when the behaviour it names is removed.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Call, type CallMedia, type NotificationRequest, type Settings } from '../../../contract/domain';
import type { Result } from '../../../contract/errors';
import type { ParleyEvent } from '../../../contract/events';
import { createMemoryLogger } from '../../core/logger';
import { callNotificationTag, type CallNotificationRequest } from '../../core/notification-policy';
import { installDesktopIntegration, type DesktopCore } from '../desktop-integration';
import { COMMAND_CHANNEL_PREFIX, registerIpc } from '../ipc';
import { createOsNotifications, type CallNotificationActions } from '../os-notifications';
import { stopBeforeQuit } from '../quit';
import { WindowRegistry } from '../windows';
import { fake, resetFakeElectron, type FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

const ACCOUNT = 'netalo|http://127.0.0.1:7450|1';

function callRequest(media: CallMedia = 'video'): CallNotificationRequest {
  return {
    tag: callNotificationTag(ACCOUNT, '900'),
    accountId: ACCOUNT,
    conversationId: '100',
    title: 'Video call from Alice',
    body: 'Incoming video call',
    count: 1,
    call: { callId: '900', media },
  };
}

function actions(): { [K in keyof CallNotificationActions]: ReturnType<typeof vi.fn<CallNotificationActions[K]>> } {
  return { answer: vi.fn(), decline: vi.fn(), show: vi.fn() };
}

function call(overrides: Partial<Call> = {}): Call {
  return {
    accountId: ACCOUNT,
    callId: '900',
    conversationId: '100',
    group: false,
    direction: 'incoming',
    callerId: '2',
    media: 'video',
    phase: 'incoming',
    local: { audioMuted: false, videoOn: true },
    participants: [],
    startedAt: 1,
    ...overrides,
  };
}

const updated = (c: Call): ParleyEvent => ({ name: 'call.updated', payload: { call: c } });

describe("an incoming call's OS notification", () => {
  for (const platform of ['darwin', 'win32'] as const) {
    it(`${platform}: carries Accept and Decline, and stays up while it rings`, () => {
      const os = createOsNotifications({ onClick: vi.fn(), calls: actions(), log: createMemoryLogger(), platform });
      os.notify(callRequest());
      const shown = fake.notifications[0]!;
      expect(shown.options.actions).toEqual([
        { type: 'button', text: 'Accept' },
        { type: 'button', text: 'Decline' },
      ]);
      expect(shown.options).toMatchObject({ title: 'Video call from Alice', body: 'Incoming video call', timeoutType: 'never', silent: true });
      expect(shown.shown).toBe(true);
    });
  }

  it('Linux: no buttons (a click brings the window and its overlay)', () => {
    const calls = actions();
    const os = createOsNotifications({ onClick: vi.fn(), calls, log: createMemoryLogger(), platform: 'linux' });
    os.notify(callRequest());
    expect(fake.notifications[0]!.options.actions).toBeUndefined();
    fake.notifications[0]!.click();
    expect(calls.show).toHaveBeenCalledWith(ACCOUNT, '900');
    expect(fake.notifications[0]!.closed).toBe(true);
  });

  it('Accept answers with the call\'s media; Decline declines; either closes it', () => {
    const calls = actions();
    const onClick = vi.fn();
    const os = createOsNotifications({ onClick, calls, log: createMemoryLogger(), platform: 'darwin' });
    os.notify(callRequest('video'));
    fake.notifications[0]!.act(0);
    expect(calls.answer).toHaveBeenCalledWith(ACCOUNT, '900', 'video');
    expect(fake.notifications[0]!.closed).toBe(true);
    os.notify(callRequest('audio'));
    fake.notifications[1]!.act(1);
    expect(calls.decline).toHaveBeenCalledWith(ACCOUNT, '900');
    expect(calls.answer).toHaveBeenCalledTimes(1);
    expect(fake.notifications[1]!.closed).toBe(true);
    expect(onClick).not.toHaveBeenCalled();
  });

  it('main closes it by its tag when the call stops ringing', () => {
    const os = createOsNotifications({ onClick: vi.fn(), calls: actions(), log: createMemoryLogger(), platform: 'win32' });
    os.notify(callRequest());
    os.close(callRequest().tag);
    expect(fake.notifications[0]!.closed).toBe(true);
  });

  it('a message notification stays a plain one (no buttons)', () => {
    const os = createOsNotifications({ onClick: vi.fn(), calls: actions(), log: createMemoryLogger(), platform: 'darwin' });
    const message: NotificationRequest = { ...callRequest(), tag: `parley:${ACCOUNT}#100`, title: 'Alice', body: 'Missed video call' };
    delete (message as Partial<CallNotificationRequest>).call;
    os.notify(message);
    expect(fake.notifications[0]!.options).toEqual({ title: 'Alice', body: 'Missed video call' });
  });
});

/** A core as the desktop integration sees it, with the parts calls use. */
interface FakeCallsCore extends DesktopCore {
  current: Settings;
  requestAnswer: ReturnType<typeof vi.fn<(accountId: string, callId: string, media: CallMedia) => void>>;
  dispatch: ReturnType<typeof vi.fn<(command: unknown, args: unknown) => Promise<Result<unknown>>>>;
  play(...events: ParleyEvent[]): void;
}

function fakeCore(): FakeCallsCore {
  let listener: ((events: readonly ParleyEvent[]) => void) | null = null;
  const core: FakeCallsCore = {
    current: { ...DEFAULT_SETTINGS } as Settings,
    onEvent: (l: (events: readonly ParleyEvent[]) => void) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
    unreadTotal: () => 0,
    settings: () => core.current,
    updateSettings: vi.fn(async (changes: Partial<Settings>) => ({ ...core.current, ...changes })),
    connectionStates: () => [],
    openConversation: vi.fn(),
    windowHidden: vi.fn(),
    requestAnswer: vi.fn((_accountId: string, _callId: string, _media: CallMedia) => undefined),
    dispatch: vi.fn(async (_command: unknown, _args: unknown): Promise<Result<unknown>> => ({ ok: true, value: null })),
    play: (...events: ParleyEvent[]) => listener?.(events),
  };
  return core;
}

function setup() {
  const log = createMemoryLogger();
  const core = fakeCore();
  const windows = new WindowRegistry('/app/dist/electron', log);
  const window = windows.showMain() as unknown as FakeBrowserWindow;
  const desktop = installDesktopIntegration({ core, windows, iconDir: '/icons', log, platform: 'linux' });
  return { core, windows, window, desktop, log };
}

beforeEach(() => resetFakeElectron());

describe('answering from the notification', () => {
  it('Accept brings the window forward and asks it to answer (call.answerRequested through the core)', () => {
    const { desktop, window, core } = setup();
    window.hide();
    desktop.calls.answer(ACCOUNT, '900', 'video');
    expect(window.isVisible()).toBe(true);
    expect(core.requestAnswer).toHaveBeenCalledWith(ACCOUNT, '900', 'video');
  });

  it('Accept with no window (macOS, closed): a new one is opened and asked once its page listens', () => {
    const { desktop, window, core } = setup();
    core.current = { ...core.current, closeToTray: false };
    window.close();
    desktop.calls.answer(ACCOUNT, '900', 'audio');
    expect(core.requestAnswer).not.toHaveBeenCalled();
    fake.windows.at(-1)!.webContents.emit('did-finish-load');
    expect(core.requestAnswer).toHaveBeenCalledWith(ACCOUNT, '900', 'audio');
  });

  it('Decline sends calls.answer with accept false, without a window', async () => {
    const { desktop, window, core } = setup();
    window.hide();
    desktop.calls.decline(ACCOUNT, '900');
    expect(core.dispatch).toHaveBeenCalledWith('calls.answer', { accountId: ACCOUNT, callId: '900', accept: false });
    expect(window.isVisible()).toBe(false);
  });

  it('a refused decline is logged', async () => {
    const { desktop, core, log } = setup();
    core.dispatch.mockResolvedValueOnce({ ok: false, error: { code: 'not-found', message: 'no such call' } });
    desktop.calls.decline(ACCOUNT, '900');
    await vi.waitFor(() => expect(log.lines.some((l) => l.includes('could not decline the call'))).toBe(true));
  });

  it("a click on it shows the window (the page's overlay answers)", () => {
    const { desktop, window } = setup();
    window.hide();
    desktop.calls.show(ACCOUNT, '900');
    expect(window.isVisible()).toBe(true);
  });
});

describe('while a call rings', () => {
  it('the window hidden in the tray comes up without taking the focus, on top, flashing; all undone when the ring ends', () => {
    const { core, window } = setup();
    window.hide();
    window.focus.mockClear();
    core.play(updated(call()));
    expect(window.isVisible()).toBe(true);
    expect(window.showInactive).toHaveBeenCalled();
    expect(window.focus).not.toHaveBeenCalled();
    expect(window.alwaysOnTop).toBe(true);
    expect(window.flashing).toBe(true);
    core.play(updated(call({ phase: 'in-call' })));
    expect(window.alwaysOnTop).toBe(false);
    expect(window.flashing).toBe(false);
  });

  it('during Do Not Disturb the window stays hidden and not on top; only its frame flashes, until the ring ends', () => {
    const { core, window } = setup();
    core.current = { ...core.current, doNotDisturb: true };
    window.hide();
    core.play(updated(call()));
    expect(window.isVisible()).toBe(false);
    expect(window.alwaysOnTop).toBe(false);
    expect(window.flashing).toBe(true);
    core.play(updated(call({ phase: 'ended', endReason: 'cancelled' })));
    expect(window.flashing).toBe(false);
  });

  it('a minimised window is restored', () => {
    const { core, window } = setup();
    window.minimize();
    core.play(updated(call()));
    expect(window.restore).toHaveBeenCalled();
    expect(window.isVisible()).toBe(true);
  });

  it('with no window, one is opened', () => {
    const { core, window } = setup();
    core.current = { ...core.current, closeToTray: false };
    window.close();
    core.play(updated(call()));
    const created = fake.windows.at(-1)!;
    expect(created).not.toBe(window);
    expect(created.alwaysOnTop).toBe(true);
  });

  it('stays on top until the last of two ringing calls stops', () => {
    const { core, window } = setup();
    core.play(updated(call()), updated(call({ callId: '901' })));
    core.play(updated(call({ phase: 'ended', endReason: 'cancelled' })));
    expect(window.alwaysOnTop).toBe(true);
    core.play(updated(call({ callId: '901', phase: 'ended', endReason: 'no-answer' })));
    expect(window.alwaysOnTop).toBe(false);
  });

  it('an outgoing call (the callee rings, not me) raises nothing; nor does a call that rang and ended in one batch', () => {
    const { core, window } = setup();
    window.hide();
    core.play(updated(call({ direction: 'outgoing', phase: 'ringing' })));
    core.play(updated(call({ callId: '901' })), updated(call({ callId: '901', phase: 'ended', endReason: 'busy' })));
    expect(window.isVisible()).toBe(false);
    expect(window.setAlwaysOnTop).not.toHaveBeenCalled();
  });
});

describe('while in a call', () => {
  it('the display is kept awake (prevent-display-sleep), one blocker for any number of calls, stopped when they end', () => {
    const { core } = setup();
    core.play(updated(call({ phase: 'in-call' })));
    expect(fake.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    core.play(updated(call({ callId: '901', direction: 'outgoing', phase: 'in-call' })));
    expect(fake.powerSaveBlocker.start).toHaveBeenCalledTimes(1);
    core.play(updated(call({ phase: 'ended', endReason: 'hung-up' })));
    expect(fake.powerSaveBlocker.running.size).toBe(1);
    core.play(updated(call({ callId: '901', direction: 'outgoing', phase: 'ended', endReason: 'remote-hung-up', ongoing: true })));
    expect(fake.powerSaveBlocker.running.size).toBe(0);
  });

  it('not while it only rings', () => {
    const { core } = setup();
    core.play(updated(call()), updated(call({ callId: '901', direction: 'outgoing', phase: 'calling' })));
    expect(fake.powerSaveBlocker.start).not.toHaveBeenCalled();
  });

  it('dispose (quitting) lets the display sleep again', () => {
    const { core, desktop } = setup();
    core.play(updated(call({ phase: 'in-call' })));
    desktop.dispose();
    expect(fake.powerSaveBlocker.running.size).toBe(0);
  });

  it('closing the window to the tray keeps the call: hidden, not destroyed, still a trusted window that hears events', () => {
    const { core, window, windows } = setup();
    core.play(updated(call({ phase: 'in-call' })));
    const closed = vi.fn();
    window.on('closed', closed);
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    expect(closed).not.toHaveBeenCalled();
    expect(windows.isTrusted(window.webContents as never)).toBe(true);
    expect(windows.contents()).toContain(window.webContents);
    expect(fake.powerSaveBlocker.running.size).toBe(1);
  });

  it('the core hears the window closed (and hangs up its calls) only when it really closes, not when it goes to the tray', async () => {
    const { core, window, windows, log } = setup();
    const hosted = { dispatch: vi.fn(async (): Promise<Result<unknown>> => ({ ok: true, value: null })), onEvent: () => () => undefined, windowClosed: vi.fn() };
    registerIpc(hosted, windows, log);
    // The window answers a call: it now holds it.
    await fake.ipcMain.invoke(COMMAND_CHANNEL_PREFIX + 'calls.answer', window.webContents, window.webContents.mainFrame, { accountId: ACCOUNT, callId: '900', accept: true });
    window.close();
    expect(hosted.windowClosed).not.toHaveBeenCalled();
    core.current = { ...core.current, closeToTray: false };
    window.close();
    expect(hosted.windowClosed).toHaveBeenCalledTimes(1);
  });
});

describe('quitting', () => {
  it("waits for the core's stop (which hangs up the calls) before the app exits", async () => {
    let finish: () => void = () => undefined;
    const stop = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    stopBeforeQuit(fake.app, stop, createMemoryLogger());
    fake.app.quit();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(fake.app.exited).toBe(false);
    fake.app.quit(); // asked again meanwhile: still waiting, one stop
    expect(stop).toHaveBeenCalledTimes(1);
    finish();
    await vi.waitFor(() => expect(fake.app.exited).toBe(true));
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('quits anyway when the stop fails, or hangs past the timeout', async () => {
    const log = createMemoryLogger();
    stopBeforeQuit(fake.app, () => Promise.reject(new Error('socket gone')), log);
    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.exited).toBe(true));
    expect(log.lines.some((l) => l.includes('could not stop cleanly'))).toBe(true);

    resetFakeElectron();
    vi.useFakeTimers();
    try {
      stopBeforeQuit(fake.app, () => new Promise<void>(() => undefined), log, 3_000);
      fake.app.quit();
      await vi.advanceTimersByTimeAsync(2_999);
      expect(fake.app.exited).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(fake.app.exited).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
