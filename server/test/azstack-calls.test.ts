// AZStack free calls through the front: 186/187/188 relayed in order to every device of
// the other party with `from`, 199 to the actor's other devices, an offer to someone
// offline answered with 400 (not answered), a malformed packet relayed to nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msgId, signIn, startAzServer, type AzClient, type AzTestServer, type Body } from './azstack-support';

let az: AzTestServer;
let a1: AzClient;
let a2: AzClient;
let b1: AzClient;
let b2: AzClient;
let alice: number;
let bob: number;
let carol: number;

beforeAll(async () => {
  az = await startAzServer();
  const [sa1, sa2, sb1, sb2, sc] = await Promise.all([
    signIn(az, 'alice', 'alice-parley'),
    signIn(az, 'alice', 'alice-parley'),
    signIn(az, 'bob', 'bob-parley'),
    signIn(az, 'bob', 'bob-parley'),
    signIn(az, 'carol', 'carol-parley'),
  ]);
  [a1, a2, b1, b2] = [sa1.client, sa2.client, sb1.client, sb2.client];
  [alice, bob, carol] = [sa1.userId, sb1.userId, sc.userId];
  sc.client.close();
  // carol is offline once the front has seen her socket go: ask (164) until it says so.
  for (let i = 0; ; i++) {
    a1.send(164, { purpose: 'carol', userIdList: [carol] });
    if (((await a1.next(164)).userInfoList as Body[])[0]?.status === 0) break;
    if (i > 1000) throw new Error('carol stays online');
  }
});
afterAll(async () => {
  await az.stop();
});

describe('a free call', () => {
  it('relays offer, ICE, ringing, answer and hang-up in order, to both devices', async () => {
    const callId = msgId();
    const offer = { callId, mediaType: 1, to: bob, sdp: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } };
    a1.send(186, offer);
    const ice = (i: number) => ({ callId, to: bob, type: 2, data: { sdpMid: '0', sdpMLineIndex: 0, sdp: `candidate:${i} 1 udp 1 127.0.0.1 ${5000 + i} typ host` } });
    for (let i = 0; i < 5; i++) a1.send(187, ice(i));
    expect(await b1.next(186)).toEqual({ ...offer, from: alice });
    expect(await b2.next(186)).toEqual({ ...offer, from: alice });
    for (let i = 0; i < 5; i++) expect(await b1.next(187)).toEqual({ ...ice(i), from: alice });
    expect(b1.all.filter((p) => p.service === 186 || p.service === 187).map((p) => p.service)).toEqual([186, 187, 187, 187, 187, 187]);

    b1.send(188, { callId, to: alice, status: 180 });
    b2.send(188, { callId, to: alice, status: 180 });
    expect(await a1.next(188)).toEqual({ callId, from: bob, to: alice, status: 180 });
    expect(await a2.next(188)).toEqual({ callId, from: bob, to: alice, status: 180 });

    const answer = { callId, to: alice, type: 1, data: { type: 'answer', sdp: 'v=0\r\n' } };
    b1.send(188, { callId, to: alice, status: 200 });
    b1.send(187, answer);
    const answered = await a1.next(188, (b) => b.status === 200);
    expect(answered).toEqual({ callId, from: bob, to: alice, status: 200 });
    expect(await a1.next(187)).toEqual({ ...answer, from: bob });
    // bob's other device is told it was answered elsewhere.
    expect(await b2.next(199, (b) => b.status === 200)).toEqual({ callId, from: bob, to: alice, status: 200 });
    const order = a1.all.filter((p) => p.service === 188 || p.service === 187).map((p) => `${p.service}:${(p.body as Body).status ?? (p.body as Body).type}`);
    expect(order.slice(-2)).toEqual(['188:200', '187:1']);

    a1.send(188, { callId, to: bob, status: 700 });
    expect(await b1.next(188)).toEqual({ callId, from: alice, to: bob, status: 700 });
    expect(await a2.next(199)).toEqual({ callId, from: alice, to: bob, status: 700 });
  });

  it('answers an offer to someone offline with 400 from them', async () => {
    const callId = msgId();
    a1.send(186, { callId, mediaType: 2, to: carol, sdp: { type: 'offer', sdp: 'v=0\r\n' } });
    expect(await a1.next(188, (b) => b.callId === callId)).toEqual({ callId, from: carol, to: alice, status: 400 });
  });

  it('relays nothing for a malformed call packet', async () => {
    const bad = msgId();
    a1.send(186, { callId: bad, mediaType: 1, to: bob }); // no sdp
    a1.send(187, { callId: bad, to: bob, type: 3, data: {} });
    a1.send(186, { callId: bad, mediaType: 1, to: bob, sdp: { type: 'offer', sdp: 'x'.repeat(70_000) } });
    const good = msgId();
    a1.send(188, { callId: good, to: bob, status: 603 });
    expect(await b1.next(188, (b) => b.callId === good)).toMatchObject({ status: 603 });
    expect(b1.all.some((p) => (p.body as Body | undefined)?.callId === bad)).toBe(false);
  });
});
