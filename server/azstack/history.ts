// Conversations (170, 171) and history (173 unread, 169 "modified": older pages), as the
// SDK's conversation and message handlers read them (protocol notes, AZStack, Features):
// pages 1, 2, … until `done` is 1; every item carries the fields the SDK reads unchecked
// (`list`, `lastMsg`) and the kind's own fields under the names the SDK reads for it.

import { bodies } from './bodies';
import { reply } from './connections';
import { chatTypeField, numberField, service, type Me, type Service, type ServiceDeps } from './service';
import { CHAT_GROUP, CHAT_USER, type StoredMessage } from './store';
import { S } from './wire';

export const CONVERSATION_PAGE = 20;
export const UNREAD_PAGE = 50;
export const HISTORY_PAGE = 20;
/** Pages past this are answered empty and done: a client cannot make the front count forever. */
const MAX_PAGE = 10_000;
/**
 * `lastCreated` is the client's clock (the SDK sends Date.now()): a device whose clock is
 * behind the server's must still see what just arrived, so the front allows this much.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** A stored message as a history item (173/169). */
export function historyItem(m: StoredMessage): Record<string, unknown> {
  return {
    ...m.fields,
    senderId: m.sender,
    receiverId: m.receiver,
    msgId: m.msgId,
    status: m.status,
    deleted: 0,
    created: m.created,
    modified: m.modified,
    serviceType: m.serviceType,
  };
}

/** A conversation's `lastMsg`: the fields of its kind under the conversation handler's names. */
export function lastMsg(m: StoredMessage): Record<string, unknown> {
  const f = m.fields;
  return {
    ...f,
    sender: m.sender,
    msgId: m.msgId,
    status: m.status,
    created: m.created,
    serviceType: m.serviceType,
    msg: typeof f.msg === 'string' ? f.msg : '',
    msgType: 1,
    // The conversation handler's names for group events (conversation.js).
    ...(m.serviceType === S.GROUP_INVITED ? { invitedMembers: f.invited } : {}),
    ...(m.serviceType === S.GROUP_RENAMED ? { newGroupName: f.name } : {}),
  };
}

export function historyServices(deps: ServiceDeps): Record<number, Service<never>> {
  const { store, groups, clock } = deps;

  const page = (p: number | undefined) => Math.min(Math.max(p ?? 1, 1), MAX_PAGE);

  /** May `me` read this conversation? A 1:1 with any user; a group they are in. */
  const readable = (me: Me, type: number, chatId: number) =>
    type === CHAT_USER ? store.user(chatId) !== null : groups.isMember(chatId, me.userId);

  const services = {
    [S.CONVERSATIONS]: service(
      bodies.conversations,
      (me, b) => {
        const p = page(b.page);
        const until = (b.lastCreated || clock()) + CLOCK_SKEW_MS;
        const chats: Array<{ type: number; chatId: number; last: StoredMessage }> = [];
        for (const peer of store.peers(me.userId)) {
          const last = store.lastVisible(me.userId, CHAT_USER, peer);
          if (last) chats.push({ type: CHAT_USER, chatId: peer, last });
        }
        for (const group of groups.ofUser(me.userId)) {
          const last = store.lastVisible(me.userId, CHAT_GROUP, group.groupId);
          if (last) chats.push({ type: CHAT_GROUP, chatId: group.groupId, last });
        }
        const listed = chats
          .filter((c) => c.last.created <= until)
          .sort((a, b2) => b2.last.modified - a.last.modified || b2.last.seq - a.last.seq);
        const slice = listed.slice((p - 1) * CONVERSATION_PAGE, p * CONVERSATION_PAGE);
        reply(me, S.CONVERSATIONS, {
          done: p * CONVERSATION_PAGE >= listed.length ? 1 : 0,
          page: p,
          list: slice.map((c) => ({
            type: c.type,
            chatId: c.chatId,
            modified: c.last.modified,
            unread: store.unreadCount(me.userId, c.type, c.chatId),
            lastMsg: lastMsg(c.last),
          })),
        });
      },
      (raw) => ({ done: 1, page: numberField(raw, 'page') || 1, list: [] }),
    ),

    [S.CONVERSATION_DELETE]: service(
      bodies.deleteConversation,
      (me, b) => {
        if (b.type === CHAT_GROUP && !groups.get(b.chatId)) return reply(me, S.CONVERSATION_DELETE, { r: 1, type: b.type, chatId: b.chatId });
        const now = clock();
        store.clear(me.userId, b.type, b.chatId, Math.min((b.lastTimeCreated || now) + CLOCK_SKEW_MS, now));
        reply(me, S.CONVERSATION_DELETE, { r: 0, type: b.type, chatId: b.chatId });
      },
      (raw) => ({ r: 1, type: chatTypeField(raw), chatId: numberField(raw, 'chatId') }),
    ),

    [S.UNREAD]: service(
      bodies.unread,
      (me, b) => {
        const p = page(b.page);
        const found = readable(me, b.type, b.chatId) ? store.unread(me.userId, b.type, b.chatId, (p - 1) * UNREAD_PAGE, UNREAD_PAGE + 1) : [];
        reply(me, S.UNREAD, {
          type: b.type,
          chatId: b.chatId,
          done: found.length > UNREAD_PAGE ? 0 : 1,
          page: p,
          list: found.slice(0, UNREAD_PAGE).map(historyItem),
        });
      },
      (raw) => ({ type: chatTypeField(raw), chatId: numberField(raw, 'chatId'), done: 1, page: numberField(raw, 'page') || 1, list: [] }),
    ),

    [S.MODIFIED]: service(
      bodies.modified,
      (me, b) => {
        const p = page(b.page);
        const until = (b.lastCreated || clock()) + CLOCK_SKEW_MS;
        const found = readable(me, b.type, b.chatId) ? store.before(me.userId, b.type, b.chatId, until, (p - 1) * HISTORY_PAGE, HISTORY_PAGE + 1) : [];
        reply(me, S.MODIFIED, {
          type: b.type,
          chatId: b.chatId,
          done: found.length > HISTORY_PAGE ? 0 : 1,
          page: p,
          list: found.slice(0, HISTORY_PAGE).map(historyItem),
        });
      },
      (raw) => ({ type: chatTypeField(raw), chatId: numberField(raw, 'chatId'), done: 1, page: numberField(raw, 'page') || 1, list: [] }),
    ),
  };
  return services as unknown as Record<number, Service<never>>;
}
