// Groups (protocol notes, AZStack): create 42/143, invite 44/144, leave or kick 43/145,
// rename 150/152, change admin 159/160, join a public group 197, details 148, lists
// 147 (private, a bare array) and 198 (public). Each change is also a stored event in the
// group's history (its msgId from the acting client, keyed (sender, msgId) like messages),
// and is pushed to the members (and the actor's other devices) besides the actor's ack.
// Decisions where the notes are silent (server/PROTOCOL.md): any member may invite and
// rename; only the admin kicks and hands over admin; an admin who leaves hands over to
// `newAdmin` when that is a remaining member, else to the longest-standing member.

import { bodies, echo } from './bodies';
import { reply } from './connections';
import { GROUP_MEMBER_LIMIT, GROUP_PRIVATE, GROUP_PUBLIC, type AzGroup } from './group-store';
import { Refused, numberField, service, type Me, type Service, type ServiceDeps } from './service';
import { CHAT_GROUP, type StoredMessage } from './store';
import { S } from './wire';

export function groupServices(deps: ServiceDeps): Record<number, Service<never>> {
  const { store, groups, connections, guards, clock } = deps;

  const group = (id: number): AzGroup => {
    const g = groups.get(id);
    if (!g) throw new Refused('no such group');
    return g;
  };
  const memberOf = (me: Me, id: number): AzGroup => {
    const g = group(id);
    if (!groups.isMember(id, me.userId)) throw new Refused('not a member of that group');
    return g;
  };
  /** Stores a group event in the group's history; Refused when the msgId is taken. */
  const event = (me: Me, groupId: number, msgId: number, serviceType: number, fields: Record<string, unknown>, created: number): StoredMessage => {
    const stored = store.insert({ chatType: CHAT_GROUP, sender: me.userId, receiver: groupId, msgId, serviceType, fields, created });
    if (!stored) throw new Refused('msgId already used');
    return stored;
  };
  /** To every member's connections but this one. */
  const toMembers = (me: Me, members: readonly number[], serviceNumber: number, body: unknown) => {
    for (const member of new Set(members)) connections.send(member, serviceNumber, body, me);
  };
  const userInfo = (id: number) => {
    const u = store.user(id);
    const online = connections.isOnline(id) ? 1 : 0;
    return { userId: id, username: u?.username ?? '', fullname: u?.fullname ?? '', online, status: online, lastVisitDate: u?.lastVisit ?? 0 };
  };

  const services = {
    [S.GROUP_CREATE]: service(
      bodies.groupCreate,
      (me, b) => {
        const invited = [...new Set(b.members)].filter((id) => id !== me.userId && store.user(id) !== null);
        if (invited.length + 1 > GROUP_MEMBER_LIMIT) throw new Refused('too many members');
        if (guards.groups.limiter.take(me.uin) > 0) throw new Refused('group quota');
        const type = b.type ?? GROUP_PRIVATE;
        const members = [me.userId, ...invited];
        const created = clock();
        const g = store.transaction(() => {
          if (store.byKey(me.userId, b.msgId)) throw new Refused('msgId already used');
          const made = groups.create(type, b.name, me.userId, created);
          const fields = { typeGroup: type, type, group: made.groupId, admin: me.userId, name: b.name, members, created };
          const stored = event(me, made.groupId, b.msgId, S.GROUP_CREATED, fields, created);
          for (const member of members) groups.add(made.groupId, member, stored.seq);
          return made;
        });
        const body = { type, group: g.groupId, msgId: b.msgId, admin: me.userId, name: b.name, members, created };
        reply(me, S.GROUP_CREATE, { r: 1, ...body });
        toMembers(me, members, S.GROUP_CREATED, body);
      },
      (raw) => ({ r: 0, msgId: numberField(raw, 'msgId'), group: 0, members: [] }),
    ),

    [S.GROUP_INVITE]: service(
      bodies.groupInvite,
      (me, b) => {
        const g = memberOf(me, b.group);
        const created = clock();
        const inviteResult: Array<{ user: number; r: number }> = [];
        const invited: number[] = [];
        let count = groups.count(g.groupId);
        for (const id of new Set(b.members)) {
          const ok = store.user(id) !== null && !groups.isMember(g.groupId, id) && count < GROUP_MEMBER_LIMIT;
          inviteResult.push({ user: id, r: ok ? 0 : 1 });
          if (ok) {
            invited.push(id);
            count += 1;
          }
        }
        if (invited.length === 0) throw new Refused('nobody to invite');
        store.transaction(() => {
          const stored = event(me, g.groupId, b.msgId, S.GROUP_INVITED, { group: g.groupId, from: me.userId, invited, created }, created);
          for (const id of invited) groups.add(g.groupId, id, stored.seq);
        });
        reply(me, S.GROUP_INVITE, { r: 0, group: g.groupId, msgId: b.msgId, inviteResult, created });
        toMembers(me, groups.members(g.groupId), S.GROUP_INVITED, { group: g.groupId, from: me.userId, msgId: b.msgId, invited, created });
      },
      (raw) => ({ r: 1, group: numberField(raw, 'group'), msgId: numberField(raw, 'msgId'), inviteResult: [] }),
    ),

    [S.GROUP_LEAVE]: service(
      bodies.groupLeave,
      (me, b) => {
        const g = memberOf(me, b.group);
        if (b.leaveUser !== me.userId && g.admin !== me.userId) throw new Refused('only the admin removes others');
        if (!groups.isMember(g.groupId, b.leaveUser)) throw new Refused('not a member');
        const before = groups.members(g.groupId);
        const rest = before.filter((id) => id !== b.leaveUser);
        let admin = g.admin;
        if (b.leaveUser === g.admin) admin = b.newAdmin && rest.includes(b.newAdmin) ? b.newAdmin : (rest[0] ?? g.admin);
        const created = clock();
        store.transaction(() => {
          event(me, g.groupId, b.msgId, S.GROUP_LEFT, { group: g.groupId, from: me.userId, leaveUser: b.leaveUser, newAdmin: admin, created }, created);
          groups.remove(g.groupId, b.leaveUser);
          if (admin !== g.admin) groups.setAdmin(g.groupId, admin);
        });
        reply(me, S.GROUP_LEAVE, { r: 0, group: g.groupId, msgId: b.msgId, leaveUserId: b.leaveUser, leaveUser: b.leaveUser, newAdmin: admin, created });
        // Those who were in the group when it happened, the one who left included.
        toMembers(me, before, S.GROUP_LEFT, { group: g.groupId, from: me.userId, msgId: b.msgId, leaveUser: b.leaveUser, newAdmin: admin, created });
      },
      (raw) => ({ r: 1, group: numberField(raw, 'group'), msgId: numberField(raw, 'msgId') }),
    ),

    [S.GROUP_RENAME]: service(
      bodies.groupRename,
      (me, b) => {
        const g = memberOf(me, b.group);
        const created = clock();
        store.transaction(() => {
          event(me, g.groupId, b.msgId, S.GROUP_RENAMED, { group: g.groupId, from: me.userId, name: b.name, created }, created);
          groups.rename(g.groupId, b.name);
        });
        reply(me, S.GROUP_RENAME, { r: 0, group: g.groupId, msgId: b.msgId, newName: b.name, name: b.name, created });
        toMembers(me, groups.members(g.groupId), S.GROUP_RENAMED, { group: g.groupId, from: me.userId, msgId: b.msgId, name: b.name, created });
      },
      (raw) => ({ r: 1, group: numberField(raw, 'group'), msgId: numberField(raw, 'msgId') }),
    ),

    [S.GROUP_ADMIN]: service(
      bodies.groupAdmin,
      (me, b) => {
        const g = memberOf(me, b.group);
        if (g.admin !== me.userId) throw new Refused('only the admin hands over');
        if (!groups.isMember(g.groupId, b.newAdmin)) throw new Refused('the new admin is not a member');
        const created = clock();
        store.transaction(() => {
          event(me, g.groupId, b.msgId, S.GROUP_ADMIN_CHANGED, { group: g.groupId, from: me.userId, newAdmin: b.newAdmin, created }, created);
          groups.setAdmin(g.groupId, b.newAdmin);
        });
        reply(me, S.GROUP_ADMIN, { r: 0, group: g.groupId, msgId: b.msgId, newAdmin: b.newAdmin, created });
        toMembers(me, groups.members(g.groupId), S.GROUP_ADMIN_CHANGED, { group: g.groupId, from: me.userId, msgId: b.msgId, newAdmin: b.newAdmin, created });
      },
      (raw) => ({ r: 1, group: numberField(raw, 'group'), msgId: numberField(raw, 'msgId') }),
    ),

    [S.GROUP_JOIN]: service(
      bodies.groupJoin,
      (me, b) => {
        const g = group(b.group);
        if (g.type !== GROUP_PUBLIC) throw new Refused('not a public group');
        if (groups.isMember(g.groupId, me.userId)) throw new Refused('already a member');
        if (groups.count(g.groupId) >= GROUP_MEMBER_LIMIT) throw new Refused('group full');
        const created = clock();
        store.transaction(() => {
          const stored = event(me, g.groupId, b.msgId, S.GROUP_JOIN, { group: g.groupId, from: me.userId, created }, created);
          groups.add(g.groupId, me.userId, stored.seq);
        });
        reply(me, S.GROUP_JOIN, { r: 0, group: g.groupId, msgId: b.msgId, created });
        // The notification has no `r` (that is how the SDK tells it from the ack).
        toMembers(me, groups.members(g.groupId), S.GROUP_JOIN, { group: g.groupId, from: me.userId, msgId: b.msgId, created });
      },
      (raw) => ({ r: 1, group: numberField(raw, 'group'), msgId: numberField(raw, 'msgId') }),
    ),

    [S.GROUP_DETAILS]: service(
      bodies.groupDetails,
      (me, b) => {
        const g = group(b.group);
        if (g.type !== GROUP_PUBLIC && !groups.isMember(g.groupId, me.userId)) throw new Refused('not a member of that group');
        reply(me, S.GROUP_DETAILS, {
          r: 0,
          requestId: echo(b.requestId) ?? 0,
          type: g.type,
          group: g.groupId,
          name: g.name,
          admin: g.admin,
          created: g.created,
          members: groups.members(g.groupId).map(userInfo),
        });
      },
      (raw) => ({ r: 1, requestId: echo(raw.requestId) ?? 0, group: numberField(raw, 'group'), members: [] }),
    ),

    [S.GROUP_LIST_PRIVATE]: service(
      bodies.appState, // any object: the request is {}
      (me) => {
        const list = groups
          .ofUser(me.userId)
          .filter((g) => g.type === GROUP_PRIVATE)
          .map((g) => ({ groupId: g.groupId, type: g.type, name: g.name, admin: g.admin, members: groups.members(g.groupId) }));
        reply(me, S.GROUP_LIST_PRIVATE, list);
      },
      () => [],
    ),

    [S.GROUP_LIST_PUBLIC]: service(
      bodies.appState,
      (me) => {
        const list = groups.publicGroups().map((g) => ({
          groupId: g.groupId,
          type: g.type,
          name: g.name,
          admin: g.admin,
          count: groups.count(g.groupId),
          inGroup: groups.isMember(g.groupId, me.userId) ? 1 : 0,
          autoJoin: 0,
        }));
        reply(me, S.GROUP_LIST_PUBLIC, { done: 1, list });
      },
      () => ({ done: 1, list: [] }),
    ),
  };
  return services as unknown as Record<number, Service<never>>;
}
