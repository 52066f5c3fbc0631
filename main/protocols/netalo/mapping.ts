// Netalo objects (already validated by schemas.ts) → Parley's domain model. Pure functions:
// name lookups happen in the adapter, which passes what it knows in.

import type { Id, MessagePreview, User } from '../../../contract/domain';
import type { ConversationData, MessageData } from '../../core/adapter';
import type { NetaloGroup, NetaloMessage, NetaloUser } from './schemas';

/** Netalo group types (document: Create Group). */
export const GROUP_PRIVATE = 1;
/** Netalo message type for plain text (document: Create Message example). */
export const MESSAGE_TEXT = 1;

/**
 * Any Netalo timestamp → ms since epoch. The document leaves units open and real servers
 * mix them (a group's times in seconds, a message's in microseconds), so the magnitude
 * decides: for any date between 1973 and 5138 seconds, ms and µs never overlap.
 */
export function toMs(t: number): number {
  if (t >= 1e14) return Math.floor(t / 1000); // µs
  if (t >= 1e11) return Math.floor(t); // ms
  return Math.floor(t * 1000); // s
}

export function mapUser(u: NetaloUser): User {
  return { id: u.uin, username: u.username, displayName: u.display_name || u.username };
}

export function mapMessage(m: NetaloMessage): MessageData {
  const isText = m.type === MESSAGE_TEXT;
  return {
    conversationId: m.group_id,
    id: m.message_id,
    ...(m.nonce ? { nonce: m.nonce } : {}),
    senderId: m.sender_uin,
    // Other types (attachments, stickers, ...) are not rendered yet: say so rather than
    // show an empty bubble or drop the message.
    kind: isText ? 'text' : 'system',
    text: m.deleted ? '' : isText ? m.message : `Unsupported message (type ${m.type})`,
    sentAt: toMs(m.created_at),
    status: 'sent',
    ...(m.edited_at ? { editedAt: toMs(m.edited_at) } : {}),
    ...(m.deleted ? { deleted: true } : {}),
  };
}

/** Where this version of the message stands in its conversation's change feed (server/PROTOCOL.md). */
export function changePosition(m: NetaloMessage): string {
  return m.change_id ?? m.message_id;
}

function preview(m: NetaloMessage): MessagePreview {
  const mapped = mapMessage(m);
  return { messageId: m.message_id, senderId: m.sender_uin, text: mapped.text, sentAt: mapped.sentAt };
}

/** The other member when `g` is a 1:1 conversation (private, exactly two occupants incl. me). */
export function directPeer(g: NetaloGroup, me: Id): Id | undefined {
  if (g.type !== GROUP_PRIVATE || g.occupants_uins.length !== 2) return undefined;
  const [a, b] = g.occupants_uins as [Id, Id];
  if (a === me && b !== me) return b;
  if (b === me && a !== me) return a;
  return undefined;
}

/**
 * @param displayName the peer's display name from the users lookup, when it succeeded.
 */
export function mapGroup(g: NetaloGroup, me: Id, displayName: (id: Id) => string | undefined): ConversationData {
  const peerId = directPeer(g, me);
  const createdAt = toMs(g.created_at);
  const last = g.last_message ?? undefined;
  return {
    id: g.group_id,
    kind: peerId ? 'direct' : 'group',
    title: peerId ? peerTitle(g, peerId, displayName) : g.name || 'Unnamed group',
    memberIds: [...g.occupants_uins],
    ...(peerId ? { peerId } : {}),
    ...(g.avatar_url ? { avatarUrl: g.avatar_url } : {}),
    createdAt,
    lastActivityAt: last ? toMs(last.created_at) : g.updated_at ? toMs(g.updated_at) : createdAt,
    ...(last ? { lastMessage: preview(last) } : {}),
    unreadCount: g.unread_cnt ?? 0,
    muted: g.muted_uins?.includes(me) ?? false,
    pinned: g.pinned_uins?.includes(me) ?? false,
  };
}

function peerTitle(g: NetaloGroup, peerId: Id, displayName: (id: Id) => string | undefined): string {
  const known = displayName(peerId);
  if (known) return known;
  // Lookup failed: the name the peer last sent under is the best we have.
  const last = g.last_message;
  if (last && last.sender_uin === peerId && last.sender_name) return last.sender_name;
  return 'Unknown user';
}
