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

describe('system messages (type 10)', () => {
  const system = (attachments: unknown, text = 'Alice added Carol') =>
    mapMessage(messageSchema.parse({ ...message, type: 10, nonce: '', message: text, sender_uin: PEER, attachments }));

  it('maps each action the server sends, with actor, users and name', () => {
    const json = (action: string, extra: object = {}) => JSON.stringify({ system: { action, actor: PEER, ...extra } });
    expect(system(json('added', { uins: [OTHER, ME] }))).toEqual({
      conversationId: '1152921504606847000',
      id: '1152921504606847100',
      senderId: PEER,
      kind: 'system',
      text: 'Alice added Carol',
      sentAt: 1_700_000_100_000,
      status: 'sent',
      system: { action: 'members-added', actorId: PEER, userIds: [OTHER, ME] },
    });
    const cases: Array<[string, object, object]> = [
      ['created', { name: 'Trio' }, { action: 'created', title: 'Trio' }],
      ['renamed', { name: 'Quartet' }, { action: 'renamed', title: 'Quartet' }],
      ['avatar', {}, { action: 'avatar-changed' }],
      ['removed', { uins: [OTHER] }, { action: 'member-removed', userIds: [OTHER] }],
      ['left', {}, { action: 'member-left' }],
      ['owner', { uins: [OTHER] }, { action: 'owner-changed', userIds: [OTHER] }],
      ['exploded', {}, { action: 'other' }],
    ];
    for (const [action, extra, expected] of cases) {
      expect(system(json(action, extra)).system, action).toEqual({ actorId: PEER, ...expected });
    }
    // The document's spelling, and a big actor ID as a bare number, kept exact.
    const doc = mapMessage(messageSchema.parse({ ...message, type: 10, attactments: `{"system":{"action":"left","actor":${OTHER}}}` }));
    expect(doc.system).toEqual({ action: 'member-left', actorId: OTHER });
  });

  it('never throws on malformed attachments: a system line with the server\'s text, action other', () => {
    for (const bad of ['{not json', '', '[]', '{"system":5}', '{"system":{"actor":"x"}}', '{"other":{}}', null, undefined]) {
      const m = system(bad, 'Something happened');
      expect(m, String(bad)).toMatchObject({ kind: 'system', text: 'Something happened', system: { action: 'other', actorId: PEER } });
    }
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
      blockedUserIds: [],
      memberReceipts: [],
    });
  });

  it('maps owner, type, request, blocks, my mute and pin, and the members\' receipts (mine left out)', () => {
    const THIRD = '1152921504606846990';
    const g = groupSchema.parse({
      ...base,
      type: 3,
      name: 'Open house',
      owner_uin: OTHER,
      occupants_uins: [ME, PEER, OTHER, THIRD],
      unread_cnt: 2,
      muted_uins: [ME],
      pinned_uins: [ME],
      blocked_uins: [THIRD],
      accepted: false,
      received_list: [
        { uin: PEER, message_id: '1152921504606847105' },
        { uin: ME, message_id: '1152921504606847109' },
        { uin: OTHER, message_id: 1152921504 }, // a number where it is safe
      ],
      seen_list: [
        { uin: PEER, message_id: '1152921504606847101' },
        { uin: ME, message_id: '1152921504606847109' },
        // Seen without a received entry: seen implies received.
        { uin: THIRD, message_id: '1152921504606847102' },
      ],
    });
    expect(mapGroup(g, ME, names)).toMatchObject({
      kind: 'group',
      title: 'Open house',
      ownerId: OTHER,
      groupType: 'public',
      request: true,
      blockedUserIds: [THIRD],
      muted: true,
      pinned: true,
      unreadCount: 2,
      memberReceipts: [
        { userId: PEER, deliveredUpTo: '1152921504606847105', readUpTo: '1152921504606847101' },
        { userId: OTHER, deliveredUpTo: '1152921504' },
        { userId: THIRD, deliveredUpTo: '1152921504606847102', readUpTo: '1152921504606847102' },
      ],
    });
    const types = [1, 2, 3].map((type) => mapGroup(groupSchema.parse({ ...base, type, occupants_uins: [ME, PEER, OTHER] }), ME, names).groupType);
    expect(types).toEqual(['private', 'community', 'public']);
    // Someone else's mute or pin is not mine; a server without `accepted` has no requests; a direct conversation has no group type.
    const direct = mapGroup(groupSchema.parse({ ...base, type: 1, occupants_uins: [ME, PEER], muted_uins: [PEER], pinned_uins: [PEER] }), ME, names);
    expect(direct).toMatchObject({ kind: 'direct', muted: false, pinned: false });
    expect(direct.request).toBeUndefined();
    expect(direct.groupType).toBeUndefined();
    expect(mapGroup(groupSchema.parse({ ...base, type: 2, occupants_uins: [ME, PEER], accepted: true }), ME, names).request).toBeUndefined();
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
