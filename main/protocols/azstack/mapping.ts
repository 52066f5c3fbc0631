// AZStack's objects as Parley's. IDs: a conversation is (chatType, chatId), written `u:<userId>`
// for 1:1 and `g:<groupId>` for a group; a message is keyed by (sender, msgId), since msgIds are
// only unique per client (notes, Identity): `<senderId>:<msgId>`. User IDs are the decimal
// userId from 162 / 164.

import type { Id, MessageStatus, SystemEvent } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { MessageData } from '../../core/adapter';
import { CHAT_GROUP, CHAT_USER, S, STATUS_DELIVERED, STATUS_SEEN, type HistoryItem } from './wire';

export interface Chat {
  type: typeof CHAT_USER | typeof CHAT_GROUP;
  chatId: number;
}

export function conversationIdOf(chat: Chat): Id {
  return `${chat.type === CHAT_GROUP ? 'g' : 'u'}:${chat.chatId}`;
}

export function chatOf(conversationId: Id): Chat {
  const match = /^([ug]):(\d{1,15})$/.exec(conversationId);
  const chatId = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(chatId)) throw new ParleyError('invalid-argument', `"${conversationId}" is not an AZStack conversation`);
  return { type: match[1] === 'g' ? CHAT_GROUP : CHAT_USER, chatId };
}

export function messageIdOf(senderId: number, msgId: number): Id {
  return `${senderId}:${msgId}`;
}

export function parseMessageId(id: Id): { senderId: number; msgId: number } {
  const match = /^(\d{1,15}):(\d{1,15})$/.exec(id);
  if (!match) throw new ParleyError('invalid-argument', `"${id}" is not an AZStack message`);
  return { senderId: Number(match[1]), msgId: Number(match[2]) };
}

export function userIdOf(id: Id): number {
  const n = Number(id);
  if (!/^\d{1,15}$/.test(id) || !Number.isSafeInteger(n)) throw new ParleyError('invalid-argument', `"${id}" is not an AZStack user`);
  return n;
}

/** What a message that Parley cannot show in full says (stickers, files, locations by URL). */
export function mediaText(service: number | undefined, body: Record<string, unknown>): string | undefined {
  if (service === S.sticker || (service === S.groupMessageIn && body.imgName !== undefined)) return '[Sticker]';
  if (service === S.file || (service === S.groupMessageIn && body.fileName !== undefined)) {
    return typeof body.fileName === 'string' ? `[File: ${body.fileName.slice(0, 200)}]` : '[File]';
  }
  if (service === S.location || (service === S.groupMessageIn && body.addr !== undefined)) return '[Location]';
  return undefined;
}

function ownStatus(status: number | undefined): MessageStatus {
  if (status === STATUS_SEEN) return 'read';
  if (status === STATUS_DELIVERED) return 'delivered';
  return 'sent';
}

/** A group event stored in history (serviceType 143–197) as a timeline line. */
function systemOf(item: HistoryItem): SystemEvent {
  const extra = item as Record<string, unknown>;
  const actorId = String(item.senderId);
  const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number').map(String) : undefined);
  switch (item.serviceType) {
    case S.groupCreated:
      return { action: 'created', actorId, ...(typeof extra.name === 'string' ? { title: extra.name } : {}) };
    case S.invited:
      return { action: 'members-added', actorId, ...(ids(extra.invited) ? { userIds: ids(extra.invited)! } : {}) };
    case S.left: {
      const leaver = typeof extra.leaveUser === 'number' ? String(extra.leaveUser) : actorId;
      return leaver === actorId ? { action: 'member-left', actorId } : { action: 'member-removed', actorId, userIds: [leaver] };
    }
    case S.renamed:
      return { action: 'renamed', actorId, ...(typeof extra.name === 'string' ? { title: extra.name } : {}) };
    case S.adminChanged:
      return { action: 'owner-changed', actorId, ...(typeof extra.newAdmin === 'number' ? { userIds: [String(extra.newAdmin)] } : {}) };
    default:
      return { action: 'other', actorId };
  }
}

const GROUP_EVENTS = new Set<number>([S.groupCreated, S.invited, S.left, S.renamed, S.adminChanged, S.joinPublic]);

/** A history row (169 / 173) of the conversation `chat`, seen by `me`. */
export function historyMessage(chat: Chat, item: HistoryItem, me: number, now: number): MessageData {
  const conversationId = conversationIdOf(chat);
  const own = item.senderId === me;
  const base = {
    conversationId,
    id: messageIdOf(item.senderId, item.msgId),
    senderId: String(item.senderId),
    sentAt: item.created ?? item.modified ?? now,
    status: own ? ownStatus(item.status) : ('sent' as const),
  };
  if (item.deleted === 1 || item.deleted === true) return { ...base, kind: 'text', text: '', deleted: true };
  if (item.serviceType !== undefined && GROUP_EVENTS.has(item.serviceType)) return { ...base, kind: 'system', text: '', system: systemOf(item) };
  const text = typeof item.msg === 'string' && item.msg !== '' ? item.msg : mediaText(item.serviceType, item as Record<string, unknown>) ?? '';
  return { ...base, kind: 'text', text };
}
