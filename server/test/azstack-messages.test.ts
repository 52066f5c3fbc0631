// AZStack 1:1 messages through the front, with real sockets: send and receive (72/73), the
// copy to the sender's other device (174), delivered, seen, typing, recall, delete,
// conversations with unread counts, history pages, user info, and bad packets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msgId, signIn, startAzServer, type AzClient, type AzTestServer, type Body } from './azstack-support';

let az: AzTestServer;
let a1: AzClient; // alice's first device
let a2: AzClient; // alice's second device
let b1: AzClient;
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
  [a1, a2, b1] = [sa1.client, sa2.client, sb.client];
  [alice, bob, carol] = [sa1.userId, sb.userId, sc.userId];
  sc.client.close();
});
afterAll(async () => {
  await az.stop();
});

/** alice (a1) sends bob a text; returns its msgId once bob has it. */
async function aliceSends(msg: string): Promise<number> {
  const id = msgId();
  a1.send(72, { msgId: id, to: bob, msg });
  await a1.next(72, (b) => b.msgId === id);
  await b1.next(73, (b) => b.msgId === id);
  await a2.next(174, (b) => b.msgId === id);
  return id;
}

describe('1:1 text', () => {
  it('acks the sender, pushes 73 to the recipient and 174 to the sender\'s other device', async () => {
    const id = msgId();
    a1.send(72, { msgId: id, to: bob, msg: 'hello bob' });
    const ack = await a1.next(72);
    expect(ack).toMatchObject({ r: 1, from: bob, msgId: id });
    const pushed = await b1.next(73);
    expect(pushed).toMatchObject({ from: alice, msgId: id, msg: 'hello bob' });
    expect(typeof pushed.time).toBe('number');
    const mine = await a2.next(174);
    expect(mine).toMatchObject({ to: bob, msgId: id, time: pushed.time, msg: 'hello bob' });
    expect(a1.pending(73, 174)).toEqual([]);

    // A resend after a lost ack: acked again, stored and pushed once.
    a1.send(72, { msgId: id, to: bob, msg: 'hello bob' });
    expect(await a1.next(72)).toMatchObject({ r: 1, msgId: id });
    const next = await aliceSends('second');
    expect(b1.pending(73)).toEqual([]);
    // The same msgId for something else is refused.
    a1.send(72, { msgId: next, to: bob, msg: 'different' });
    expect(await a1.next(72)).toMatchObject({ r: 2, msgId: next });
  });

  it('refuses a message to oneself or to nobody with r 2', async () => {
    const id = msgId();
    a1.send(72, { msgId: id, to: alice, msg: 'me' });
    expect(await a1.next(72)).toMatchObject({ r: 2, msgId: id });
    a1.send(72, { msgId: id, to: 999, msg: 'nobody' });
    expect(await a1.next(72)).toMatchObject({ r: 2, msgId: id });
  });

  it('relays delivered (167) and seen (153) to the sender only, and acks seen', async () => {
    const id = await aliceSends('status me');
    b1.send(167, { to: alice, msgId: id });
    expect(await a1.next(167)).toEqual({ from: bob, msgId: id });
    expect(await a2.next(167)).toEqual({ from: bob, msgId: id });
    b1.send(153, { type: 1, chatId: alice, senderId: alice, msgId: id });
    expect(await b1.next(153)).toMatchObject({ r: 0, type: 1, msgId: id });
    expect(await a1.next(153)).toEqual({ type: 1, from: bob, senderId: alice, msgId: id });
    expect(b1.pending(167)).toEqual([]);
    b1.send(170, { page: 1, lastCreated: Date.now() });
    const list = (await b1.next(170)).list as Body[];
    expect(list.find((c) => c.chatId === alice)).toMatchObject({ type: 1, unread: 0 });
    // A seen for a message that is not to you: a failure the SDK can settle (it has `type`).
    b1.send(153, { type: 1, chatId: carol, senderId: carol, msgId: id });
    expect(await b1.next(153)).toMatchObject({ r: 2, type: 1, msgId: id });
  });

  it('relays typing to the other party only', async () => {
    a1.send(142, { to: bob });
    expect(await b1.next(142)).toEqual({ from: alice });
    const after = await aliceSends('after typing');
    expect(after).toBeGreaterThan(0);
    expect(a2.pending(142)).toEqual([]);
  });

  it('recalls: acks, tells the recipient, and the history keeps status 6 without the text', async () => {
    const id = await aliceSends('oops');
    a1.send(127, { type: 1, chatId: bob, to: bob, id });
    expect(await a1.next(127)).toMatchObject({ r: 0, id });
    expect(await b1.next(127)).toEqual({ from: alice, to: bob, id });
    b1.send(169, { page: 1, lastCreated: Date.now(), type: 1, chatId: alice });
    const items = (await b1.next(169)).list as Body[];
    expect(items.find((m) => m.msgId === id)).toMatchObject({ status: 6, msg: '', senderId: alice, receiverId: bob });
    // Only the sender recalls.
    b1.send(127, { type: 1, chatId: alice, to: alice, id });
    expect(await b1.next(127)).toMatchObject({ r: 2, id });
  });

  it('deletes a message from one user\'s view only', async () => {
    const id = await aliceSends('delete me');
    b1.send(168, { type: 1, chatId: alice, senderId: alice, msgId: id });
    expect(await b1.next(168)).toMatchObject({ r: 0 });
    b1.send(169, { page: 1, lastCreated: Date.now(), type: 1, chatId: alice });
    expect(((await b1.next(169)).list as Body[]).some((m) => m.msgId === id)).toBe(false);
    a1.send(169, { page: 1, lastCreated: Date.now(), type: 1, chatId: bob });
    expect(((await a1.next(169)).list as Body[]).some((m) => m.msgId === id)).toBe(true);
  });

  it('lists conversations with unread counts and pages history (173 unread, 169 older)', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) ids.push(await aliceSends(`page ${i}`));
    b1.send(170, { page: 1, lastCreated: Date.now() });
    const conv = await b1.next(170);
    expect(conv).toMatchObject({ done: 1, page: 1 });
    const withAlice = (conv.list as Body[]).find((c) => c.type === 1 && c.chatId === alice) as Body;
    expect(withAlice.unread).toBeGreaterThanOrEqual(25);
    expect(withAlice.lastMsg).toMatchObject({ sender: alice, msgId: ids[24], serviceType: 5, msg: 'page 24', status: 1 });

    const until = Date.now();
    b1.send(169, { page: 1, lastCreated: until, type: 1, chatId: alice });
    const p1 = await b1.next(169);
    expect(p1).toMatchObject({ type: 1, chatId: alice, done: 0, page: 1 });
    expect((p1.list as Body[]).map((m) => m.msgId).slice(0, 5)).toEqual(ids.slice(20).reverse());
    b1.send(169, { page: 2, lastCreated: until, type: 1, chatId: alice });
    const p2 = await b1.next(169);
    expect((p2.list as Body[]).map((m) => m.msgId).slice(0, 5)).toEqual(ids.slice(0, 20).reverse().slice(15));

    b1.send(173, { page: 1, type: 1, chatId: alice });
    const unread = await b1.next(173);
    expect(unread).toMatchObject({ type: 1, chatId: alice, done: 1, page: 1 });
    expect((unread.list as Body[]).slice(-25).map((m) => m.msgId)).toEqual(ids);

    // Seen up to the last one: nothing unread any more.
    b1.send(153, { type: 1, chatId: alice, senderId: alice, msgId: ids[24] });
    await b1.next(153);
    b1.send(173, { page: 1, type: 1, chatId: alice });
    expect((await b1.next(173)).list).toEqual([]);

    // 171: the conversation goes from bob's list (and comes back with the next message).
    b1.send(171, { chatId: alice, type: 1, lastTimeCreated: Date.now() });
    expect(await b1.next(171)).toEqual({ r: 0, type: 1, chatId: alice });
    b1.send(170, { page: 1, lastCreated: Date.now() });
    expect(((await b1.next(170)).list as Body[]).some((c) => c.chatId === alice)).toBe(false);
    await aliceSends('back again');
    b1.send(170, { page: 1, lastCreated: Date.now() });
    expect(((await b1.next(170)).list as Body[]).find((c) => c.chatId === alice)).toMatchObject({ unread: 1 });
  });

  it('allows for a client clock behind the server\'s (lastCreated is the client\'s Date.now())', async () => {
    const id = await aliceSends('just now');
    const behind = Date.now() - 60_000;
    b1.send(170, { page: 1, lastCreated: behind });
    expect(((await b1.next(170)).list as Body[]).find((c) => c.chatId === alice)?.lastMsg).toMatchObject({ msgId: id });
    b1.send(169, { page: 1, lastCreated: behind, type: 1, chatId: alice });
    expect(((await b1.next(169)).list as Body[])[0]).toMatchObject({ msgId: id });
  });

  it('answers user info by ids (164) and by usernames (165), echoing purpose, with presence', async () => {
    a1.send(164, { purpose: 'p1', userIdList: [bob, carol, 424242] });
    const byIds = await a1.next(164);
    expect(byIds).toMatchObject({ r: 1, purpose: 'p1', done: 1 });
    expect(byIds.userInfoList).toEqual([
      { userId: bob, username: 'bob', fullname: 'Bob Okafor', status: 1, lastVisitDate: expect.any(Number) },
      { userId: carol, username: 'carol', fullname: 'Carol Nguyen', status: 0, lastVisitDate: expect.any(Number) },
    ]);
    a1.send(165, { purpose: 7, usernameList: ['BOB', 'nobody'] });
    expect(await a1.next(165)).toMatchObject({ r: 1, purpose: 7, userInfoList: [{ userId: bob, username: 'bob' }] });
  });
});

describe('bad packets', () => {
  it('drops or answers with the failure r, logs without content, and keeps the connection', async () => {
    a1.send(72, '{"msgId": 5, "to": "nobody-secret-text"');
    expect(await a1.next(72)).toMatchObject({ r: 2 });
    a1.send(72, { msgId: 6, to: bob });
    expect(await a1.next(72)).toMatchObject({ r: 2, msgId: 6 });
    a1.send(72, { msgId: 7, to: bob, msg: 'x'.repeat(10_001) });
    expect(await a1.next(72)).toMatchObject({ r: 2, msgId: 7 });
    a1.send(153, { chatId: bob, senderId: bob, msgId: 8, secret: 'sekrit-content' });
    // (an ack has `r`: that is how the SDK tells it from bob's seen notifications)
    expect(await a1.next(153, (b) => 'r' in b)).toMatchObject({ r: 2, type: 1, msgId: 8 });
    a1.send(170, 'null');
    expect(await a1.next(170)).toEqual({ done: 1, page: 1, list: [] });
    a1.send(164, { purpose: 'q', userIdList: 'all' });
    expect(await a1.next(164)).toEqual({ r: 0, purpose: 'q', done: 1, userInfoList: [] });
    a1.sendRaw('not an envelope sekrit-content');
    a1.sendRaw({ service: 'seventy-two', body: '{}' });
    a1.sendRaw({ service: 72, body: 'x'.repeat(200_000) });
    a1.sendRaw(null);
    a1.send(9999, { anything: true });
    a1.send(142, { to: 'bob' });
    // Still served, in order.
    const id = await aliceSends('still here');
    expect(id).toBeGreaterThan(0);
    const log = az.logLines.join('\n');
    expect(log).toContain('azstack bad body');
    expect(log).not.toContain('sekrit');
    expect(log).not.toContain('nobody-secret-text');
  });
});
