// The page's side of notifications (notifications.ts) against a fake window and a fake
// Notification API: main's notification.show is shown, one per tag; notification.close
// closes it; a click focuses the window and opens the conversation, the same path as
// Electron's conversation.open; permission is asked at the first gesture, only once.
import { describe, expect, it, vi } from 'vitest';
import type { NotificationRequest } from '../contract';
import { createFakeParleyApi } from '../testing/fakeParleyApi';
import { startPageNotifications } from './notifications';

const ACCOUNT = 'netalo|http://127.0.0.1:7450|1';

class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static readonly created: FakeNotification[] = [];
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted';
    return FakeNotification.permission;
  });
  onclick: (() => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.created.push(this);
  }
  close() {
    this.closed = true;
    this.onclose?.();
  }
}

function setup(opts: { permission?: NotificationPermission; showNotifications?: boolean } = {}) {
  FakeNotification.permission = opts.permission ?? 'granted';
  FakeNotification.created.length = 0;
  FakeNotification.requestPermission.mockClear();
  const fake = createFakeParleyApi();
  const win = Object.assign(new EventTarget(), { focus: vi.fn(), Notification: FakeNotification });
  const open = vi.fn((_accountId: string, _conversationId: string) => undefined);
  const stop = startPageNotifications({ api: fake.api, win: win as unknown as Window, open, showNotifications: opts.showNotifications ?? true });
  return { fake, win, open, stop };
}

function request(overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  return { tag: `parley:${ACCOUNT}#100`, accountId: ACCOUNT, conversationId: '100', title: 'Bob', body: 'hello', count: 1, ...overrides };
}

describe('page notifications', () => {
  it("shows main's notification with its title, body and tag", () => {
    const { fake } = setup();
    fake.emit('notification.show', { notification: request() });
    expect(FakeNotification.created.map((n) => [n.title, n.options])).toEqual([['Bob', { body: 'hello', tag: request().tag }]]);
  });

  it('a newer one for the same tag replaces the older; notification.close closes it', () => {
    const { fake } = setup();
    fake.emit('notification.show', { notification: request() });
    fake.emit('notification.show', { notification: request({ body: '2 new messages\nagain', count: 2 }) });
    expect(FakeNotification.created.map((n) => n.closed)).toEqual([true, false]);
    fake.emit('notification.close', { tag: request().tag });
    expect(FakeNotification.created[1]!.closed).toBe(true);
  });

  it('a click focuses the window and opens the conversation; conversation.open takes the same path', () => {
    const { fake, win, open } = setup();
    fake.emit('notification.show', { notification: request() });
    FakeNotification.created[0]!.onclick!();
    expect(win.focus).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith(ACCOUNT, '100');
    expect(FakeNotification.created[0]!.closed).toBe(true);
    fake.emit('conversation.open', { accountId: ACCOUNT, conversationId: '200' });
    expect(win.focus).toHaveBeenCalledTimes(2);
    expect(open).toHaveBeenLastCalledWith(ACCOUNT, '200');
  });

  it('an incoming call: stays up until main closes it; a click only focuses the page (its overlay answers)', () => {
    const { fake, win, open } = setup();
    const ringing = { ...request({ tag: `parley-call:${ACCOUNT}#900`, title: 'Alice is calling', body: 'Incoming audio call' }), call: { callId: '900', media: 'audio' as const } };
    fake.emit('notification.show', { notification: ringing });
    const shown = FakeNotification.created[0]!;
    expect([shown.title, shown.options]).toEqual(['Alice is calling', { body: 'Incoming audio call', tag: ringing.tag, requireInteraction: true }]);
    shown.onclick!();
    expect(win.focus).toHaveBeenCalledTimes(1);
    expect(open).not.toHaveBeenCalled();
    expect(shown.closed).toBe(true);
    fake.emit('notification.show', { notification: ringing });
    fake.emit('notification.close', { tag: ringing.tag });
    expect(FakeNotification.created[1]!.closed).toBe(true);
  });

  it('shows nothing without permission, and asks once, at the first gesture', () => {
    const { fake, win } = setup({ permission: 'default' });
    fake.emit('notification.show', { notification: request() });
    expect(FakeNotification.created).toEqual([]);
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    win.dispatchEvent(new Event('pointerdown'));
    win.dispatchEvent(new Event('keydown'));
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
  });

  it('never asks when already granted or denied', () => {
    for (const permission of ['granted', 'denied'] as const) {
      const { win } = setup({ permission });
      win.dispatchEvent(new Event('pointerdown'));
      expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    }
  });

  it('Electron: no page notifications (main shows them), but conversation.open still opens', () => {
    const { fake, win, open } = setup({ showNotifications: false, permission: 'default' });
    fake.emit('notification.show', { notification: request() });
    win.dispatchEvent(new Event('pointerdown'));
    expect(FakeNotification.created).toEqual([]);
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    fake.emit('conversation.open', { accountId: ACCOUNT, conversationId: '100' });
    expect(open).toHaveBeenCalledWith(ACCOUNT, '100');
  });

  it('stop() closes what is shown and hears nothing more', () => {
    const { fake, stop, open } = setup();
    fake.emit('notification.show', { notification: request() });
    stop();
    expect(FakeNotification.created[0]!.closed).toBe(true);
    fake.emit('notification.show', { notification: request() });
    fake.emit('conversation.open', { accountId: ACCOUNT, conversationId: '100' });
    expect(FakeNotification.created).toHaveLength(1);
    expect(open).not.toHaveBeenCalled();
  });

  it('reads the permission once (a synchronous call to the browser in Chromium), then follows its changes', async () => {
    const { fake } = setup({ permission: 'default' });
    let reads = 0;
    const descriptor = Object.getOwnPropertyDescriptor(FakeNotification, 'permission')!;
    Object.defineProperty(FakeNotification, 'permission', { configurable: true, get: () => (reads++, 'granted') });
    try {
      fake.emit('notification.show', { notification: request() });
      expect(FakeNotification.created).toEqual([]); // still 'default' as read at start
      expect(reads).toBe(0);
    } finally {
      Object.defineProperty(FakeNotification, 'permission', descriptor);
    }

    // The Permissions API reports a change made in the browser's own settings.
    const status = Object.assign(new EventTarget(), { state: 'prompt' as PermissionState });
    FakeNotification.permission = 'default';
    const win = Object.assign(new EventTarget(), {
      focus: vi.fn(),
      Notification: FakeNotification,
      navigator: { permissions: { query: vi.fn(async () => status) } },
    });
    const api = createFakeParleyApi();
    FakeNotification.created.length = 0;
    startPageNotifications({ api: api.api, win: win as unknown as Window, open: vi.fn(), showNotifications: true });
    // The same answer the page waits for: its handler (registered first) has run after this.
    await win.navigator.permissions.query.mock.results[0]!.value;
    status.state = 'granted';
    status.dispatchEvent(new Event('change'));
    api.emit('notification.show', { notification: request() });
    expect(FakeNotification.created).toHaveLength(1);
  });

  it('shows once the permission asked for at the first gesture is granted', async () => {
    const { fake, win } = setup({ permission: 'default' });
    win.dispatchEvent(new Event('pointerdown'));
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    await FakeNotification.requestPermission.mock.results[0]!.value;
    await Promise.resolve(); // the page's handler is chained on that answer (Promise.resolve + then)
    fake.emit('notification.show', { notification: request() });
    expect(FakeNotification.created).toHaveLength(1);
  });
});
