// Netalo objects → domain objects, and the ID rules of the schemas.

import { describe, expect, it } from 'vitest';
import { mapGroup, mapMessage, toMs } from '../mapping';
import { groupSchema, idSchema, messageSchema } from '../schemas';

const ME = '1152921504606846977';
const PEER = '1152921504606846978';
const OTHER = '1152921504606846979';

const message = messageSchema.parse({
  message_id: '1152921504606847100',
  group_id: '1152921504606847000',
  type: 1,
  message: 'hi',
  sender_uin: PEER,
  sender_name: 'Bob',
  nonce: 'n1',
  created_at: 1_700_000_100_000_000,
});

describe('idSchema', () => {
  it('keeps decimal strings, turns safe numbers into strings, rejects unsafe numbers and non-IDs', () => {
    expect(idSchema.parse('273644758776201233')).toBe('273644758776201233');
    expect(idSchema.parse(42)).toBe('42');
    expect(idSchema.safeParse(2 ** 60).success).toBe(false); // precision already lost
    expect(idSchema.safeParse(Number.MAX_SAFE_INTEGER + 1).success).toBe(false);
    for (const bad of ['abc', '-1', '', '1.5', -1, 1.5, null, true, '1'.repeat(21)]) {
      expect(idSchema.safeParse(bad).success, String(bad)).toBe(false);
    }
  });
});

describe('toMs', () => {
  it('tells seconds, ms and µs apart by magnitude', () => {
    expect(toMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(toMs(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(toMs(1_700_000_000_123_456)).toBe(1_700_000_000_123);
  });
});

describe('mapMessage', () => {
  it('maps a text message with string IDs and µs → ms', () => {
    expect(mapMessage(message)).toEqual({
      conversationId: '1152921504606847000',
      id: '1152921504606847100',
      nonce: 'n1',
      senderId: PEER,
      kind: 'text',
      text: 'hi',
      sentAt: 1_700_000_100_000,
      status: 'sent',
    });
  });

  it('shows a non-text message as a system line instead of dropping it', () => {
    const m = mapMessage({ ...message, type: 3, message: '' });
    expect(m).toMatchObject({ kind: 'system', text: 'Unsupported message (type 3)' });
  });
});

describe('mapGroup', () => {
  const base = { group_id: '1152921504606847000', name: '', created_at: 1_700_000_000 };
  const names = (id: string) => (id === PEER ? 'Bob Builder' : undefined);

  it('a private group of two including me is a direct conversation titled with the peer', () => {
    const g = groupSchema.parse({
      ...base,
      type: 1,
      occupants_uins: [ME, PEER],
      updated_at: 1_700_000_050,
      last_message: message,
      unread_cnt: 3,
      muted_uins: [ME],
      pinned_uins: [PEER],
    });
    expect(mapGroup(g, ME, names)).toEqual({
      id: '1152921504606847000',
      kind: 'direct',
      title: 'Bob Builder',
      memberIds: [ME, PEER],
      peerId: PEER,
      createdAt: 1_700_000_000_000,
      lastActivityAt: 1_700_000_100_000, // the last message, not updated_at
      lastMessage: { messageId: '1152921504606847100', senderId: PEER, text: 'hi', sentAt: 1_700_000_100_000 },
      unreadCount: 3,
      muted: true,
      pinned: false,
    });
  });

  it('anything else is a group titled with its name; activity falls back to updated_at, then created_at', () => {
    const three = groupSchema.parse({ ...base, type: 1, name: 'Trio', occupants_uins: [ME, PEER, OTHER], updated_at: 1_700_000_050 });
    expect(mapGroup(three, ME, names)).toMatchObject({ kind: 'group', title: 'Trio', lastActivityAt: 1_700_000_050_000 });
    expect(mapGroup(three, ME, names).peerId).toBeUndefined();
    const community = groupSchema.parse({ ...base, type: 2, occupants_uins: [ME, PEER] });
    expect(mapGroup(community, ME, names)).toMatchObject({ kind: 'group', title: 'Unnamed group', lastActivityAt: 1_700_000_000_000 });
  });

  it("accepts the document's `occupants_uin` spelling", () => {
    const g = groupSchema.parse({ ...base, type: 1, occupants_uin: [ME, 42] });
    expect(g.occupants_uins).toEqual([ME, '42']);
  });
});
