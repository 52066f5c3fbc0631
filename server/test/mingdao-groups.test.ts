// Mingdao groups on the reference front: Parley's `create group` and group operations
// (extensions; the document only has their pushes), "send group message" with its
// one-argument ack and errors (group not found, not in group, removeit, ban speak), the
// document's pushes (new group, member added / removed, renamed, admin, ban / permit
// speak, set group notice), group shake, group withdraw and system lines (sysType).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from './support';
import { call, next, startMingdaoServer, type MingdaoServer, type Online, type SignedIn } from './mingdao-support';

let server: MingdaoServer;
let alice: SignedIn;
let bob: SignedIn;
let carol: SignedIn;

beforeAll(async () => {
  server = await startMingdaoServer();
  [alice, bob, carol] = await Promise.all([server.login('alice'), server.login('bob'), server.login('carol')]);
});
afterAll(async () => {
  await server.stop();
});

const con = (m: Record<string, unknown>) => (m.msg as { con: string }).con;

async function createGroup(owner: Online, name: string, members: string[]): Promise<string> {
  const [err, group] = (await call(owner.socket, 'create group', { name, members })) as [unknown, { id: string }];
  expect(err).toBe(false);
  return group.id;
}

describe('groups', () => {
  it('creates a group: ack (false, {id, name, members}), "new group" to the members and the creator\'s other connection, a system line', async () => {
    const a1 = await server.online(alice);
    const a2 = await server.online(alice);
    const b = await server.online(bob);
    const announced = next(b.socket, 'new group');
    const otherAnnounced = next(a2.socket, 'new group');
    const line = next(b.socket, 'new group message', (m) => m.sysType === 4);
    const [err, group] = (await call(a1.socket, 'create group', { name: 'Trip', members: [bob.accountId, carol.accountId, bob.accountId] })) as [false, { id: string; name: string; members: string[] }];
    expect(err).toBe(false);
    expect(group.members.sort()).toEqual([alice.accountId, bob.accountId, carol.accountId].sort());
    const pushed = await announced;
    expect(pushed).toEqual({ id: group.id, name: 'Trip', logo: '', uCount: 3, admins: [alice.accountId], isPost: false, cuser: alice.accountId, isPush: true, members: group.members });
    expect(await otherAnnounced).toEqual(pushed);
    expect(await line).toMatchObject({ to: group.id, groupname: 'Trip', type: 1, sysType: 4, from: alice.accountId, isPush: true });
    expect(await call(a1.socket, 'create group', { name: 'Alone', members: [alice.accountId] })).toEqual([{ error: 'a group needs another member' }]);
    expect(await call(a1.socket, 'create group', { name: 'Ghost', members: ['999999'] })).toEqual([{ error: 'user not found' }]);
    // System lines are not unread.
    expect(((await call(b.socket, 'session info', { type: 2, id: group.id })) as [false, { unread: number }])[1].unread).toBe(0);
  });

  it('sends a group message: {id}, "new group message" to every other member and the sender\'s other connection; the document\'s errors', async () => {
    const a1 = await server.online(alice);
    const a2 = await server.online(alice);
    const b = await server.online(bob);
    const c = await server.online(carol);
    const gid = await createGroup(a1, 'Book club', [bob.accountId, carol.accountId]);
    const toBob = next(b.socket, 'new group message', (m) => con(m) === 'hi all');
    const toCarol = next(c.socket, 'new group message', (m) => con(m) === 'hi all');
    const toOther = next(a2.socket, 'new group message', (m) => con(m) === 'hi all');
    const ack = await call(a1.socket, 'send group message', { togroup: gid, msg: 'hi all', type: 1 });
    expect(ack).toEqual([{ id: expect.stringMatching(/^\d+$/) }]);
    const pushed = await toBob;
    expect(pushed).toMatchObject({ id: (ack[0] as { id: string }).id, from: alice.accountId, uname: 'Alice Martin', to: gid, groupname: 'Book club', avatar: '', type: 1, isPush: true });
    expect(pushed.sysType).toBeUndefined();
    expect(await toCarol).toEqual(pushed);
    expect(await toOther).toEqual(pushed);

    const outsider = await server.login((await signUp(server.url, { password: 'correct horse battery' })).username, 'correct horse battery');
    const o = await server.online(outsider);
    expect(await call(o.socket, 'send group message', { togroup: gid, msg: 'let me in' })).toEqual([{ error: 'not in group' }]);
    expect(await call(o.socket, 'send group message', { togroup: '123456', msg: '?' })).toEqual([{ error: 'group not found' }]);
    expect(await call(o.socket, 'session info', { type: 2, id: gid })).toEqual([{ error: 'session not found' }]);
  });

  it('adds, renames, manages admins, bans speech, mutes, removes and lets members leave, with the document\'s pushes', async () => {
    const a1 = await server.online(alice);
    const a2 = await server.online(alice);
    const b = await server.online(bob);
    const c = await server.online(carol);
    const gid = await createGroup(a1, 'Ops', [bob.accountId]);

    const added = next(b.socket, 'group member added');
    const carolJoins = next(c.socket, 'new group', (g) => g.id === gid);
    const addedLine = next(b.socket, 'new group message', (m) => m.sysType === 1);
    expect(await call(a1.socket, 'add group members', { gid, members: [carol.accountId] })).toEqual([false, 1]);
    expect(await added).toEqual({ id: gid, name: 'Ops', users: [{ AccountID: carol.accountId, Email: '', Fullname: 'Carol Nguyen', Avatar: '' }] });
    expect((await carolJoins).uCount).toBe(3);
    expect(con(await addedLine)).toBe('Alice Martin added Carol Nguyen');

    const renamed = next(b.socket, 'group renamed');
    const renamedOther = next(a2.socket, 'group renamed');
    expect(await call(a1.socket, 'rename group', { gid, name: 'Ops 2' })).toEqual([false, 1]);
    const renameData = { oldName: 'Ops', name: 'Ops 2', gid, user: { id: alice.accountId, logo: '' } };
    expect(await renamed).toEqual(renameData);
    expect(await renamedOther).toEqual(renameData);

    expect(await call(b.socket, 'add group admin', { gid, aid: carol.accountId })).toEqual([{ error: 'not group admin' }]);
    const adminAdded = next(c.socket, 'group admin added');
    expect(await call(a1.socket, 'add group admin', { gid, aid: bob.accountId })).toEqual([false, 1]);
    expect(await adminAdded).toEqual({ addAid: bob.accountId, gid });
    const adminRemoved = next(c.socket, 'group admin removed');
    expect(await call(a1.socket, 'remove group admin', { gid, aid: bob.accountId })).toEqual([false, 1]);
    expect(await adminRemoved).toEqual({ removedAid: bob.accountId, aid: alice.accountId, gid });

    const banned = next(b.socket, 'ban speak');
    expect(await call(a1.socket, 'ban speak', { gid })).toEqual([false, 1]);
    expect(await banned).toEqual({ groupid: gid, operator: { accountId: alice.accountId, fullName: 'Alice Martin', avatar: '' } });
    expect(await call(b.socket, 'send group message', { togroup: gid, msg: 'can I?' })).toEqual([{ error: 'ban speak' }]);
    expect(await call(a1.socket, 'send group message', { togroup: gid, msg: 'admins can' })).toEqual([{ id: expect.any(String) }]);
    const permitted = next(b.socket, 'permit speak');
    expect(await call(a1.socket, 'permit speak', { gid })).toEqual([false, 1]);
    expect((await permitted).groupid).toBe(gid);

    // Group notice off: the group's unread counts as notPush, and pushes say isPush false.
    const b2 = await server.online(bob);
    const noticeTold = next(b2.socket, 'set group notice');
    expect(await call(b.socket, 'set group notice', { gid, isPush: false })).toEqual([false, 1]);
    expect(await noticeTold).toEqual({ gid, aid: bob.accountId, isPush: false });
    await call(b.socket, 'clear all unread');
    const quiet = next(b.socket, 'new group message', (m) => con(m) === 'quiet');
    await call(c.socket, 'send group message', { togroup: gid, msg: 'quiet' });
    expect((await quiet).isPush).toBe(false);
    expect(await call(b.socket, 'unread count')).toEqual([false, { user: [], group: [{ id: gid, num: 1, ispush: false, at: false }], num: 1, notPush: 1 }]);

    const removedFrom = next(c.socket, 'removed from group');
    const memberRemoved = next(b.socket, 'group member removed');
    expect(await call(b.socket, 'remove group member', { gid, aid: carol.accountId })).toEqual([{ error: 'not group admin' }]);
    expect(await call(a1.socket, 'remove group member', { gid, aid: carol.accountId })).toEqual([false, 1]);
    expect(await removedFrom).toEqual({ id: gid, name: 'Ops 2' });
    expect(await memberRemoved).toEqual({ id: gid, name: 'Ops 2', aid: carol.accountId });
    expect(await call(c.socket, 'send group message', { togroup: gid, msg: 'still here?' })).toEqual([{ error: 'removeit' }]);
    expect(await call(c.socket, 'group shake', { gid, toUser: [] })).toEqual([{ error: 'removeit' }]);

    const left = next(a1.socket, 'group member removed', (r) => r.aid === bob.accountId);
    expect(await call(b.socket, 'exit group', { gid })).toEqual([false, 1]);
    expect(await left).toEqual({ id: gid, name: 'Ops 2', aid: bob.accountId });
    expect(await call(b.socket, 'send group message', { togroup: gid, msg: 'bye' })).toEqual([{ error: 'removeit' }]);
  });

  it('group shake: (false, 1), "group shake" {from, gid} to the named members, a type-6 line for all; 5 s per group', async () => {
    const a = await server.online(alice);
    const b = await server.online(bob);
    const c = await server.online(carol);
    const gid = await createGroup(a, 'Shakers', [bob.accountId, carol.accountId]);
    const shaken = next(b.socket, 'group shake');
    const lineForCarol = next(c.socket, 'new group message', (m) => m.type === 6);
    expect(await call(a.socket, 'group shake', { toUser: [bob.accountId], gid, messageId: 'x1' })).toEqual([false, 1]);
    expect(await shaken).toEqual({ from: alice.accountId, gid });
    expect(await lineForCarol).toMatchObject({ from: alice.accountId, to: gid, type: 6, msg: { con: '' } });
    expect(await call(a.socket, 'group shake', { toUser: [], gid, messageId: 'x2' })).toEqual([{ error: 'too frequent' }]);
    // Probe: carol was not shaken (only bob was named).
    await call(c.socket, 'unread count');
    expect(c.seen.get('group shake')).toBeUndefined();
    server.advance(5000);
    const everyone = next(c.socket, 'group shake');
    expect(await call(a.socket, 'group shake', { gid, messageId: 'x3' })).toEqual([false, 1]);
    expect(await everyone).toEqual({ from: alice.accountId, gid });
  });

  it('withdraws a group message: "withdraw message" {id, from, gid} to the members', async () => {
    const a = await server.online(alice);
    const b = await server.online(bob);
    const gid = await createGroup(a, 'Recall', [bob.accountId]);
    const [{ id }] = (await call(a.socket, 'send group message', { togroup: gid, msg: 'wrong group' })) as [{ id: string }];
    const told = next(b.socket, 'withdraw message', (w) => w.id === id);
    expect(await call(b.socket, 'withdraw group message', { id, togroup: gid })).toEqual([{ error: 'not your message' }]);
    expect(await call(a.socket, 'withdraw group message', { id, togroup: '1' })).toEqual([{ error: 'message not found' }]);
    expect(await call(a.socket, 'withdraw group message', { id, togroup: gid })).toEqual([false, 1]);
    expect(await told).toEqual({ id, from: alice.accountId, gid });
    // No longer unread: the group has no count left.
    const [, counts] = (await call(b.socket, 'unread count')) as [false, { group: Array<{ id: string }> }];
    expect(counts.group.filter((g) => g.id === gid)).toEqual([]);
  });
});
