// The notification policy, rule by rule (notification-policy.ts). Each test changes one fact
// from a message that notifies, and fails if the rule it names is taken out.

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../contract/domain';
import {
  NotificationPolicy,
  notificationTag,
  type ConversationFacts,
  type Decision,
  type IncomingFacts,
  type IncomingMessage,
  type WindowReport,
} from '../notification-policy';

const ACCOUNT = 'netalo|http://127.0.0.1:7450|1';
const ME = '1';
const BOB = '2';
const DIRECT: ConversationFacts = { kind: 'direct', title: 'Bob', muted: false, request: false };
const GROUP: ConversationFacts = { kind: 'group', title: 'Climbing club', muted: false, request: false };
const SETTINGS = { ...DEFAULT_SETTINGS };

function message(overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  return { accountId: ACCOUNT, conversationId: '100', senderId: BOB, senderName: 'Bob', kind: 'text', text: 'hello', ...overrides };
}

function facts(overrides: Partial<IncomingFacts> = {}, msg: Partial<IncomingMessage> = {}): IncomingFacts {
  return { message: message(msg), myUserId: ME, conversation: DIRECT, countedAsNew: true, ...overrides };
}

function shown(d: Decision) {
  if (!('show' in d)) throw new Error(`expected a notification, skipped: ${d.skip}`);
  return d.show;
}

const looking = (conversationId = '100'): WindowReport => ({ focused: true, visible: true, openConversation: { accountId: ACCOUNT, conversationId } });

describe('when a message notifies', () => {
  it('with no window report yet (nobody looking), a counted message notifies with sender and text', () => {
    const d = new NotificationPolicy().incoming(facts(), SETTINGS);
    expect(shown(d)).toEqual({ tag: notificationTag(ACCOUNT, '100'), accountId: ACCOUNT, conversationId: '100', title: 'Bob', body: 'hello', count: 1 });
  });

  it('not while the user looks at that conversation in a focused, visible window', () => {
    const policy = new NotificationPolicy();
    policy.reportWindow(looking('100'));
    expect(policy.incoming(facts(), SETTINGS)).toEqual({ skip: 'user-is-looking' });
  });

  it('when the window is unfocused, even with the conversation open', () => {
    const policy = new NotificationPolicy();
    policy.reportWindow({ ...looking('100'), focused: false });
    expect('show' in policy.incoming(facts(), SETTINGS)).toBe(true);
  });

  it('when the window is hidden (minimised, another tab), even focused with the conversation open', () => {
    const policy = new NotificationPolicy();
    policy.reportWindow({ ...looking('100'), visible: false });
    expect('show' in policy.incoming(facts(), SETTINGS)).toBe(true);
  });

  it('when another conversation is open', () => {
    const policy = new NotificationPolicy();
    policy.reportWindow(looking('200'));
    expect('show' in policy.incoming(facts(), SETTINGS)).toBe(true);
  });

  it('when no conversation is open', () => {
    const policy = new NotificationPolicy();
    policy.reportWindow({ focused: true, visible: true, openConversation: null });
    expect('show' in policy.incoming(facts(), SETTINGS)).toBe(true);
  });

  it('when the same conversation ID is open in another account', () => {
    const policy = new NotificationPolicy();
    policy.reportWindow({ focused: true, visible: true, openConversation: { accountId: 'talker|x|1', conversationId: '100' } });
    expect('show' in policy.incoming(facts(), SETTINGS)).toBe(true);
  });

  it('the latest window report wins (several windows)', () => {
    const policy = new NotificationPolicy();
    policy.reportWindow(looking('100'));
    policy.reportWindow({ focused: false, visible: true, openConversation: null }); // the user went to another window
    expect('show' in policy.incoming(facts(), SETTINGS)).toBe(true);
    policy.reportWindow(looking('100'));
    expect(policy.incoming(facts(), SETTINGS)).toEqual({ skip: 'user-is-looking' });
  });
});

describe('what never notifies', () => {
  it('a muted conversation', () => {
    expect(new NotificationPolicy().incoming(facts({ conversation: { ...DIRECT, muted: true } }), SETTINGS)).toEqual({ skip: 'muted' });
  });

  it('a message request', () => {
    expect(new NotificationPolicy().incoming(facts({ conversation: { ...DIRECT, request: true } }), SETTINGS)).toEqual({ skip: 'message-request' });
  });

  it('anything during Do Not Disturb', () => {
    expect(new NotificationPolicy().incoming(facts(), { ...SETTINGS, doNotDisturb: true })).toEqual({ skip: 'do-not-disturb' });
  });

  it("the user's own message, sent from another session", () => {
    expect(new NotificationPolicy().incoming(facts({}, { senderId: ME }), SETTINGS)).toEqual({ skip: 'own-message' });
  });

  it('a system line ("Alice added Carol")', () => {
    expect(new NotificationPolicy().incoming(facts({}, { kind: 'system' }), SETTINGS)).toEqual({ skip: 'system-line' });
  });

  it('an edit', () => {
    expect(new NotificationPolicy().incoming(facts({}, { editedAt: 5 }), SETTINGS)).toEqual({ skip: 'edit' });
  });

  it('a deletion', () => {
    expect(new NotificationPolicy().incoming(facts({}, { deleted: true }), SETTINGS)).toEqual({ skip: 'deletion' });
  });

  it('a message the unread ledger did not count as new (history, a resync of what was read, a repeat)', () => {
    expect(new NotificationPolicy().incoming(facts({ countedAsNew: false }), SETTINGS)).toEqual({ skip: 'not-new-unread' });
  });
});

describe('what a notification says', () => {
  it('direct: the sender as title, the text as body', () => {
    expect(shown(new NotificationPolicy().incoming(facts(), SETTINGS))).toMatchObject({ title: 'Bob', body: 'hello' });
  });

  it('group: the group as title, "Bob: text" as body', () => {
    const d = new NotificationPolicy().incoming(facts({ conversation: GROUP }), SETTINGS);
    expect(shown(d)).toMatchObject({ title: 'Climbing club', body: 'Bob: hello' });
  });

  it('previews off: who wrote, and "New message" instead of the text', () => {
    const policy = new NotificationPolicy();
    const off = { ...SETTINGS, notificationPreviews: false };
    expect(shown(policy.incoming(facts(), off))).toMatchObject({ title: 'Bob', body: 'New message' });
    const group = shown(new NotificationPolicy().incoming(facts({ conversation: GROUP }), off));
    expect(group).toMatchObject({ title: 'Climbing club', body: 'New message' });
    expect(JSON.stringify(group)).not.toContain('hello');
  });

  it('an attachment with no text says so; a long text is shortened to one line', () => {
    expect(shown(new NotificationPolicy().incoming(facts({}, { text: '', attachmentCount: 1 }), SETTINGS)).body).toBe('Attachment');
    const long = shown(new NotificationPolicy().incoming(facts({}, { text: `line one\n${'x'.repeat(500)}` }), SETTINGS)).body;
    expect(long.length).toBeLessThanOrEqual(240);
    expect(long.startsWith('line one x')).toBe(true);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('bursts, reads and opens', () => {
  it('a burst from one conversation is one tag whose count grows: "3 new messages"', () => {
    const policy = new NotificationPolicy();
    const tags = new Set<string>();
    let last;
    for (const text of ['one', 'two', 'three']) {
      last = shown(policy.incoming(facts({}, { text }), SETTINGS));
      tags.add(last.tag);
    }
    expect(tags.size).toBe(1);
    expect(last).toMatchObject({ count: 3, title: 'Bob', body: '3 new messages\nthree' });
    const hidden = shown(policy.incoming(facts({}, { text: 'four' }), { ...SETTINGS, notificationPreviews: false }));
    expect(hidden).toMatchObject({ count: 4, body: '4 new messages' });
  });

  it('two conversations are two notifications, each with its own count', () => {
    const policy = new NotificationPolicy();
    shown(policy.incoming(facts(), SETTINGS));
    const other = shown(policy.incoming(facts({}, { conversationId: '200' }), SETTINGS));
    expect(other.count).toBe(1);
    expect(other.tag).not.toBe(notificationTag(ACCOUNT, '100'));
  });

  it('reading the conversation closes its notification and the next message counts from one', () => {
    const policy = new NotificationPolicy();
    shown(policy.incoming(facts(), SETTINGS));
    shown(policy.incoming(facts(), SETTINGS));
    expect(policy.reset(ACCOUNT, '100')).toBe(notificationTag(ACCOUNT, '100'));
    expect(policy.reset(ACCOUNT, '100')).toBeNull(); // nothing up any more
    expect(shown(policy.incoming(facts(), SETTINGS)).count).toBe(1);
  });

  it('opening the conversation in a focused, visible window closes its notification and resets the count', () => {
    const policy = new NotificationPolicy();
    shown(policy.incoming(facts(), SETTINGS));
    expect(policy.reportWindow({ ...looking('100'), focused: false })).toEqual([]); // open but not looked at
    expect(policy.reportWindow(looking('100'))).toEqual([notificationTag(ACCOUNT, '100')]);
    policy.reportWindow(looking('200'));
    expect(shown(policy.incoming(facts(), SETTINGS)).count).toBe(1);
  });

  it("signing out closes every notification of that account, not another account's", () => {
    const policy = new NotificationPolicy();
    shown(policy.incoming(facts(), SETTINGS));
    shown(policy.incoming(facts({}, { accountId: `${ACCOUNT}0` }), SETTINGS));
    expect(policy.resetAccount(ACCOUNT)).toEqual([notificationTag(ACCOUNT, '100')]);
    expect(policy.resetAccount(`${ACCOUNT}0`)).toEqual([notificationTag(`${ACCOUNT}0`, '100')]);
  });
});

describe('a nudge (Mingdao shake)', () => {
  const nudge = { kind: 'nudge' as const, text: '' };

  it('from someone else notifies like a message: "Bob nudged you", previews on or off, in a group too', () => {
    expect(shown(new NotificationPolicy().incoming(facts({}, nudge), SETTINGS))).toMatchObject({ title: 'Bob', body: 'Bob nudged you', count: 1 });
    expect(shown(new NotificationPolicy().incoming(facts({}, nudge), { ...SETTINGS, notificationPreviews: false })).body).toBe('Bob nudged you');
    expect(shown(new NotificationPolicy().incoming(facts({ conversation: GROUP }, nudge), SETTINGS))).toMatchObject({ title: 'Climbing club', body: 'Bob nudged you' });
  });

  it('by the same rules as a message: not my own, not while muted or looking', () => {
    expect(new NotificationPolicy().incoming(facts({}, { ...nudge, senderId: ME }), SETTINGS)).toEqual({ skip: 'own-message' });
    expect(new NotificationPolicy().incoming(facts({ conversation: { ...DIRECT, muted: true } }, nudge), SETTINGS)).toEqual({ skip: 'muted' });
    const policy = new NotificationPolicy();
    policy.reportWindow(looking('100'));
    expect(policy.incoming(facts({}, nudge), SETTINGS)).toEqual({ skip: 'user-is-looking' });
  });
});
