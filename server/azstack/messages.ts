// Messages and their statuses (protocol notes, AZStack, Service numbers): 1:1 and group
// text (72/73, 45/146), the copy to the sender's other devices (174/176), delivered
// (167/74), seen (153), recall (127/151), delete for oneself (168) and typing (142/149).
// A message is keyed by (sender, msgId), the msgId being the sender's client's own counter.
// Pushes never go back to the sending device; "other device" copies go only to the
// sender's other connections, and 167/74/142/149 never to the sender at all.

import { bodies } from './bodies';
import { reply } from './connections';
import { Refused, chatTypeField, numberField, service, type Me, type Service, type ServiceDeps } from './service';
import { CHAT_GROUP, CHAT_USER, STATUS_DELIVERED, STATUS_SEEN, type StoredMessage } from './store';
import { FAIL_EITHER, S } from './wire';

export function messageServices(deps: ServiceDeps): Record<number, Service<never>> {
  const { store, groups, connections, guards, clock } = deps;

  const peer = (me: Me, id: number) => {
    const user = store.user(id);
    if (!user || user.azId === me.userId) throw new Refused('not another user');
    return user;
  };
  const memberOf = (me: Me, groupId: number) => {
    const group = groups.get(groupId);
    if (!group || !groups.isMember(groupId, me.userId)) throw new Refused('not a member of that group');
    return group;
  };
  const quota = (me: Me) => {
    if (guards.messages.limiter.take(me.uin) > 0) throw new Refused('message quota');
  };
  /** Every connection of every member but `me`'s, and `me`'s other devices when `toMyDevices`. */
  const toGroup = (me: Me, groupId: number, service: number, body: unknown, myDevices?: { service: number } | 'none') => {
    for (const member of groups.members(groupId)) {
      if (member === me.userId) {
        if (myDevices !== 'none') connections.send(member, myDevices?.service ?? service, body, me);
      } else connections.send(member, service, body);
    }
  };
  /** A resend of the same message (a lost ack): answered again, stored and pushed once. */
  const sameMessage = (existing: StoredMessage, chatType: number, receiver: number, msg: string) =>
    existing.chatType === chatType && existing.receiver === receiver && existing.fields.msg === msg;

  const services = {
    [S.TEXT_SEND]: service(
      bodies.text,
      (me, b) => {
        const to = peer(me, b.to);
        const existing = store.byKey(me.userId, b.msgId);
        if (existing) {
          if (!sameMessage(existing, CHAT_USER, to.azId, b.msg)) throw new Refused('msgId already used');
          return reply(me, S.TEXT_SEND, { r: 1, from: to.azId, to: to.azId, msgId: b.msgId, time: existing.created });
        }
        quota(me);
        const time = clock();
        const stored = store.transaction(() => {
          const m = store.insert({ chatType: CHAT_USER, sender: me.userId, receiver: to.azId, msgId: b.msgId, serviceType: S.TEXT_STORED, fields: { msg: b.msg }, created: time });
          if (m) store.markRead(me.userId, CHAT_USER, to.azId, m.seq);
          return m;
        });
        if (!stored) throw new Refused('msgId already used');
        // `from` is what the SDK takes as the chat: the recipient (protocol notes).
        reply(me, S.TEXT_SEND, { r: 1, from: to.azId, to: to.azId, msgId: b.msgId, time });
        connections.send(to.azId, S.TEXT_NEW, { from: me.userId, to: to.azId, msgId: b.msgId, time, msg: b.msg });
        connections.send(me.userId, S.FROM_ME_USER, { from: me.userId, to: to.azId, msgId: b.msgId, time, msg: b.msg }, me);
      },
      (raw) => ({ r: FAIL_EITHER, from: numberField(raw, 'to'), to: numberField(raw, 'to'), msgId: numberField(raw, 'msgId') }),
    ),

    [S.GROUP_SEND]: service(
      bodies.groupText,
      (me, b) => {
        const group = memberOf(me, b.group);
        const existing = store.byKey(me.userId, b.msgId);
        if (existing) {
          if (!sameMessage(existing, CHAT_GROUP, group.groupId, b.msg)) throw new Refused('msgId already used');
          return reply(me, S.GROUP_SEND, { r: 1, group: group.groupId, msgId: b.msgId, created: existing.created });
        }
        quota(me);
        const created = clock();
        const stored = store.transaction(() => {
          const m = store.insert({ chatType: CHAT_GROUP, sender: me.userId, receiver: group.groupId, msgId: b.msgId, serviceType: S.GROUP_NEW, fields: { msg: b.msg }, created });
          if (m) store.markRead(me.userId, CHAT_GROUP, group.groupId, m.seq);
          return m;
        });
        if (!stored) throw new Refused('msgId already used');
        reply(me, S.GROUP_SEND, { r: 1, group: group.groupId, msgId: b.msgId, created });
        toGroup(me, group.groupId, S.GROUP_NEW, { group: group.groupId, from: me.userId, msgId: b.msgId, created, msg: b.msg }, { service: S.FROM_ME_GROUP });
      },
      (raw) => ({ r: FAIL_EITHER, group: numberField(raw, 'group'), msgId: numberField(raw, 'msgId') }),
    ),

    [S.DELIVERED_USER]: service(bodies.deliveredUser, (me, b) => {
      const m = store.byKey(b.to, b.msgId);
      if (!m || m.chatType !== CHAT_USER || m.receiver !== me.userId) throw new Refused('no such message to you');
      store.raiseStatus(m.seq, STATUS_DELIVERED, clock());
      connections.send(m.sender, S.DELIVERED_USER, { from: me.userId, msgId: m.msgId });
    }),

    [S.DELIVERED_GROUP]: service(bodies.deliveredGroup, (me, b) => {
      memberOf(me, b.group);
      const m = store.byKey(b.msgSender, b.msgId);
      if (!m || m.chatType !== CHAT_GROUP || m.receiver !== b.group || m.sender === me.userId) throw new Refused('no such message in that group');
      store.raiseStatus(m.seq, STATUS_DELIVERED, clock());
      connections.send(m.sender, S.DELIVERED_GROUP, { group: b.group, from: me.userId, msgId: m.msgId });
    }),

    [S.SEEN]: service(
      bodies.seen,
      (me, b) => {
        const m = store.byKey(b.senderId, b.msgId);
        const now = clock();
        if (b.type === CHAT_USER) {
          if (!m || m.chatType !== CHAT_USER || m.receiver !== me.userId || m.sender !== b.chatId) throw new Refused('no such message from that user');
          store.seen1to1(me.userId, m.sender, m.seq, now);
          reply(me, S.SEEN, { r: 0, type: CHAT_USER, chatId: b.chatId, from: b.chatId, senderId: b.senderId, msgId: b.msgId });
          connections.send(m.sender, S.SEEN, { type: CHAT_USER, from: me.userId, senderId: m.sender, msgId: m.msgId });
        } else {
          memberOf(me, b.chatId);
          if (!m || m.chatType !== CHAT_GROUP || m.receiver !== b.chatId) throw new Refused('no such message in that group');
          store.transaction(() => {
            store.markRead(me.userId, CHAT_GROUP, b.chatId, m.seq);
            if (m.sender !== me.userId) store.raiseStatus(m.seq, STATUS_SEEN, now);
          });
          reply(me, S.SEEN, { r: 0, type: CHAT_GROUP, chatId: b.chatId, from: me.userId, senderId: b.senderId, msgId: b.msgId });
          if (m.sender !== me.userId) connections.send(m.sender, S.SEEN, { type: CHAT_GROUP, chatId: b.chatId, from: me.userId, msgId: m.msgId });
        }
      },
      // 153's handler reads `type` before anything else: the failure carries one too.
      (raw) => ({ r: FAIL_EITHER, type: chatTypeField(raw), chatId: numberField(raw, 'chatId'), from: numberField(raw, 'chatId'), msgId: numberField(raw, 'msgId') }),
    ),

    [S.RECALL_USER]: service(
      bodies.recallUser,
      (me, b) => {
        const m = store.byKey(me.userId, b.id);
        if (!m || m.chatType !== CHAT_USER || m.receiver !== b.to) throw new Refused('no such message of yours');
        store.recall(m, clock());
        reply(me, S.RECALL_USER, { r: 0, from: b.to, to: b.to, id: b.id, msgId: b.id });
        connections.send(b.to, S.RECALL_USER, { from: me.userId, to: b.to, id: b.id });
      },
      (raw) => ({ r: FAIL_EITHER, from: numberField(raw, 'to'), to: numberField(raw, 'to'), id: numberField(raw, 'id'), msgId: numberField(raw, 'id') }),
    ),

    [S.RECALL_GROUP]: service(
      bodies.recallGroup,
      (me, b) => {
        memberOf(me, b.group);
        const m = store.byKey(me.userId, b.msgId);
        if (!m || m.chatType !== CHAT_GROUP || m.receiver !== b.group) throw new Refused('no such message of yours');
        store.recall(m, clock());
        reply(me, S.RECALL_GROUP, { r: 0, group: b.group, from: me.userId, msgId: b.msgId });
        toGroup(me, b.group, S.RECALL_GROUP, { group: b.group, from: me.userId, msgId: b.msgId });
      },
      (raw) => ({ r: FAIL_EITHER, group: numberField(raw, 'group'), from: 0, msgId: numberField(raw, 'msgId') }),
    ),

    [S.DELETE]: service(
      bodies.remove,
      (me, b) => {
        const m = store.byKey(b.senderId, b.msgId);
        const mine =
          m &&
          (b.type === CHAT_USER
            ? m.chatType === CHAT_USER && ((m.sender === me.userId && m.receiver === b.chatId) || (m.sender === b.chatId && m.receiver === me.userId))
            : m.chatType === CHAT_GROUP && m.receiver === b.chatId && groups.isMember(b.chatId, me.userId));
        if (!m || !mine) throw new Refused('no such message in that conversation');
        store.hide(me.userId, m.seq);
        reply(me, S.DELETE, { r: 0, type: b.type, chatId: b.chatId, senderId: b.senderId, msgId: b.msgId });
      },
      (raw) => ({ r: 1, type: chatTypeField(raw), chatId: numberField(raw, 'chatId'), senderId: numberField(raw, 'senderId'), msgId: numberField(raw, 'msgId') }),
    ),

    [S.TYPING_USER]: service(bodies.typingUser, (me, b) => {
      connections.send(peer(me, b.to).azId, S.TYPING_USER, { from: me.userId });
    }),

    [S.TYPING_GROUP]: service(bodies.typingGroup, (me, b) => {
      memberOf(me, b.group);
      toGroup(me, b.group, S.TYPING_GROUP, { group: b.group, from: me.userId }, 'none');
    }),
  };
  return services as unknown as Record<number, Service<never>>;
}
