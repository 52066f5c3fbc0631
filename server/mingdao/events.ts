// The Mingdao front's socket events (server/PROTOCOL.md, Mingdao). Every handler is
// synchronous (SQLite is), so one connection's events are handled in the order sent.
// A handler returns its answer or throws a Refusal (the document's error strings:
// 'removeit', 'not in group', ...); pushes that must follow the answer go to `later`.

import type { Logger } from '../../main/core/logger';
import { errorName } from '../../main/core/logger';
import type { AbuseGuards } from '../abuse-guards';
import type { Clock } from '../clock';
import { BadPayload, inboxTypeOf, INBOX_VALUES, parsePayload, type EventName, type Payload } from './schemas';
import { convOf, GROUP, USER, type Group, type MessageExtra, type MingdaoStore, type Recipient, type StoredMessage } from './store';
import * as wire from './wire';

/** A refusal the client is meant to read: answered as {error: reason}. */
export class Refusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'Refusal';
  }
}

/** One signed-in socket. */
export interface Conn {
  uin: string;
  /** The socket.io socket id: what "the user's other connections" leave out. */
  socketId: string;
  /** Emits to this socket only. */
  emit(event: string, data: unknown): void;
  /** The document's "current chat" (kept, not acted on). */
  currentChat: string | null;
}

/** Who is connected: pushes by user, optionally leaving out the connection that asked. */
export interface Rooms {
  toUser(uin: string, event: string, data: unknown, except?: Conn): void;
  isOnline(uin: string): boolean;
}

export interface MingdaoEventDeps {
  store: MingdaoStore;
  rooms: Rooms;
  guards: AbuseGuards;
  clock: Clock;
  log: Logger;
}

/** A shake to the same receiver (user or group) within this is refused: 'too frequent'. */
export const SHAKE_INTERVAL_MS = 5000;
/** Unread messages pushed at connection, oldest first. */
export const OFFLINE_PUSH_LIMIT = 1000;
export const WELCOME_TEXT = 'Welcome to Parley\u2019s Mingdao server. Your chats, groups and system notices show here.';
/** The two events whose answer is the document's one argument: {id} or {error}. */
const ONE_ARGUMENT = new Set<string>(['send message', 'send group message']);

type Handler<E extends EventName> = (conn: Conn, p: Payload<E>, later: (push: () => void) => void) => unknown;

export function mingdaoEvents(deps: MingdaoEventDeps) {
  const { store, rooms, guards, clock, log } = deps;
  const lastShake = new Map<string, number>();

  const me = (conn: Conn) => {
    const user = store.user(conn.uin);
    if (!user) throw new Refusal('from user not found');
    return user;
  };
  const takeMessageQuota = (uin: string) => {
    if (guards.messages.limiter.take(uin) > 0) throw new Refusal('too frequent');
  };
  /** The other user of a 1:1, who must still be a contact. */
  const peer = (conn: Conn, uin: string) => {
    if (uin === conn.uin || !store.user(uin)) throw new Refusal('not my contract'); // sic: the document's words
    if (!store.areContacts(conn.uin, uin)) throw new Refusal('removeit');
  };
  /** A group the connection's user may speak in. */
  const groupToSpeak = (conn: Conn, gid: string): Group => {
    const group = store.group(gid);
    if (!group) throw new Refusal('group not found');
    const member = store.membership(gid, conn.uin);
    if (!member) throw new Refusal('not in group');
    if (!member.active) throw new Refusal('removeit');
    return group;
  };
  const groupAsAdmin = (conn: Conn, gid: string): Group => {
    const group = groupToSpeak(conn, gid);
    if (!store.membership(gid, conn.uin)?.admin) throw new Refusal('not group admin');
    return group;
  };
  const activeMember = (gid: string, uin: string) => {
    if (!store.membership(gid, uin)?.active) throw new Refusal('not in group');
  };
  const shakeAllowed = (key: string) => {
    const now = clock();
    const last = lastShake.get(key);
    if (last !== undefined && now - last < SHAKE_INTERVAL_MS) throw new Refusal('too frequent');
    lastShake.delete(key);
    lastShake.set(key, now);
    // Bounded: the oldest entries go first (Map keeps insertion order).
    while (lastShake.size > 100_000) lastShake.delete(lastShake.keys().next().value as string);
  };

  /** Who receives a message, and who is online to have it pushed (marked delivered as it is stored: one commit). */
  const recipientsOf = (uins: readonly string[]): Recipient[] => uins.map((uin) => ({ uin, unread: true, delivered: rooms.isOnline(uin) }));
  /** Pushes a stored message to its online recipients and to the sender's other connections. */
  const deliver = (m: StoredMessage, recipients: readonly Recipient[], sender?: Conn) => {
    for (const r of recipients) {
      if (!r.delivered) continue;
      const push = wire.messagePush(store, m, r.uin);
      if (push) rooms.toUser(r.uin, push[0], push[1]);
    }
    const own = wire.messagePush(store, m, m.from);
    if (own) rooms.toUser(m.from, own[0], own[1], sender);
  };

  /** A group's system line (sysType 1 added, 2 removed, 3 renamed, 4 other): never unread, to every member's connections. */
  const systemLine = (group: Group, actor: string, sysType: number, con: string) => {
    const members = store.members(group.id);
    const m = store.transaction(() =>
      store.insertMessage({
        kind: GROUP,
        from: actor,
        to: group.id,
        type: 1,
        sysType,
        con,
        recipients: members.filter((uin) => uin !== actor).map((uin) => ({ uin, unread: false, delivered: rooms.isOnline(uin) })),
      }),
    );
    const fresh = store.group(group.id) ?? group;
    for (const uin of members) {
      rooms.toUser(uin, 'new group message', wire.newGroupMessage(store, m, fresh, store.membership(group.id, uin)?.push ?? true));
    }
  };
  const nameOf = (uin: string) => store.user(uin)?.displayName ?? uin;
  const toMembers = (gid: string, event: string, data: unknown, except?: Conn) => {
    for (const uin of store.members(gid)) rooms.toUser(uin, event, data, except);
  };

  /** The refer block of a reply: the quoted message must be in the same conversation. */
  const refer = (conv: string, msgid: string | undefined): MessageExtra['refer'] | undefined => {
    if (msgid === undefined) return undefined;
    const quoted = store.message(msgid);
    if (!quoted || convOf(quoted.kind, quoted.from, quoted.to) !== conv || quoted.withdrawn) throw new Refusal('refer not found');
    return { msgid, msg: quoted.con, time: quoted.time, user: { id: quoted.from, name: nameOf(quoted.from), avatar: '' } };
  };
  const extraOf = (p: { file?: Record<string, unknown> | null; card?: Record<string, unknown> | null }, quoted: MessageExtra['refer']): MessageExtra => ({
    ...(p.file ? { files: p.file } : {}),
    ...(p.card ? { card: p.card } : {}),
    ...(quoted ? { refer: quoted } : {}),
  });

  const handlers: { [E in EventName]: Handler<E> } = {
    'send message': (conn, p) => {
      me(conn);
      peer(conn, p.touser);
      const quoted = refer(convOf(USER, conn.uin, p.touser), p.refer?.msgid);
      takeMessageQuota(conn.uin);
      const recipients = recipientsOf([p.touser]);
      const m = store.transaction(() =>
        store.insertMessage({ kind: USER, from: conn.uin, to: p.touser, type: p.type, con: p.msg, extra: extraOf(p, quoted), recipients }),
      );
      deliver(m, recipients, conn);
      return { id: m.id };
    },

    'send group message': (conn, p) => {
      me(conn);
      const group = groupToSpeak(conn, p.togroup);
      if (group.banned && !store.membership(group.id, conn.uin)?.admin) throw new Refusal('ban speak');
      const quoted = refer(convOf(GROUP, conn.uin, group.id), p.refer?.msgid);
      takeMessageQuota(conn.uin);
      const recipients = recipientsOf(store.members(group.id).filter((uin) => uin !== conn.uin));
      const m = store.transaction(() =>
        store.insertMessage({ kind: GROUP, from: conn.uin, to: group.id, type: p.type, con: p.msg, extra: extraOf(p, quoted), recipients }),
      );
      deliver(m, recipients, conn);
      return { id: m.id };
    },

    sessions: (conn, p) => {
      const size = p?.size ?? 100;
      const page = p?.page ?? 1;
      const list = store
        .sessions(conn.uin, size, (page - 1) * size)
        .map((row) => wire.sessionItem(store, conn.uin, row.type, row.peer))
        .filter((item) => item !== null);
      return { list };
    },

    'session info': (conn, p) => {
      const item = wire.sessionItem(store, conn.uin, p.type, p.id);
      if (!item) throw new Refusal('session not found');
      return item;
    },

    'unread count': (conn) => {
      const user: Array<{ id: string; num: number }> = [];
      const group: Array<{ id: string; num: number; ispush: boolean; at: boolean }> = [];
      let num = 0;
      let notPush = 0;
      for (const c of store.unreadCounts(conn.uin)) {
        num += c.num;
        if (c.type === USER) user.push({ id: c.id, num: c.num });
        else {
          const ispush = store.membership(c.id, conn.uin)?.push ?? true;
          if (!ispush) notPush += c.num;
          group.push({ id: c.id, num: c.num, ispush, at: false });
        }
      }
      return { user, group, num, notPush };
    },

    'all unread': (conn) => {
      let count = 0;
      let notPush = 0;
      for (const c of store.unreadCounts(conn.uin)) {
        count += c.num;
        if (c.type === GROUP && store.membership(c.id, conn.uin)?.push === false) notPush += c.num;
      }
      for (const type of store.inboxTypes(conn.uin)) count += store.noticeUnread(conn.uin, type);
      return { count, notPush };
    },

    'inbox unread': (conn) =>
      store.inboxTypes(conn.uin).map((type) => {
        const last = store.lastNotice(conn.uin, type);
        return { type, value: last?.value ?? INBOX_VALUES[type] ?? '', time: last?.time ?? 0, msg: { con: last?.con ?? '' }, count: store.noticeUnread(conn.uin, type) };
      }),

    'clear unread': (conn, p, later) => {
      if (p.type <= GROUP) store.clearUnread(conn.uin, p.type, p.id);
      else store.clearInboxType(conn.uin, p.type);
      later(() => rooms.toUser(conn.uin, 'clear unread', { type: p.type, id: p.id }, conn));
      return 1;
    },

    'clear all unread': (conn, _p, later) => {
      store.clearAllUnread(conn.uin);
      later(() => rooms.toUser(conn.uin, 'clear all unread', {}, conn));
      return 1;
    },

    'remove session': (conn, p, later) => {
      store.removeSession(conn.uin, p.type, p.type <= GROUP ? p.id : '0');
      later(() => rooms.toUser(conn.uin, 'session removed', { id: p.id, type: p.type }, conn));
      return 1;
    },

    'sticky on top': (conn, p, later) => {
      if (p.type === USER && !store.user(p.id)) throw new Refusal('session not found');
      if (p.type === GROUP && !store.membership(p.id, conn.uin)) throw new Refusal('session not found');
      store.setTop(conn.uin, p.type, p.type <= GROUP ? p.id : '0', p.top);
      later(() => rooms.toUser(conn.uin, 'sticky on top', { type: p.type, id: p.id, top: p.top }, conn));
      return 1;
    },

    'withdraw user message': (conn, p, later) => {
      const m = store.message(p.id);
      if (!m || m.kind !== USER || convOf(USER, m.from, m.to) !== convOf(USER, conn.uin, p.touser)) throw new Refusal('message not found');
      if (m.from !== conn.uin) throw new Refusal('not your message');
      if (m.withdrawn) return 1;
      const recipients = store.withdraw(m.id, rooms.isOnline);
      later(() => {
        for (const uin of recipients) rooms.toUser(uin, 'withdraw message', wire.withdrawPush(m));
        rooms.toUser(conn.uin, 'withdraw message', wire.withdrawPush(m), conn);
      });
      return 1;
    },

    'withdraw group message': (conn, p, later) => {
      const m = store.message(p.id);
      if (!m || m.kind !== GROUP || m.to !== p.togroup) throw new Refusal('message not found');
      if (m.from !== conn.uin || m.sysType !== null) throw new Refusal('not your message');
      groupToSpeak(conn, m.to);
      if (m.withdrawn) return 1;
      const recipients = store.withdraw(m.id, rooms.isOnline);
      later(() => {
        for (const uin of recipients) rooms.toUser(uin, 'withdraw message', wire.withdrawPush(m));
        rooms.toUser(conn.uin, 'withdraw message', wire.withdrawPush(m), conn);
      });
      return 1;
    },

    'shake shake': (conn, p, later) => {
      me(conn);
      peer(conn, p.aid);
      shakeAllowed(`${conn.uin}>u:${p.aid}`);
      takeMessageQuota(conn.uin);
      const recipients = recipientsOf([p.aid]);
      const m = store.transaction(() => store.insertMessage({ kind: USER, from: conn.uin, to: p.aid, type: 6, con: '', recipients }));
      later(() => {
        rooms.toUser(p.aid, 'shake shake', { aid: conn.uin });
        deliver(m, recipients, conn);
      });
      return 1;
    },

    'group shake': (conn, p, later) => {
      me(conn);
      const group = groupToSpeak(conn, p.gid);
      if (group.banned && !store.membership(group.id, conn.uin)?.admin) throw new Refusal('ban speak');
      shakeAllowed(`${conn.uin}>g:${group.id}`);
      takeMessageQuota(conn.uin);
      const others = store.members(group.id).filter((uin) => uin !== conn.uin);
      // The document's "抖人, @": the named members are shaken; none named shakes everyone.
      const named = p.toUser.filter((uin) => others.includes(uin));
      const shaken = p.toUser.length > 0 ? named : others;
      const recipients = recipientsOf(others);
      const m = store.transaction(() => store.insertMessage({ kind: GROUP, from: conn.uin, to: group.id, type: 6, con: '', recipients }));
      later(() => {
        for (const uin of shaken) rooms.toUser(uin, 'group shake', { from: conn.uin, gid: group.id });
        deliver(m, recipients, conn);
      });
      return 1;
    },

    'remove contact': (conn, p) => {
      if (p.id === conn.uin || !store.user(p.id)) throw new Refusal('user not found');
      store.removeContact(conn.uin, p.id);
      return 1;
    },

    'current chat': (conn, p) => {
      conn.currentChat = String(p.id) || null;
      return 1;
    },

    'clear chat': (conn) => {
      conn.currentChat = null;
      return 1;
    },

    // Web-only session operations: accepted, nothing to do on this server.
    operate: () => 1,

    'clear notification': (conn, p, later) => {
      const type = inboxTypeOf(p.type);
      if (type === undefined) throw new Refusal('unknown inbox type');
      if (p.clear !== false) store.clearInboxType(conn.uin, type);
      const value = store.noticeUnread(conn.uin, type);
      later(() => rooms.toUser(conn.uin, 'clear notification', { time: clock(), type: p.type, value }, conn));
      return 1;
    },

    // Voice messages have no read state here: told to the user's other connections, nothing stored.
    'voice as read': (conn, p, later) => {
      later(() => rooms.toUser(conn.uin, 'voice as read', { messageId: p.messageId }, conn));
      return 1;
    },

    'upload token': () => {
      throw new Refusal('upload not available: this server has no Qiniu storage');
    },

    'create group': (conn, p, later) => {
      me(conn);
      const members = [...new Set(p.members)].filter((uin) => uin !== conn.uin);
      if (members.length === 0) throw new Refusal('a group needs another member');
      if (members.some((uin) => !store.user(uin))) throw new Refusal('user not found');
      if (guards.groups.limiter.take(conn.uin) > 0) throw new Refusal('too frequent');
      const group = store.transaction(() => store.createGroup(p.name, conn.uin, members));
      later(() => {
        const announced = wire.newGroup(store, group);
        rooms.toUser(conn.uin, 'new group', announced, conn);
        for (const uin of members) rooms.toUser(uin, 'new group', announced);
        systemLine(group, conn.uin, 4, `${nameOf(conn.uin)} created the group`);
      });
      return { id: group.id, name: group.name, members: store.members(group.id) };
    },

    'add group members': (conn, p, later) => {
      const group = groupToSpeak(conn, p.gid);
      const added = [...new Set(p.members)].filter((uin) => !store.membership(group.id, uin)?.active);
      if (added.some((uin) => !store.user(uin))) throw new Refusal('user not found');
      if (added.length === 0) return 1;
      const before = store.members(group.id);
      store.transaction(() => {
        for (const uin of added) store.addMember(group.id, uin);
      });
      later(() => {
        for (const uin of before) rooms.toUser(uin, 'group member added', { id: group.id, name: group.name, users: added.map((u) => wire.memberEntry(store, u)) });
        for (const uin of added) rooms.toUser(uin, 'new group', wire.newGroup(store, group));
        systemLine(group, conn.uin, 1, `${nameOf(conn.uin)} added ${added.map(nameOf).join(', ')}`);
      });
      return 1;
    },

    'remove group member': (conn, p, later) => {
      const group = groupAsAdmin(conn, p.gid);
      if (p.aid === conn.uin) throw new Refusal('use exit group');
      activeMember(group.id, p.aid);
      store.leave(group.id, p.aid);
      later(() => {
        rooms.toUser(p.aid, 'removed from group', { id: group.id, name: group.name });
        toMembers(group.id, 'group member removed', { id: group.id, name: group.name, aid: p.aid });
        systemLine(group, conn.uin, 2, `${nameOf(conn.uin)} removed ${nameOf(p.aid)}`);
      });
      return 1;
    },

    'exit group': (conn, p, later) => {
      const group = groupToSpeak(conn, p.gid);
      store.leave(group.id, conn.uin);
      later(() => {
        rooms.toUser(conn.uin, 'removed from group', { id: group.id, name: group.name }, conn);
        toMembers(group.id, 'group member removed', { id: group.id, name: group.name, aid: conn.uin });
        if (store.members(group.id).length > 0) systemLine(group, conn.uin, 2, `${nameOf(conn.uin)} left`);
      });
      return 1;
    },

    'rename group': (conn, p, later) => {
      const group = groupToSpeak(conn, p.gid);
      store.rename(group.id, p.name);
      later(() => {
        toMembers(group.id, 'group renamed', { oldName: group.name, name: p.name, gid: group.id, user: { id: conn.uin, logo: '' } }, conn);
        systemLine({ ...group, name: p.name }, conn.uin, 3, `${nameOf(conn.uin)} renamed the group ${p.name}`);
      });
      return 1;
    },

    'add group admin': (conn, p, later) => {
      const group = groupAsAdmin(conn, p.gid);
      activeMember(group.id, p.aid);
      store.setAdmin(group.id, p.aid, true);
      later(() => toMembers(group.id, 'group admin added', { addAid: p.aid, gid: group.id }, conn));
      return 1;
    },

    'remove group admin': (conn, p, later) => {
      const group = groupAsAdmin(conn, p.gid);
      activeMember(group.id, p.aid);
      store.setAdmin(group.id, p.aid, false);
      later(() => toMembers(group.id, 'group admin removed', { removedAid: p.aid, aid: conn.uin, gid: group.id }, conn));
      return 1;
    },

    'set group notice': (conn, p, later) => {
      const group = groupToSpeak(conn, p.gid);
      store.setPush(group.id, conn.uin, p.isPush);
      later(() => rooms.toUser(conn.uin, 'set group notice', { gid: group.id, aid: conn.uin, isPush: p.isPush }, conn));
      return 1;
    },

    'ban speak': (conn, p, later) => {
      const group = groupAsAdmin(conn, p.gid);
      store.setBanned(group.id, true);
      later(() => toMembers(group.id, 'ban speak', { groupid: group.id, operator: wire.operator(store, conn.uin) }, conn));
      return 1;
    },

    'permit speak': (conn, p, later) => {
      const group = groupAsAdmin(conn, p.gid);
      store.setBanned(group.id, false);
      later(() => toMembers(group.id, 'permit speak', { groupid: group.id, operator: wire.operator(store, conn.uin) }, conn));
      return 1;
    },
  };

  /**
   * Runs one event. Never throws. `args` are the socket.io arguments; an ack, when there is
   * one, is the last. Without an ack a request is still handled (and a bad one dropped).
   */
  const handle = (conn: Conn, event: EventName, args: unknown[]): void => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (...a: unknown[]) => void) : undefined;
    const data = ack ? (args.length > 1 ? args[0] : undefined) : args[0];
    const pushes: Array<() => void> = [];
    const answer = (error: string | null, result?: unknown) => {
      if (!ack) return;
      if (ONE_ARGUMENT.has(event)) ack(error === null ? result : { error });
      else if (error === null) ack(false, result);
      else ack({ error });
    };
    let result: unknown;
    try {
      const payload = parsePayload(event, data);
      result = (handlers[event] as Handler<EventName>)(conn, payload, (push) => pushes.push(push));
    } catch (e) {
      if (e instanceof BadPayload) {
        log.debug('bad payload', { event, reason: e.message });
        return answer(e.message);
      }
      if (e instanceof Refusal) {
        log.debug('refused', { event, reason: e.reason });
        return answer(e.reason);
      }
      log.error('handler failed', { event, error: errorName(e) });
      return answer('database error');
    }
    answer(null, result);
    try {
      for (const push of pushes) push();
    } catch (e) {
      log.error('push failed', { event, error: errorName(e) });
    }
  };

  /** What a connection is owed when it opens: the welcome notice, unread messages, withdraws it missed. */
  const opened = (conn: Conn): void => {
    try {
      if (!store.hasNotices(conn.uin)) {
        const notice = store.addNotice(conn.uin, 3, 'system', WELCOME_TEXT);
        conn.emit('new inbox message', wire.newInboxMessage(notice));
      }
      const unread = store.unreadToPush(conn.uin, OFFLINE_PUSH_LIMIT);
      const withdrawn = store.pendingWithdraws(conn.uin);
      // One commit for all the marks (each commit is an fsync), then the pushes.
      store.transaction(() => {
        for (const m of unread) store.markDelivered(conn.uin, m.id);
        for (const m of withdrawn) store.toldWithdraw(conn.uin, m.id);
      });
      for (const m of unread) {
        const push = wire.messagePush(store, m, conn.uin);
        if (push) conn.emit(push[0], push[1]);
      }
      for (const m of withdrawn) conn.emit('withdraw message', wire.withdrawPush(m));
    } catch (e) {
      log.error('connection setup failed', { error: errorName(e) });
    }
  };

  return { handle, opened, events: Object.keys(handlers) as EventName[] };
}
