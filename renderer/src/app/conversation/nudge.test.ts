// Nudges (Mingdao's "shake"): worded from my side in the timeline and the list, a line that
// breaks senders' runs, and the view's shake: only for a nudge that just arrived from
// someone else, at most once every 10 s.
import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../contract';
import { withLatestMessage } from '../../db/merge';
import { conversationActions } from './conversation-actions';
import { NudgeShake, SHAKE_INTERVAL_MS, type ThreadView } from './nudge-shake';
import { nudgeText } from './nudge-text';
import { layoutThread } from './thread-layout';
import { CAPABILITIES } from '../../testing/harness';

const ME = 'me';
const names: Record<string, string> = { bob: 'Bob', carol: 'Carol', me: 'Alice' };
const nameOf = (id: string) => names[id] ?? null;
const direct = { kind: 'direct' as const, peerId: 'bob', title: 'Bob Stone' };
const group = { kind: 'group' as const, title: 'Team' };

describe('a nudge’s words', () => {
  it('says who nudged whom, from my side', () => {
    expect(nudgeText({ senderId: 'bob' }, direct, nameOf, ME)).toBe('Bob nudged you');
    expect(nudgeText({ senderId: ME }, direct, nameOf, ME)).toBe('You nudged Bob');
    expect(nudgeText({ senderId: 'carol' }, group, nameOf, ME)).toBe('Carol nudged the group');
    expect(nudgeText({ senderId: ME }, group, nameOf, ME)).toBe('You nudged the group');
  });

  it('falls back to the conversation’s title, or “Someone”, while names are unknown', () => {
    expect(nudgeText({ senderId: 'bob' }, direct, () => null, ME)).toBe('Bob Stone nudged you');
    expect(nudgeText({ senderId: ME }, direct, () => null, ME)).toBe('You nudged Bob Stone');
    expect(nudgeText({ senderId: 'zed' }, group, () => null, ME)).toBe('Someone nudged the group');
  });

  it('marks the list’s preview as a nudge, so it is never “You: …”', () => {
    const c: Conversation = { accountId: 'a', id: '1', kind: 'direct', title: 'Bob', memberIds: [ME, 'bob'], peerId: 'bob', createdAt: 0, lastActivityAt: 0, unreadCount: 0, muted: false, pinned: false };
    const nudge: Message = { accountId: 'a', conversationId: '1', id: '7', senderId: ME, kind: 'nudge', text: '', sentAt: 10, status: 'sent' };
    expect(withLatestMessage(c, nudge)?.lastMessage).toMatchObject({ kind: 'nudge', senderId: ME });
    const text: Message = { ...nudge, id: '8', kind: 'text', text: 'hi', sentAt: 20 };
    expect(withLatestMessage(c, text)?.lastMessage?.kind).toBeUndefined();
  });

  it('is a line in the timeline: it names no sender and breaks a run', () => {
    const t0 = new Date(2025, 2, 4, 10, 0).getTime();
    const rows = [
      { senderId: 'bob', sentAt: t0, kind: 'text' as const },
      { senderId: 'bob', sentAt: t0 + 1000, kind: 'nudge' as const },
      { senderId: 'bob', sentAt: t0 + 2000, kind: 'text' as const },
    ];
    expect(layoutThread(rows, 'group', ME).map((l) => [l.showSender, l.grouped])).toEqual([
      [true, false],
      [false, false],
      [true, false],
    ]);
  });

  it('is offered only where the protocol can nudge', () => {
    expect(conversationActions({ kind: 'direct', peerId: 'bob' }, CAPABILITIES, ME).nudge).toBe(false);
    expect(conversationActions({ kind: 'direct', peerId: 'bob' }, { ...CAPABILITIES, nudge: true }, ME).nudge).toBe(true);
  });
});

describe('the view’s shake', () => {
  const NOW = 1_000_000;
  const rows: Record<string, Pick<Message, 'senderId' | 'kind' | 'sentAt'>> = {};
  const thread = (...keys: string[]): ThreadView => ({ keys, byKey: rows });
  rows.a = { senderId: 'bob', kind: 'text', sentAt: NOW - 5000 };
  rows.n0 = { senderId: 'bob', kind: 'nudge', sentAt: NOW - 4000 };
  rows.n1 = { senderId: 'bob', kind: 'nudge', sentAt: NOW };
  rows.mine = { senderId: ME, kind: 'nudge', sentAt: NOW };
  rows.n2 = { senderId: 'carol', kind: 'nudge', sentAt: NOW + 3000 };
  rows.n3 = { senderId: 'bob', kind: 'nudge', sentAt: NOW + 11_000 };
  rows.old = { senderId: 'bob', kind: 'nudge', sentAt: NOW - 3_600_000 };
  rows.b = { senderId: 'bob', kind: 'text', sentAt: NOW + 12_000 };

  it('does not shake for what was there when the conversation opened', () => {
    const s = new NudgeShake();
    expect(s.update(thread('a', 'n0'), ME, NOW)).toBe(false);
    expect(s.update(thread('a', 'n0'), ME, NOW + 10)).toBe(false);
  });

  it('shakes once for a nudge from someone else that just arrived; never for my own or a text', () => {
    const s = new NudgeShake();
    s.update(thread('a'), ME, NOW);
    expect(s.update(thread('a', 'mine'), ME, NOW)).toBe(false);
    expect(s.update(thread('a', 'mine', 'n1'), ME, NOW)).toBe(true);
    // The same thread again (a re-render, a read mark): no second shake.
    expect(s.update(thread('a', 'mine', 'n1'), ME, NOW + SHAKE_INTERVAL_MS + 1)).toBe(false);
  });

  it('shakes at most once every 10 s, however many nudges come', () => {
    const s = new NudgeShake();
    s.update(thread('a'), ME, NOW);
    expect(s.update(thread('a', 'n1'), ME, NOW)).toBe(true);
    expect(s.update(thread('a', 'n1', 'n2'), ME, NOW + 3000)).toBe(false);
    expect(s.update(thread('a', 'n1', 'n2', 'n3'), ME, NOW + 11_000)).toBe(true);
  });

  it('does not shake for an old nudge that a history page or a jump brought in', () => {
    const s = new NudgeShake();
    s.update(thread('a', 'b'), ME, NOW);
    // An older page arrives above: nothing after the newest row is new.
    expect(s.update(thread('old', 'n0', 'a', 'b'), ME, NOW)).toBe(false);
    // The window was replaced (its newest row is gone): nothing is known to be new.
    expect(s.update(thread('n1', 'n2'), ME, NOW + 3000)).toBe(false);
    // A nudge that is old by its own time is history, even at the bottom.
    const t = new NudgeShake();
    t.update(thread('a'), ME, NOW);
    expect(t.update(thread('a', 'old'), ME, NOW)).toBe(false);
  });
});
