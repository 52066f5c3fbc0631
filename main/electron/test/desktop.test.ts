// The Electron desktop integration against a FAKE electron module (fake-electron.ts): OS
// notifications and their click, the tray's image / tooltip / menu, the dock badge and the
// Windows overlay, closing to the tray, and telling the core when the window is hidden.
// Each test fails when the behaviour it names is removed.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type CallMedia, type ConnectionState, type NotificationRequest, type Settings } from '../../../contract/domain';
import type { Result } from '../../../contract/errors';
import type { ParleyEvent } from '../../../contract/events';
import { createMemoryLogger } from '../../core/logger';
import { installDesktopIntegration, type DesktopCore } from '../desktop-integration';
import { createOsNotifications } from '../os-notifications';
import { trayLook, trayTooltip } from '../tray';
import { WindowRegistry } from '../windows';
import { fake, FakeEvent, FakeNotification, resetFakeElectron, type FakeBrowserWindow, type FakeNativeImage } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

const ICONS = '/app/dist/electron/tray';
const ACCOUNT = 'netalo|http://127.0.0.1:7450|1';

function request(overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  return { tag: `parley:${ACCOUNT}#100`, accountId: ACCOUNT, conversationId: '100', title: 'Bob', body: 'hello', count: 1, ...overrides };
}

/** A core as the desktop integration sees it; the test sets its state and plays its events. */
interface FakeCore extends DesktopCore {
  unread: number;
  current: Settings;
  connections: ConnectionState[];
  updateSettings: ReturnType<typeof vi.fn<(changes: Partial<Settings>) => Promise<Settings>>>;
  openConversation: ReturnType<typeof vi.fn<(accountId: string, conversationId: string) => void>>;
  windowHidden: ReturnType<typeof vi.fn<() => void>>;
  requestAnswer: ReturnType<typeof vi.fn<(accountId: string, callId: string, media: CallMedia) => void>>;
  dispatch: ReturnType<typeof vi.fn<(command: unknown, args: unknown) => Promise<Result<unknown>>>>;
  emit(name: ParleyEvent['name']): void;
  /** Plays a batch of the core's events. */
  emitBatch(events: ParleyEvent[]): void;
}

function fakeCore(): FakeCore {
  let listener: ((events: readonly ParleyEvent[]) => void) | null = null;
  const core: FakeCore = {
    unread: 0,
    current: { ...DEFAULT_SETTINGS } as Settings,
    connections: ['online'] as ConnectionState[],
    onEvent: (l: (events: readonly ParleyEvent[]) => void) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
    unreadTotal: () => core.unread,
    settings: () => core.current,
    updateSettings: vi.fn(async (changes: Partial<Settings>) => {
      core.current = { ...core.current, ...changes };
      core.emit('settings.changed');
      return core.current;
    }),
    connectionStates: () => core.connections,
    openConversation: vi.fn((_accountId: string, _conversationId: string) => undefined),
    windowHidden: vi.fn(() => undefined),
    requestAnswer: vi.fn((_accountId: string, _callId: string, _media: CallMedia) => undefined),
    dispatch: vi.fn(async (_command: unknown, _args: unknown): Promise<Result<unknown>> => ({ ok: true, value: null })),
    emit: (name: ParleyEvent['name']) => listener?.([{ name, payload: {} } as ParleyEvent]),
    emitBatch: (events: ParleyEvent[]) => listener?.(events),
  };
  return core;
}

function setup(platform: NodeJS.Platform = 'linux') {
  const log = createMemoryLogger();
  const core = fakeCore();
  const windows = new WindowRegistry('/app/dist/electron', log);
  const window = windows.showMain() as unknown as FakeBrowserWindow;
  const desktop = installDesktopIntegration({ core, windows, iconDir: ICONS, log, platform });
  const tray = fake.trays[0]!;
  return { core, windows, window, desktop, tray, log };
}

const imageOf = (image: FakeNativeImage) => image.path.replace(`${ICONS}/`, '');

beforeEach(() => resetFakeElectron());

describe('OS notifications', () => {
  it('shows one with the title and body main decided on', () => {
    const os = createOsNotifications({ onClick: vi.fn(), log: createMemoryLogger() });
    os.notify(request());
    expect(fake.notifications).toHaveLength(1);
    expect(fake.notifications[0]!.options).toEqual({ title: 'Bob', body: 'hello' });
    expect(fake.notifications[0]!.shown).toBe(true);
  });

  it('a newer one for the same conversation replaces the older (a burst stays one notification)', () => {
    const os = createOsNotifications({ onClick: vi.fn(), log: createMemoryLogger() });
    os.notify(request());
    os.notify(request({ body: '2 new messages\nagain', count: 2 }));
    os.notify(request({ tag: `parley:${ACCOUNT}#200`, conversationId: '200' }));
    expect(fake.notifications.map((n) => n.closed)).toEqual([true, false, false]);
  });

  it('close(tag) closes it (the conversation was read)', () => {
    const os = createOsNotifications({ onClick: vi.fn(), log: createMemoryLogger() });
    os.notify(request());
    os.close(request().tag);
    expect(fake.notifications[0]!.closed).toBe(true);
  });

  it('a click reports the conversation and closes the notification', () => {
    const onClick = vi.fn();
    const os = createOsNotifications({ onClick, log: createMemoryLogger() });
    os.notify(request());
    fake.notifications[0]!.click();
    expect(onClick).toHaveBeenCalledWith(ACCOUNT, '100');
    expect(fake.notifications[0]!.closed).toBe(true);
  });

  it('where the system has no notifications: none, and one warning', () => {
    FakeNotification.supported = false;
    const log = createMemoryLogger();
    const os = createOsNotifications({ onClick: vi.fn(), log });
    os.notify(request());
    os.notify(request());
    expect(fake.notifications).toHaveLength(0);
    expect(log.lines.filter((l) => l.includes('no notifications'))).toHaveLength(1);
  });
});

describe('a clicked notification', () => {
  it('brings the window forward and focuses it, then asks the page to open the conversation', () => {
    const { desktop, window, core } = setup();
    window.hide();
    window.show.mockClear();
    desktop.openConversation(ACCOUNT, '100');
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(core.openConversation).toHaveBeenCalledWith(ACCOUNT, '100');
  });

  it('with no window (macOS, closed): opens one and asks once its page has loaded', () => {
    const { desktop, window, core } = setup();
    core.current = { ...core.current, closeToTray: false };
    window.close();
    desktop.openConversation(ACCOUNT, '100');
    const created = fake.windows.at(-1)!;
    expect(created).not.toBe(window);
    expect(core.openConversation).not.toHaveBeenCalled();
    created.webContents.emit('did-finish-load');
    expect(core.openConversation).toHaveBeenCalledWith(ACCOUNT, '100');
  });
});

describe('the tray', () => {
  it('its image shows unread, Do Not Disturb and offline (offline first, then DND, then unread)', () => {
    expect(trayLook({ unread: 0, doNotDisturb: false, offline: false })).toBe('normal');
    expect(trayLook({ unread: 2, doNotDisturb: false, offline: false })).toBe('unread');
    expect(trayLook({ unread: 2, doNotDisturb: true, offline: false })).toBe('dnd');
    expect(trayLook({ unread: 2, doNotDisturb: true, offline: true })).toBe('offline');
    const { core, tray } = setup();
    expect(imageOf(tray.image)).toBe('tray-normal.png');
    core.unread = 3;
    core.emit('unread.changed');
    expect(imageOf(tray.image)).toBe('tray-unread.png');
    core.current = { ...core.current, doNotDisturb: true };
    core.emit('settings.changed');
    expect(imageOf(tray.image)).toBe('tray-dnd.png');
    core.connections = ['online', 'offline'];
    core.emit('connection.changed');
    expect(imageOf(tray.image)).toBe('tray-offline.png');
  });

  it('its tooltip gives the count', () => {
    expect(trayTooltip({ unread: 1, doNotDisturb: false, offline: false })).toBe('Parley · 1 unread message');
    const { core, tray } = setup();
    expect(tray.tooltip).toBe('Parley · no unread messages');
    core.unread = 5;
    core.emit('unread.changed');
    expect(tray.tooltip).toBe('Parley · 5 unread messages');
    core.current = { ...core.current, doNotDisturb: true };
    core.emit('settings.changed');
    expect(tray.tooltip).toBe('Parley · 5 unread messages · Do Not Disturb');
  });

  it('menu: Open shows the window; a click on the icon does too', () => {
    const { tray, window } = setup();
    window.hide();
    tray.menu!.choose('open');
    expect(window.isVisible()).toBe(true);
    window.hide();
    tray.emit('click');
    expect(window.isVisible()).toBe(true);
  });

  it('menu: Do Not Disturb is a checkbox that writes the setting, and shows it', async () => {
    const { tray, core } = setup();
    expect(tray.menu!.item('dnd')).toMatchObject({ type: 'checkbox', checked: false });
    tray.menu!.choose('dnd');
    expect(core.updateSettings).toHaveBeenCalledWith({ doNotDisturb: true });
    await vi.waitFor(() => expect(tray.menu!.item('dnd').checked).toBe(true));
    tray.menu!.choose('dnd');
    expect(core.updateSettings).toHaveBeenLastCalledWith({ doNotDisturb: false });
  });

  it('menu: Quit really quits, even with close to tray on', () => {
    const { tray, window } = setup();
    tray.menu!.choose('quit');
    expect(fake.app.quit).toHaveBeenCalled();
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });
});

describe('badge and overlay', () => {
  it('app.setBadgeCount follows the unread total', () => {
    const { core } = setup();
    expect(fake.app.setBadgeCount).toHaveBeenLastCalledWith(0);
    core.unread = 4;
    core.emit('unread.changed');
    expect(fake.app.setBadgeCount).toHaveBeenLastCalledWith(4);
  });

  it('Windows: an overlay icon on the taskbar button while something is unread, cleared at zero', () => {
    const { core, window } = setup('win32');
    core.unread = 2;
    core.emit('unread.changed');
    const [image, description] = window.setOverlayIcon.mock.lastCall!;
    expect(imageOf(image!)).toBe('overlay-unread.png');
    expect(description).toBe('2 unread');
    core.unread = 0;
    core.emit('unread.changed');
    expect(window.setOverlayIcon).toHaveBeenLastCalledWith(null, '');
  });

  it('elsewhere: no overlay icon', () => {
    const { core, window } = setup('linux');
    core.unread = 2;
    core.emit('unread.changed');
    expect(window.setOverlayIcon).not.toHaveBeenCalled();
  });
});

describe('closing the window', () => {
  it('hides it to the tray when closeToTray is on (the default)', () => {
    const { window } = setup();
    window.show();
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
  });

  it('closes it when closeToTray is off', () => {
    const { window, core } = setup();
    core.current = { ...core.current, closeToTray: false };
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('closes it once the app is quitting (Cmd+Q, the OS shutting down)', () => {
    const { window } = setup();
    fake.app.emit('before-quit', new FakeEvent());
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('tells the core nobody is looking when the window is hidden, minimised or closed', () => {
    const { window, core } = setup();
    window.hide();
    expect(core.windowHidden).toHaveBeenCalledTimes(1);
    window.emit('minimize');
    expect(core.windowHidden).toHaveBeenCalledTimes(2);
  });
});
