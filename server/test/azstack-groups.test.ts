// AZStack groups through the front: create, messages (45/146, 176 to the sender's other
// device), delivered, seen, typing, invite, rename, admin, recall, leave, join a public
// group, details and lists, and the group's history of events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msgId, signIn, startAzServer, type AzClient, type AzTestServer, type Body } from './azstack-support';

let az: AzTestServer;
let a1: AzClient;
let a2: AzClient;
let b1: AzClient;
let c1: AzClient;
let alice: number;
let bob: number;
let carol: number;

beforeAll(async () => {
  az = await startAzServer();
  const [sa1, sa2, sb, sc] = await Promise.all([
    signIn(az, 'alice', 'alice-parley'),
    signIn(az, 'alice', 'alice-parley'),
    signIn(az, 'bob', 'bob-parley'),
    signIn(az, 'carol', 'carol-parley'),
  ]);
  [a1, a2, b1, c1] = [sa1.client, sa2.client, sb.client, sc.client];
  [alice, bob, carol] = [sa1.userId, sb.userId, sc.userId];
});
afterAll(async () => {
  await az.stop();
});

describe('a private group', () => {
  let group = 0;

  it('is created: the ack, 143 to the members and to the creator\'s other device', async () => {
    const id = msgId();
    a1.send(42, { msgId: id, type: 0, name: 'Trip', members: [bob] });
    const ack = await a1.next(42);
    expect(ack).toMatchObject({ r: 1, type: 0, msgId: id, admin: alice, name: 'Trip', members: [alice, bob] });
    expect(typeof ack.group).toBe('number');
    expect(typeof ack.created).toBe('number');
    group = ack.group as number;
    const { r: _r, ...notification } = ack;
    expect(await b1.next(143)).toEqual(notification);
    expect(await a2.next(143)).toEqual(notification);
  });

  it('carries messages: 146 to members, 176 to the sender\'s other device; delivered, seen and typing', async () => {
    const id = msgId();
    a1.send(45, { msgId: id, group, msg: 'hi all' });
    expect(await a1.next(45)).toMatchObject({ r: 1, group, msgId: id });
    const pushed = await b1.next(146);
    expect(pushed).toMatchObject({ group, from: alice, msgId: id, msg: 'hi all' });
    expect(await a2.next(176)).toEqual(pushed);
    expect(a1.pending(146, 176)).toEqual([]);

    b1.send(74, { group, msgId: id, msgSender: alice });
    expect(await a1.next(74)).toEqual({ group, from: bob, msgId: id });
    b1.send(153, { type: 2, chatId: group, senderId: alice, msgId: id });
    expect(await b1.next(153)).toMatchObject({ r: 0, type: 2, chatId: group, msgId: id });
    expect(await a1.next(153)).toEqual({ type: 2, chatId: group, from: bob, msgId: id });

    b1.send(149, { group });
    expect(await a1.next(149)).toEqual({ group, from: bob });
    expect(await a2.next(149)).toEqual({ group, from: bob });

    // Not a member: refused.
    c1.send(45, { msgId: msgId(), group, msg: 'let me in' });
    expect(await c1.next(45)).toMatchObject({ r: 2, group });
  });

  it('invites, renames, hands over admin, recalls', async () => {
    const invite = msgId();
    a1.send(44, { msgId: invite, group, members: [carol, 999999] });
    const ack = await a1.next(44);
    expect(ack).toMatchObject({ r: 0, group, msgId: invite, inviteResult: [{ user: carol, r: 0 }, { user: 999999, r: 1 }] });
    const invited = { group, from: alice, msgId: invite, invited: [carol], created: ack.created };
    expect(await c1.next(144)).toEqual(invited);
    expect(await b1.next(144)).toEqual(invited);

    const rename = msgId();
    b1.send(150, { msgId: rename, group, name: 'Road trip' });
    expect(await b1.next(150)).toMatchObject({ r: 0, group, msgId: rename, newName: 'Road trip' });
    expect(await a1.next(152)).toMatchObject({ group, from: bob, msgId: rename, name: 'Road trip' });
    expect(await c1.next(152)).toMatchObject({ name: 'Road trip' });

    b1.send(159, { msgId: msgId(), group, newAdmin: bob, from: bob });
    expect(await b1.next(159)).toMatchObject({ r: 1, group }); // bob is not the admin
    const admin = msgId();
    a1.send(159, { msgId: admin, group, newAdmin: bob, from: alice });
    expect(await a1.next(159)).toMatchObject({ r: 0, group, msgId: admin, newAdmin: bob });
    expect(await c1.next(160)).toMatchObject({ group, from: alice, msgId: admin, newAdmin: bob });

    const said = msgId();
    c1.send(45, { msgId: said, group, msg: 'wrong chat' });
    await c1.next(45, (b) => b.msgId === said);
    await a1.next(146, (b) => b.msgId === said);
    c1.send(151, { type: 2, chatId: group, group, msgId: said });
    expect(await c1.next(151)).toMatchObject({ r: 0, msgId: said });
    expect(await a1.next(151)).toEqual({ group, from: carol, msgId: said });
  });

  it('details (148), the private list (147), and the history of events (169)', async () => {
    a1.send(148, { group, requestId: 'req-1' });
    const details = await a1.next(148);
    expect(details).toMatchObject({ r: 0, requestId: 'req-1', type: 0, group, name: 'Road trip', admin: bob });
    expect((details.members as Body[]).map((m) => m.userId)).toEqual([alice, bob, carol]);
    expect((details.members as Body[])[0]).toEqual({ userId: alice, username: 'alice', fullname: 'Alice Martin', online: 1, status: 1, lastVisitDate: expect.any(Number) });

    a1.send(147, {});
    const list = (await a1.next<Body[]>(147)) as Body[];
    expect(Array.isArray(list)).toBe(true);
    expect(list.find((g) => g.groupId === group)).toMatchObject({ name: 'Road trip', admin: bob, members: [alice, bob, carol] });

    c1.send(169, { page: 1, lastCreated: Date.now(), type: 2, chatId: group });
    const history = await c1.next(169);
    // carol sees the group from her invitation on.
    expect((history.list as Body[]).map((m) => m.serviceType).reverse()).toEqual([144, 152, 160, 146]);
    expect((history.list as Body[])[3]).toMatchObject({ serviceType: 144, group, invited: [carol], senderId: alice, receiverId: group });
    a1.send(169, { page: 1, lastCreated: Date.now(), type: 2, chatId: group });
    expect(((await a1.next(169)).list as Body[]).at(-1)).toMatchObject({ serviceType: 143, typeGroup: 0, admin: alice, members: [alice, bob] });

    a1.send(170, { page: 1, lastCreated: Date.now() });
    const conv = ((await a1.next(170)).list as Body[]).find((c) => c.type === 2 && c.chatId === group) as Body;
    expect(conv.lastMsg).toMatchObject({ sender: carol, serviceType: 146, status: 6 });
  });

  it('leave and kick: 145 to those who were in it; a left member is refused', async () => {
    const leave = msgId();
    c1.send(43, { msgId: leave, group, leaveUser: carol, newAdmin: 0 });
    expect(await c1.next(43)).toMatchObject({ r: 0, group, msgId: leave, leaveUserId: carol });
    expect(await a1.next(145)).toMatchObject({ group, from: carol, msgId: leave, leaveUser: carol, newAdmin: bob });
    c1.send(45, { msgId: msgId(), group, msg: 'still here?' });
    expect(await c1.next(45)).toMatchObject({ r: 2 });
    c1.send(148, { group, requestId: 2 });
    expect(await c1.next(148)).toMatchObject({ r: 1, requestId: 2 });

    // bob (admin) kicks alice and stays admin.
    const kick = msgId();
    b1.send(43, { msgId: kick, group, leaveUser: alice, newAdmin: bob });
    expect(await b1.next(43)).toMatchObject({ r: 0, leaveUserId: alice });
    expect(await a1.next(145)).toMatchObject({ leaveUser: alice, from: bob, newAdmin: bob });
    expect(await a2.next(145, (b) => b.msgId === kick)).toMatchObject({ leaveUser: alice });
  });
});

describe('a public group', () => {
  it('is listed (198), joined (197: ack with r, notification without), and detailed to non-members', async () => {
    b1.send(42, { msgId: msgId(), type: 1, name: 'Open', members: [] });
    const created = await b1.next(42);
    const group = created.group as number;
    c1.send(198, {});
    const list = await c1.next(198);
    expect(list.done).toBe(1);
    expect((list.list as Body[]).find((g) => g.groupId === group)).toEqual({ groupId: group, type: 1, name: 'Open', admin: bob, count: 1, inGroup: 0, autoJoin: 0 });
    c1.send(148, { group, requestId: 'pub' });
    expect(await c1.next(148)).toMatchObject({ r: 0, type: 1, members: [{ userId: bob }] });

    const join = msgId();
    c1.send(197, { msgId: join, group });
    expect(await c1.next(197)).toMatchObject({ r: 0, group, msgId: join });
    const note = await b1.next(197);
    expect(note).toEqual({ group, from: carol, msgId: join, created: expect.any(Number) });
    c1.send(197, { msgId: msgId(), group });
    expect(await c1.next(197)).toMatchObject({ r: 1 }); // already in it
  });
});
