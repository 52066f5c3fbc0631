// Notifications for calls: the policy's rules (notification-policy.ts) and the notifier
// following `call.updated` and call lines (notifier.ts). An incoming call notifies while it
// rings unless a focused window shows its overlay or Do Not Disturb is on, and closes when
// it stops ringing; a missed call notifies like a message. Each test fails without its rule.

import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Call, type NotificationRequest, type Settings } from '../../../contract/domain';
import type { ParleyEvent } from '../../../contract/events';
import type { MessageData } from '../adapter';
import { createMemoryLogger } from '../logger';
import {
  callNotificationTag,
  isCallNotification,
  NotificationPolicy,
  notificationTag,
  type ConversationFacts,
  type IncomingFacts,
  type RingingCallFacts,
  type WindowReport,
} from '../notification-policy';
import { Notifier } from '../notifier';
import { ParleyCore } from '../core';
import { MemorySessionStore } from '../session-store';
import { FAKE_PASSWORD, fakeAdapterFactory, fakeConversation } from './fake-adapter';
import { tempDirsForFile } from './temp-dirs';

const ACCOUNT = 'netalo|http://127.0.0.1:7450|1';
const ME = '1';
const ALICE = '2';
const SETTINGS = { ...DEFAULT_SETTINGS };
const FOCUSED: WindowReport = { focused: true, visible: true, openConversation: null };

function ringing(overrides: Partial<RingingCallFacts> = {}): RingingCallFacts {
  return { accountId: ACCOUNT, callId: '900', conversationId: '100', media: 'audio', group: false, callerName: 'Alice', groupTitle: '', ...overrides };
}

describe('the policy: an incoming call', () => {
  it('notifies with no window looking: "Alice is calling", carrying the call', () => {
    const d = new NotificationPolicy().incomingCall(ringing(), SETTINGS);
    expect(d).toEqual({
      show: {
        tag: callNotificationTag(ACCOUNT, '900'),
        accountId: ACCOUNT,
        conversationId: '100',
        count: 1,
        title: 'Alice is calling',
        body: 'Incoming audio call',
        call: { callId: '900', media: 'audio' },
      },
    });
    expect('show' in d && isCallNotification(d.show)).toBe(true);
  });

  it('says "Video call from Alice" for video, and "Alice is calling <group>" in a group', () => {
    const policy = new NotificationPolicy();
    const video = policy.incomingCall(ringing({ media: 'video' }), SETTINGS);
    expect('show' in video && [video.show.title, video.show.body]).toEqual(['Video call from Alice', 'Incoming video call']);
    const group = policy.incomingCall(ringing({ callId: '901', group: true, groupTitle: 'Team' }), SETTINGS);
    expect('show' in group && group.show.title).toBe('Alice is calling Team');
  });

  it('not while a window is focused and visible (the in-app overlay is enough), whatever conversation it shows', () => {
    const policy = new NotificationPolicy();
    policy.reportWindow(FOCUSED);
    expect(policy.incomingCall(ringing(), SETTINGS)).toEqual({ skip: 'user-is-looking' });
    policy.reportWindow({ ...FOCUSED, openConversation: { accountId: ACCOUNT, conversationId: '555' } });
    expect(policy.incomingCall(ringing(), SETTINGS)).toEqual({ skip: 'user-is-looking' });
  });

  it('yes when the window is unfocused, or hidden', () => {
    const policy = new NotificationPolicy();
    policy.reportWindow({ ...FOCUSED, focused: false });
    expect('show' in policy.incomingCall(ringing(), SETTINGS)).toBe(true);
    policy.reportWindow({ ...FOCUSED, visible: false });
    expect('show' in policy.incomingCall(ringing({ callId: '901' }), SETTINGS)).toBe(true);
  });

  it('not during Do Not Disturb', () => {
    expect(new NotificationPolicy().incomingCall(ringing(), { doNotDisturb: true })).toEqual({ skip: 'do-not-disturb' });
  });

  it('once per call; callStopped gives its tag to close, once', () => {
    const policy = new NotificationPolicy();
    expect('show' in policy.incomingCall(ringing(), SETTINGS)).toBe(true);
    expect(policy.incomingCall(ringing(), SETTINGS)).toEqual({ skip: 'already-shown' });
    expect(policy.callStopped(ACCOUNT, '900')).toBe(callNotificationTag(ACCOUNT, '900'));
    expect(policy.callStopped(ACCOUNT, '900')).toBeNull();
  });

  it("signing out closes the account's call notifications too, not another account's", () => {
    const policy = new NotificationPolicy();
    policy.incomingCall(ringing(), SETTINGS);
    policy.incomingCall(ringing({ accountId: `${ACCOUNT}0` }), SETTINGS);
    expect(policy.resetAccount(ACCOUNT)).toEqual([callNotificationTag(ACCOUNT, '900')]);
  });
});

const DIRECT: ConversationFacts = { kind: 'direct', title: 'Alice', muted: false, request: false };

function callLine(outcome: 'ended' | 'declined' | 'missed' | 'busy', overrides: Partial<IncomingFacts> = {}): IncomingFacts {
  return {
    message: {
      accountId: ACCOUNT,
      conversationId: '100',
      senderId: ALICE,
      senderName: 'Alice',
      kind: 'call',
      text: 'Missed video call',
      call: { callId: '900', media: 'video', outcome, callerId: ALICE },
    },
    myUserId: ME,
    conversation: DIRECT,
    countedAsNew: true,
    ...overrides,
  };
}

describe('the policy: a missed call line', () => {
  it('notifies like a message: "Missed video call" under the conversation tag', () => {
    const d = new NotificationPolicy().incoming(callLine('missed'), SETTINGS);
    expect(d).toEqual({ show: { tag: notificationTag(ACCOUNT, '100'), accountId: ACCOUNT, conversationId: '100', title: 'Alice', body: 'Missed video call', count: 1 } });
  });

  it('busy: missed while in another call', () => {
    const d = new NotificationPolicy().incoming(callLine('busy'), SETTINGS);
    expect('show' in d && d.show.body).toBe('Missed video call (you were busy)');
  });

  it('says so with previews off too (no one wrote anything)', () => {
    const d = new NotificationPolicy().incoming(callLine('missed'), { ...SETTINGS, notificationPreviews: false });
    expect('show' in d && d.show.body).toBe('Missed video call');
  });

  it('an answered or declined call never notifies', () => {
    const policy = new NotificationPolicy();
    expect(policy.incoming(callLine('ended'), SETTINGS)).toEqual({ skip: 'call-not-missed' });
    expect(policy.incoming(callLine('declined'), SETTINGS)).toEqual({ skip: 'call-not-missed' });
  });

  it('not in a muted conversation, nor my own call line', () => {
    const policy = new NotificationPolicy();
    expect(policy.incoming(callLine('missed', { conversation: { ...DIRECT, muted: true } }), SETTINGS)).toEqual({ skip: 'muted' });
    expect(policy.incoming(callLine('missed', { myUserId: ALICE }), SETTINGS)).toEqual({ skip: 'own-message' });
  });
});

function call(overrides: Partial<Call> = {}): Call {
  return {
    accountId: ACCOUNT,
    callId: '900',
    conversationId: '100',
    group: false,
    direction: 'incoming',
    callerId: ALICE,
    media: 'video',
    phase: 'incoming',
    local: { audioMuted: false, videoOn: true },
    participants: [{ userId: ALICE, state: 'joined', audioMuted: false, videoOn: true }],
    startedAt: 1,
    ...overrides,
  };
}

function setup(settings: Partial<Settings> = {}) {
  const shown: NotificationRequest[] = [];
  const closed: string[] = [];
  const userName = vi.fn(async (_accountId: string, userId: string) => (userId === ALICE ? 'Alice' : undefined));
  const notifier = new Notifier({
    log: createMemoryLogger(),
    settings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
    notify: (n) => shown.push(n),
    closeNotification: (tag) => closed.push(tag),
    myUserId: () => ME,
    userName,
  });
  const updated = async (c: Call) => {
    notifier.onEvents([{ name: 'call.updated', payload: { call: c } }]);
    await notifier.idle();
  };
  const learn = (title: string, kind: 'direct' | 'group' = 'direct') => notifier.learn(ACCOUNT, { id: '100', kind, title, muted: false, request: false });
  return { notifier, shown, closed, updated, learn, userName };
}

describe('the notifier: incoming calls from call.updated', () => {
  it('a ringing call notifies once, named after the caller; it closes when the call is answered', async () => {
    const ctx = setup();
    ctx.learn('Alice');
    await ctx.updated(call());
    await ctx.updated(call({ participants: [] })); // another update while it still rings
    expect(ctx.shown.map((n) => n.title)).toEqual(['Video call from Alice']);
    expect(isCallNotification(ctx.shown[0]!) && ctx.shown[0].call).toEqual({ callId: '900', media: 'video' });
    await ctx.updated(call({ phase: 'in-call' }));
    expect(ctx.closed).toEqual([callNotificationTag(ACCOUNT, '900')]);
  });

  it('a group call names the caller (looked up) and the group', async () => {
    const ctx = setup();
    ctx.learn('Team', 'group');
    await ctx.updated(call({ group: true, media: 'audio' }));
    expect(ctx.shown.map((n) => n.title)).toEqual(['Alice is calling Team']);
    expect(ctx.userName).toHaveBeenCalledWith(ACCOUNT, ALICE);
  });

  it('closes when the call ends unanswered (cancelled, rang out)', async () => {
    const ctx = setup();
    await ctx.updated(call());
    await ctx.updated(call({ phase: 'ended', endReason: 'cancelled' }));
    expect(ctx.shown).toHaveLength(1);
    expect(ctx.closed).toEqual([callNotificationTag(ACCOUNT, '900')]);
  });

  it('never for my own outgoing call', async () => {
    const ctx = setup();
    await ctx.updated(call({ direction: 'outgoing', phase: 'ringing', callerId: ME }));
    expect(ctx.shown).toEqual([]);
  });

  it('a call that stops ringing in the same batch never notifies', async () => {
    const ctx = setup();
    ctx.notifier.onEvents([
      { name: 'call.updated', payload: { call: call() } },
      { name: 'call.updated', payload: { call: call({ phase: 'ended', endReason: 'answered-elsewhere' }) } },
    ] as ParleyEvent[]);
    await ctx.notifier.idle();
    expect(ctx.shown).toEqual([]);
  });

  it('not while a window is focused; once the user leaves the window while it still rings, it does', async () => {
    const ctx = setup();
    ctx.notifier.reportWindow(FOCUSED);
    await ctx.updated(call());
    expect(ctx.shown).toEqual([]);
    ctx.notifier.windowHidden();
    await ctx.notifier.idle();
    expect(ctx.shown.map((n) => n.tag)).toEqual([callNotificationTag(ACCOUNT, '900')]);
    ctx.notifier.reportWindow({ ...FOCUSED, focused: false });
    await ctx.notifier.idle();
    expect(ctx.shown).toHaveLength(1);
  });

  it('not during Do Not Disturb', async () => {
    const ctx = setup({ doNotDisturb: true });
    await ctx.updated(call());
    expect(ctx.shown).toEqual([]);
  });

  it('signing out closes it', async () => {
    const ctx = setup();
    await ctx.updated(call());
    ctx.notifier.onEvents([{ name: 'connection.changed', payload: { accountId: ACCOUNT, state: 'signed-out' } }] as ParleyEvent[]);
    expect(ctx.closed).toEqual([callNotificationTag(ACCOUNT, '900')]);
  });
});

describe('the notifier: a missed call line the ledger counted', () => {
  it('notifies "Missed video call" in the conversation', async () => {
    const ctx = setup();
    ctx.learn('Alice');
    const line: MessageData = {
      conversationId: '100',
      id: '5000',
      senderId: ALICE,
      kind: 'call',
      text: 'Missed video call',
      sentAt: 1,
      status: 'sent',
      call: { callId: '900', media: 'video', outcome: 'missed', callerId: ALICE },
    };
    ctx.notifier.onNewUnread(ACCOUNT, line);
    await ctx.notifier.idle();
    expect(ctx.shown.map((n) => [n.title, n.body])).toEqual([['Alice', 'Missed video call']]);
  });
});

const tempDir = tempDirsForFile();

/** Re-checks after each turn of the event loop; the awaited work is the core's own (adapter events are handled in order). */
async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setImmediate(r));
}

describe('through the whole core (fake adapter, real call registry and notifier)', () => {
  it('an invite notifies with the call (Electron: to the host); the call ending closes it', async () => {
    const factory = fakeAdapterFactory();
    const shown: NotificationRequest[] = [];
    const closed: string[] = [];
    const core = new ParleyCore({
      factories: [factory],
      sessionStore: new MemorySessionStore([]),
      dataDir: tempDir('call-notify'),
      defaultServerUrls: {},
      log: createMemoryLogger(),
      openExternal: () => undefined,
      scheduleEvents: (flush) => flush(),
      notify: (n) => shown.push(n),
      closeNotification: (tag) => closed.push(tag),
    });
    const updates: Call[] = [];
    core.onEvent((batch) => {
      for (const e of batch) if (e.name === 'call.updated') updates.push(e.payload.call);
    });
    try {
      await core.start();
      const signedIn = await core.dispatch('session.signIn', { protocol: 'netalo', serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD });
      expect(signedIn.ok).toBe(true);
      const adapter = factory.latest!;
      adapter.emit({ type: 'conversation', conversation: { ...fakeConversation('100'), title: 'Bob' } });
      adapter.emit({ type: 'call-signal', signal: { kind: 'invite', callId: '900', conversationId: '100', callerId: '2', calleeIds: [], media: 'video', group: false, startedAt: Date.now() } });
      await until(() => updates.length === 1);
      await core.notificationsSettled();
      expect(updates.map((c) => c.phase)).toEqual(['incoming']);
      expect(shown.map((n) => [n.title, isCallNotification(n) && n.call])).toEqual([['Video call from Bob', { callId: '900', media: 'video' }]]);
      adapter.emit({ type: 'call-signal', signal: { kind: 'left', callId: '900', conversationId: '100', fromUserId: '2', ended: 'finished' } });
      await until(() => updates.length === 2);
      expect(updates.at(-1)?.phase).toBe('ended');
      expect(closed).toEqual([shown[0]!.tag]);
    } finally {
      await core.stop();
    }
  });
});
