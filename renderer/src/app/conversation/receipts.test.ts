// My messages' delivered / seen state from the members' marks, never stored per message.
import { describe, expect, it } from 'vitest';
import type { Conversation, MemberReceipt } from '../../contract';
import { receiptIndex, shownStatus } from './receipts';

// Above 2^53 (9007199254740992): as numbers, these would collapse into one another.
const M1 = '9007199254740993';
const M2 = '9007199254740995';
const M3 = '9007199254740997'; // the same double as M2
const M4 = '10000000000000000001';

type Shape = Pick<Conversation, 'kind' | 'memberIds' | 'peerId' | 'memberReceipts'>;
const direct = (memberReceipts?: MemberReceipt[]): Shape => ({ kind: 'direct', memberIds: ['me', 'bob'], peerId: 'bob', ...(memberReceipts ? { memberReceipts } : {}) });
const group = (memberIds: string[], memberReceipts: MemberReceipt[]): Shape => ({ kind: 'group', memberIds, memberReceipts });

describe('receipts from member marks', () => {
  it('is null where the protocol reports no marks: each message keeps its own status (talker)', () => {
    expect(receiptIndex(direct(), 'me')).toBeNull();
    expect(shownStatus('delivered', undefined)).toBe('delivered');
  });

  it('direct: seen up to the peer’s read mark, delivered up to the received mark, compared exactly above 2^53', () => {
    expect(Number(M2)).toBe(Number(M3)); // through a number, M3 would look seen as soon as M2 is
    const index = receiptIndex(direct([{ userId: 'bob', deliveredUpTo: M3, readUpTo: M2 }]), 'me')!;
    expect(index.of(M1).status).toBe('read');
    expect(index.of(M2).status).toBe('read');
    expect(index.of(M3).status).toBe('delivered');
    expect(index.of(M4).status).toBe('sent');
  });

  it('direct: a seen mark counts as received even when the received mark lags (or is absent)', () => {
    expect(receiptIndex(direct([{ userId: 'bob', readUpTo: M2 }]), 'me')!.of(M2).status).toBe('read');
    expect(receiptIndex(direct([{ userId: 'bob', deliveredUpTo: M1, readUpTo: M3 }]), 'me')!.of(M2).status).toBe('read');
    // My own marks never count for my messages.
    expect(receiptIndex(direct([{ userId: 'me', readUpTo: M4 }]), 'me')!.of(M1).status).toBe('sent');
  });

  it('group: seen by the members (not me) whose read mark reaches the message; read and delivered need everyone', () => {
    const c = group(['me', 'bob', 'carol', 'dan'], [
      { userId: 'me', readUpTo: M4 },
      { userId: 'bob', deliveredUpTo: M4, readUpTo: M3 },
      { userId: 'carol', deliveredUpTo: M3, readUpTo: M1 },
      { userId: 'dan', deliveredUpTo: M2 },
      { userId: 'gone', readUpTo: M4 }, // no longer a member: does not count
    ]);
    const index = receiptIndex(c, 'me')!;
    expect(index.of(M1)).toEqual({ status: 'delivered', seenBy: ['carol', 'bob'] });
    expect(index.of(M2)).toEqual({ status: 'delivered', seenBy: ['bob'] });
    expect(index.of(M3)).toEqual({ status: 'sent', seenBy: ['bob'] });
    expect(index.of(M4)).toEqual({ status: 'sent', seenBy: [] });
    const allSeen = receiptIndex(group(['me', 'bob', 'carol'], [{ userId: 'bob', readUpTo: M4 }, { userId: 'carol', readUpTo: M3 }]), 'me')!;
    expect(allSeen.of(M3)).toEqual({ status: 'read', seenBy: ['carol', 'bob'] });
  });

  it('a large group: 5,000 members answered per message from marks sorted once, matching a plain scan', () => {
    const memberIds = ['me', ...Array.from({ length: 5_000 }, (_, i) => `u${i}`)];
    const base = 9007199254740993n;
    const receipts = memberIds.slice(1).map((userId, i) => ({ userId, readUpTo: String(base + BigInt((i * 7919) % 5_000)) }));
    const index = receiptIndex(group(memberIds, receipts), 'me')!;
    for (const offset of [0n, 1n, 2_500n, 4_999n, 5_000n]) {
      const id = String(base + offset);
      const scan = receipts.filter((r) => BigInt(r.readUpTo) >= BigInt(id)).length;
      expect(index.of(id).seenBy).toHaveLength(scan);
    }
  });

  it('shows the higher of the message’s own status and the computed one, never for a message not yet sent', () => {
    const seen = { status: 'read' as const, seenBy: [] };
    const none = { status: 'sent' as const, seenBy: [] };
    expect(shownStatus('sent', seen)).toBe('read');
    expect(shownStatus('delivered', none)).toBe('delivered');
    expect(shownStatus('sending', seen)).toBe('sending');
    expect(shownStatus('queued', seen)).toBe('queued');
    expect(shownStatus('failed', seen)).toBe('failed');
  });
});
