// What the Mingdao front sends, field for field: the document's pushes ("new message",
// "new group message", "new group"...) and Parley's `sessions` items. Times are ms
// numbers; ids are strings; avatars are '' (this server keeps none).

import type { UserRecord } from '../users';
import { convOf, GROUP, USER, type Group, type MingdaoStore, type Notice, type StoredMessage } from './store';
import { INBOX_VALUES } from './schemas';

/** The session item of `sessions` / `session info`. */
export interface SessionItem {
  type: number;
  id: string;
  name: string;
  logo: string;
  unread: number;
  top: boolean;
  ispush: boolean;
  time: number;
  msg?: { id: string; from: string; con: string; type: number; time: number };
}

const nameOf = (user: UserRecord | undefined): string => user?.displayName ?? '';

/** The parts both message pushes share. */
function body(store: MingdaoStore, m: StoredMessage) {
  const sender = store.user(m.from);
  return {
    id: m.id,
    from: m.from,
    uname: nameOf(sender),
    logo: '',
    type: m.type,
    msg: { con: m.withdrawn ? '' : m.con, ...(m.extra.files ? { files: m.extra.files } : {}) },
    ...(m.extra.card ? { card: m.extra.card } : {}),
    ...(m.extra.refer ? { refer: m.extra.refer } : {}),
    time: m.time,
  };
}

export function newMessage(store: MingdaoStore, m: StoredMessage) {
  return { ...body(store, m), to: m.to };
}

export function newGroupMessage(store: MingdaoStore, m: StoredMessage, group: Group, isPush: boolean) {
  return {
    ...body(store, m),
    to: m.to,
    groupname: group.name,
    avatar: '',
    ...(m.sysType !== null ? { sysType: m.sysType } : {}),
    isPush,
  };
}

/** The push for a message, as `uin` receives it. */
export function messagePush(store: MingdaoStore, m: StoredMessage, uin: string): [string, unknown] | null {
  if (m.kind === USER) return ['new message', newMessage(store, m)];
  const group = store.group(m.to);
  if (!group) return null;
  return ['new group message', newGroupMessage(store, m, group, store.membership(m.to, uin)?.push ?? true)];
}

export function withdrawPush(m: StoredMessage) {
  return m.kind === USER ? { id: m.id, from: m.from, to: m.to } : { id: m.id, from: m.from, gid: m.to };
}

export function newGroup(store: MingdaoStore, group: Group, isPush = true) {
  return {
    id: group.id,
    name: group.name,
    logo: '',
    uCount: store.members(group.id).length,
    admins: store.admins(group.id),
    isPost: false,
    cuser: group.creator,
    isPush,
    // Not in the document: the member ids, so a client can show the group without asking.
    members: store.members(group.id),
  };
}

/** A user as "group member added" lists them. */
export function memberEntry(store: MingdaoStore, uin: string) {
  return { AccountID: uin, Email: '', Fullname: nameOf(store.user(uin)), Avatar: '' };
}

export function operator(store: MingdaoStore, uin: string) {
  return { accountId: uin, fullName: nameOf(store.user(uin)), avatar: '' };
}

export function newInboxMessage(n: Notice) {
  return { type: n.type, value: n.value, msg: { con: n.con }, time: n.time, id: n.id };
}

/** One session item for `uin`, or null when it names nothing this user can see. */
export function sessionItem(store: MingdaoStore, uin: string, type: number, peer: string): SessionItem | null {
  const row = store.session(uin, type, type <= GROUP ? peer : '0');
  const top = row?.top ?? false;
  if (type === USER) {
    const user = store.user(peer);
    if (!user) return null;
    const last = store.lastMessage(convOf(USER, uin, peer));
    return item(type, peer, user.displayName, store.unreadOf(uin, USER, peer), top, true, row, last);
  }
  if (type === GROUP) {
    const group = store.group(peer);
    const member = group && store.membership(peer, uin);
    if (!group || !member) return null;
    const last = store.lastMessage(`g:${peer}`);
    return item(type, peer, group.name, store.unreadOf(uin, GROUP, peer), top, member.push, row, last);
  }
  const notice = store.lastNotice(uin, type);
  const value = notice?.value ?? INBOX_VALUES[type] ?? `inbox${type}`;
  return {
    type,
    id: value,
    name: value.charAt(0).toUpperCase() + value.slice(1),
    logo: '',
    unread: store.noticeUnread(uin, type),
    top,
    ispush: true,
    time: notice?.time ?? row?.updatedAt ?? 0,
    ...(notice ? { msg: { id: notice.id, from: '', con: notice.con, type: 1, time: notice.time } } : {}),
  };
}

function item(
  type: number,
  id: string,
  name: string,
  unread: number,
  top: boolean,
  ispush: boolean,
  row: { updatedAt: number } | null,
  last: StoredMessage | null,
): SessionItem {
  return {
    type,
    id,
    name,
    logo: '',
    unread,
    top,
    ispush,
    time: last?.time ?? row?.updatedAt ?? 0,
    ...(last ? { msg: { id: last.id, from: last.from, con: last.withdrawn ? '' : last.con, type: last.type, time: last.time } } : {}),
  };
}
