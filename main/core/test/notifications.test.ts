// Settings, ui.report and notifications through the whole core (a fake adapter at the seam,
// the real unread ledger, notifier and settings file): a message the ledger counts as new
// reaches the host as a notification; what the policy refuses never does.

import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type NotificationRequest, type Settings } from '../../../contract/domain';
import type { Result } from '../../../contract/errors';
import type { EventName, ParleyEvents } from '../../../contract/events';
import type { MessageData } from '../adapter';
import { ParleyCore, type ParleyCoreOptions } from '../core';
import { createMemoryLogger } from '../logger';
import { notificationTag } from '../notification-policy';
import { MemorySessionStore } from '../session-store';
import { FAKE_PASSWORD, fakeAdapterFactory, fakeConversation, fakeMessage, type FakeAdapter } from './fake-adapter';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();
const ACCOUNT = 'netalo|http://127.0.0.1:9|18446744073709551557';
const ME = '18446744073709551557';
const TAG = notificationTag(ACCOUNT, '100');

async function setup(opts: { dataDir?: string; host?: Pick<ParleyCoreOptions, 'notify' | 'closeNotification'> } = {}) {
  const factory = fakeAdapterFactory();
  const core = new ParleyCore({
    factories: [factory],
    sessionStore: new MemorySessionStore([]),
    dataDir: opts.dataDir ?? tempDir('notify'),
    defaultServerUrls: {},
    log: createMemoryLogger(),
    openExternal: () => undefined,
    scheduleEvents: (flush) => flush(),
    ...opts.host,
  });
  const events: Array<{ name: EventName; payload: unknown }> = [];
  core.onEvent((batch) => {
    for (const e of batch) events.push({ name: e.name, payload: e.payload });
  });
  const named = <E extends EventName>(name: E) => events.filter((e) => e.name === name).map((e) => e.payload as ParleyEvents[E]);
  await core.start();
  const call = async <T>(command: string, args: unknown): Promise<T> => {
    const result = (await core.dispatch(command, args)) as Result<T>;
    if (!result.ok) throw new Error(`${command}: ${result.error.code}`);
    return result.value;
  };
  await call('session.signIn', { protocol: 'netalo', serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD });
  const adapter = factory.latest! as FakeAdapter;
  /** Plays the server pushing a message, and waits until main has shown it and decided on its notification. */
  const push = async (m: MessageData) => {
    const seen = named('message.upserted').length;
    adapter.emit({ type: 'message', message: m });
    await until(() => named('message.upserted').length > seen);
    await core.notificationsSettled();
  };
  const shown = () => named('notification.show').map((p) => p.notification);
  return { core, adapter, events, named, call, push, shown };
}

/** Re-checks after each turn of the event loop; the awaited work is the core's own. */
async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setImmediate(r));
}

let nextId = 1;
function incoming(text: string, overrides: Partial<MessageData> = {}): MessageData {
  return { ...fakeMessage('100', `m${nextId++}`, text), sentAt: Date.now() + nextId, ...overrides };
}

describe('settings through the core', () => {
  it('settings.get answers the defaults; settings.set saves, answers all, and every window hears settings.changed', async () => {
    const dataDir = tempDir('settings-core');
    const ctx = await setup({ dataDir });
    expect(await ctx.call('settings.get', {})).toEqual(DEFAULT_SETTINGS);
    expect(await ctx.call('settings.set', { doNotDisturb: true })).toEqual({ ...DEFAULT_SETTINGS, doNotDisturb: true });
    expect(ctx.named('settings.changed')).toEqual([{ settings: { ...DEFAULT_SETTINGS, doNotDisturb: true } }]);
    // The same value again changes nothing and tells nobody.
    await ctx.call('settings.set', { doNotDisturb: true });
    expect(ctx.named('settings.changed')).toHaveLength(1);
    const refused = await ctx.core.dispatch('settings.set', { doNotDisturb: 'yes' });
    expect(refused.ok).toBe(false);
    await ctx.core.stop();
    // A restart reads them back.
    const again = await setup({ dataDir });
    expect(await again.call<Settings>('settings.get', {})).toEqual({ ...DEFAULT_SETTINGS, doNotDisturb: true });
    await again.core.stop();
  });

  it('a window reporting (as it starts) hears the badge total at once', async () => {
    const ctx = await setup();
    const before = ctx.named('unread.changed').length;
    await ctx.call('ui.report', { focused: true, visible: true, openConversation: null });
    await until(() => ctx.named('unread.changed').length > before);
    expect(ctx.named('unread.changed').at(-1)).toEqual({ total: 0, byAccount: { [ACCOUNT]: 0 } });
    await ctx.core.stop();
  });

  it('includeMutedInBadge: the muted conversation joins the total, and unread.changed says so at once', async () => {
    const ctx = await setup();
    ctx.adapter.emit({ type: 'conversation', conversation: { ...fakeConversation('100'), muted: true } });
    await ctx.push(incoming('in a muted conversation'));
    await until(() => ctx.named('unread.changed').length > 0);
    expect(ctx.core.unreadTotal()).toBe(0);
    const before = ctx.named('unread.changed').length;
    await ctx.call('settings.set', { includeMutedInBadge: true });
    await until(() => ctx.named('unread.changed').length > before);
    expect(ctx.named('unread.changed').at(-1)).toEqual({ total: 1, byAccount: { [ACCOUNT]: 1 } });
    expect(ctx.core.unreadTotal()).toBe(1);
    await ctx.core.stop();
  });
});

describe('notifications through the core', () => {
  it('a new message notifies (browser host: a notification.show event) with sender and text', async () => {
    const ctx = await setup();
    ctx.adapter.emit({ type: 'conversation', conversation: fakeConversation('100') });
    await ctx.push(incoming('hello from Bob'));
    expect(ctx.shown()).toEqual([{ tag: TAG, accountId: ACCOUNT, conversationId: '100', title: 'Bob', body: 'hello from Bob', count: 1 }]);
    await ctx.core.stop();
  });

  it('not while ui.report says the user looks at it; yes once the window loses focus', async () => {
    const ctx = await setup();
    ctx.adapter.emit({ type: 'conversation', conversation: fakeConversation('100') });
    const open = { accountId: ACCOUNT, conversationId: '100' };
    await ctx.call('ui.report', { focused: true, visible: true, openConversation: open });
    await ctx.push(incoming('seen live'));
    expect(ctx.shown()).toEqual([]);
    await ctx.call('ui.report', { focused: false, visible: true, openConversation: open });
    await ctx.push(incoming('while away'));
    expect(ctx.shown().map((n) => n.body)).toEqual(['while away']);
    // The host hid the window: nobody looks, whatever the page said.
    await ctx.call('ui.report', { focused: true, visible: true, openConversation: open });
    ctx.core.windowHidden();
    await ctx.push(incoming('hidden'));
    expect(ctx.shown().map((n) => n.body)).toEqual(['while away', 'hidden']);
    await ctx.core.stop();
  });

  it('never for my own message from another session, a repeat of a counted one, an edit, or during Do Not Disturb', async () => {
    const ctx = await setup();
    ctx.adapter.emit({ type: 'conversation', conversation: fakeConversation('100') });
    await ctx.push(incoming('mine', { senderId: ME }));
    const first = incoming('once');
    await ctx.push(first);
    await ctx.push(first); // re-delivered
    await ctx.push({ ...first, text: 'once, edited', editedAt: Date.now() });
    expect(ctx.shown().map((n) => n.body)).toEqual(['once']);
    await ctx.call('settings.set', { doNotDisturb: true });
    await ctx.push(incoming('quiet please'));
    expect(ctx.shown()).toHaveLength(1);
    await ctx.core.stop();
  });

  it('never for a muted conversation or a message request', async () => {
    const ctx = await setup();
    ctx.adapter.emit({ type: 'conversation', conversation: { ...fakeConversation('100'), muted: true } });
    ctx.adapter.emit({ type: 'conversation', conversation: { ...fakeConversation('200'), request: true } });
    await ctx.push(incoming('muted'));
    await ctx.push(incoming('request', { conversationId: '200' }));
    expect(ctx.shown()).toEqual([]);
    await ctx.core.stop();
  });

  it('a burst coalesces under one tag with a growing count; reading closes it and the count starts again', async () => {
    const ctx = await setup();
    ctx.adapter.emit({ type: 'conversation', conversation: fakeConversation('100') });
    for (const text of ['one', 'two', 'three']) await ctx.push(incoming(text));
    expect(ctx.shown().map((n) => [n.tag, n.count])).toEqual([[TAG, 1], [TAG, 2], [TAG, 3]]);
    expect(ctx.shown().at(-1)!.body).toBe('3 new messages\nthree');
    await ctx.call('conversations.markRead', { accountId: ACCOUNT, conversationId: '100' });
    await until(() => ctx.named('notification.close').length > 0);
    expect(ctx.named('notification.close')).toEqual([{ tag: TAG }]);
    await ctx.push(incoming('four'));
    expect(ctx.shown().at(-1)).toMatchObject({ tag: TAG, count: 1, body: 'four' });
    await ctx.core.stop();
  });

  it("a group's notification says who wrote; previews off hides the text", async () => {
    const ctx = await setup();
    ctx.adapter.emit({ type: 'conversation', conversation: { ...fakeConversation('100'), kind: 'group', title: 'Climbing club' } });
    await ctx.push(incoming('rope?'));
    expect(ctx.shown().at(-1)).toMatchObject({ title: 'Climbing club', body: 'User 2: rope?' });
    await ctx.call('settings.set', { notificationPreviews: false });
    await ctx.push(incoming('secret plan'));
    expect(ctx.shown().at(-1)).toMatchObject({ title: 'Climbing club', body: '2 new messages' });
    expect(JSON.stringify(ctx.shown().at(-1))).not.toContain('secret');
    await ctx.core.stop();
  });

  it('a first message that arrives before its conversation waits for it (and so honours its request flag)', async () => {
    const ctx = await setup();
    await ctx.push(incoming('hi stranger', { conversationId: '300' }));
    expect(ctx.shown()).toEqual([]);
    ctx.adapter.emit({ type: 'conversation', conversation: { ...fakeConversation('300'), request: true } });
    await ctx.push(incoming('hi friend', { conversationId: '400' }));
    ctx.adapter.emit({ type: 'conversation', conversation: { ...fakeConversation('400'), title: 'Dana' } });
    await until(() => ctx.shown().length > 0);
    await ctx.core.notificationsSettled();
    expect(ctx.shown().map((n) => [n.conversationId, n.title, n.body])).toEqual([['400', 'Dana', 'hi friend']]);
    await ctx.core.stop();
  });

  it('Electron passes its own notify / closeNotification: called instead of events', async () => {
    const notify = vi.fn((_n: NotificationRequest) => undefined);
    const closeNotification = vi.fn((_tag: string) => undefined);
    const ctx = await setup({ host: { notify, closeNotification } });
    ctx.adapter.emit({ type: 'conversation', conversation: fakeConversation('100') });
    await ctx.push(incoming('to the OS'));
    expect(notify).toHaveBeenCalledWith(expect.objectContaining({ tag: TAG, body: 'to the OS' }));
    await ctx.call('ui.report', { focused: true, visible: true, openConversation: { accountId: ACCOUNT, conversationId: '100' } });
    expect(closeNotification).toHaveBeenCalledWith(TAG);
    expect(ctx.named('notification.show')).toEqual([]);
    expect(ctx.named('notification.close')).toEqual([]);
    await ctx.core.stop();
  });

  it('openConversation tells every window to open it (a clicked notification)', async () => {
    const ctx = await setup();
    ctx.core.openConversation(ACCOUNT, '100');
    expect(ctx.named('conversation.open')).toEqual([{ accountId: ACCOUNT, conversationId: '100' }]);
    await ctx.core.stop();
  });
});
