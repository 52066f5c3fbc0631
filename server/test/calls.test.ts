// Calls against a real server (server/PROTOCOL.md, Calls): create_call → start_call and the
// server's own "received" event → answer_call → signalling relayed only between the call's
// participants → stop_call, and each ending with its one history line (type 11); decline,
// the ring timeout, busy, group calls (late joiners, leaving without ending, full at 4), a
// participant who vanishes, and bad requests answered with a clear result.

import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, request, send, startTestServer, type TestServer } from './support';
import { acquaint, collect, createGroup, history, listed, onlineUser, secondDevice, settled, type OnlineUser, type Wire } from './group-support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** create_call, the ack's call (fails the test unless result 0). */
async function callIn(socket: Socket, groupId: string, media = 2, extra: Wire = {}): Promise<Wire> {
  const answer = await request(socket, 'create_call', { group_id: groupId, media_type: media, ...extra });
  expect(answer, JSON.stringify(answer)).toMatchObject({ result: 0 });
  return answer.call as Wire;
}

async function ok(socket: Socket, event: string, payload: unknown): Promise<Wire> {
  const answer = await request(socket, event, payload);
  expect(answer, `${event}: ${JSON.stringify(answer)}`).toMatchObject({ result: 0 });
  return answer;
}

const forCall = (callId: unknown) => (data: Wire) => data.call_id === callId;
const lineFor = (callId: unknown) => (m: Wire) => m.type === 11 && (JSON.parse(m.attachments as string) as { call: Wire }).call.call_id === callId;

/** The `call` body of a type-11 line. */
function callLine(message: Wire): Wire {
  expect(message.type).toBe(11);
  expect(message.attactments).toBe(message.attachments);
  return (JSON.parse(message.attachments as string) as { call: Wire }).call;
}

async function unread(user: OnlineUser, groupId: string): Promise<number> {
  return (await listed(user.socket, groupId))?.unread_cnt as number;
}

async function callLines(user: OnlineUser, groupId: string): Promise<Wire[]> {
  return (await history(user.socket, groupId)).filter((m) => m.type === 11);
}

describe('a 1:1 call', () => {
  it('rings, is answered, relays signalling between its two participants only, and ends for both with one line', async () => {
    const a = await onlineUser(server, 'Alice');
    const b = await onlineUser(server, 'Bob');
    const groupId = await acquaint(a, b);
    const aPhone = await secondDevice(server, a);
    const bPhone = await secondDevice(server, b);
    const toAPhone = collect(aPhone, 'start_call');
    const unreadBefore = await unread(b, groupId);

    const rang = nextEvent<Wire>(b.socket, 'start_call');
    const rangPhone = nextEvent<Wire>(bPhone, 'start_call');
    const ringing = nextEvent<Wire>(a.socket, 'event', (e) => e.type === 3);
    // As real clients send it: numbers for the IDs, the callee list, the caller's own uin.
    const created = await request(a.socket, 'create_call', {
      group_id: BigInt(groupId),
      caller_uin: BigInt(a.uin),
      callee_uins: [BigInt(b.uin)],
      media_type: 2,
      sender_name: 'Alice',
    });
    expect(created).toMatchObject({ result: 0 });
    const call = created.call as Wire;
    expect(call).toMatchObject({
      call_id: expect.stringMatching(/^[1-9]\d*$/),
      group_id: groupId,
      media_type: 2,
      call_status: 1,
      caller_uin: a.uin,
      callee_uins: [b.uin],
      joined_uins: [a.uin],
      sender_name: 'Alice',
      accepted_at: 0,
      stopped_at: 0,
    });
    expect(call.started_at).toBeGreaterThan(0);
    expect(BigInt(call.call_id as string)).toBeGreaterThan(2n ** 53n);
    expect((await rang).call).toEqual(call);
    expect((await rangPhone).call).toEqual(call);
    // The server says "received" for the callee, who never sent it.
    expect(await ringing).toEqual({ type: 3, sender_uin: b.uin, receiver_uin: a.uin, call_id: call.call_id, group_id: groupId, data: '' });

    // Accept on one device: the caller and the callee's other device hear of it.
    const accepted = nextEvent<Wire>(a.socket, 'answer_call', forCall(call.call_id));
    const stopRinging = nextEvent<Wire>(bPhone, 'answer_call', forCall(call.call_id));
    const answer = await ok(b.socket, 'answer_call', { call_id: BigInt(call.call_id as string), group_id: BigInt(groupId), callee_uin: BigInt(b.uin), answer: 1 });
    expect(answer.call).toMatchObject({ call_status: 1, joined_uins: [a.uin, b.uin] });
    expect((answer.call as Wire).accepted_at).toBeGreaterThan(0);
    for (const push of [await accepted, await stopRinging]) {
      expect(push).toMatchObject({ call_id: call.call_id, group_id: groupId, uin: b.uin, callee_uin: b.uin, answer: 1, call: { joined_uins: [a.uin, b.uin] } });
    }

    // Signalling, both ways, with the sender set by the server.
    const offer = nextEvent<Wire>(b.socket, 'ice_sdp');
    await ok(a.socket, 'ice_sdp', { call_id: call.call_id, group_id: groupId, sender_uin: a.uin, receiver_uin: b.uin, type: 1, sdp: 'v=0 offer' });
    expect(await offer).toEqual({ call_id: call.call_id, group_id: groupId, sender_uin: a.uin, receiver_uin: b.uin, type: 1, sdp: 'v=0 offer' });
    const reply = nextEvent<Wire>(a.socket, 'ice_sdp');
    await ok(b.socket, 'ice_sdp', { call_id: call.call_id, receiver_uin: a.uin, type: 2, sdp: 'v=0 answer' }); // no group_id: as real clients
    expect(await reply).toMatchObject({ sender_uin: b.uin, receiver_uin: a.uin, type: 2, sdp: 'v=0 answer' });
    const candidate = nextEvent<Wire>(b.socket, 'ice_candidate');
    await ok(a.socket, 'ice_candidate', { call_id: call.call_id, group_id: groupId, receiver_uin: b.uin, candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdp_mid: '0', sdp_mline_index: 0 });
    expect(await candidate).toEqual({
      call_id: call.call_id,
      group_id: groupId,
      sender_uin: a.uin,
      receiver_uin: b.uin,
      candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host',
      sdp_mid: '0',
      sdp_mline_index: 0,
    });
    const cameraOff = nextEvent<Wire>(a.socket, 'event', (e) => e.type === 5);
    const data = JSON.stringify({ audio_muted: true, video_on: false });
    await ok(b.socket, 'event', { type: 5, call_id: call.call_id, group_id: groupId, sender_uin: b.uin, receiver_uin: a.uin, data });
    expect(await cameraOff).toEqual({ type: 5, sender_uin: b.uin, receiver_uin: a.uin, call_id: call.call_id, group_id: groupId, data });

    // Nobody else can use the call: a stranger, or a forged sender.
    const stranger = await onlineUser(server);
    const toStranger = collect(stranger.socket, 'ice_sdp');
    expect(await request(stranger.socket, 'ice_sdp', { call_id: call.call_id, receiver_uin: b.uin, type: 1, sdp: 'x' })).toMatchObject({ result: 4 });
    expect(await request(a.socket, 'ice_sdp', { call_id: call.call_id, receiver_uin: stranger.uin, type: 1, sdp: 'x' })).toMatchObject({
      result: 4,
      reason: 'receiver_uin: is not in this call',
    });
    expect(await request(a.socket, 'ice_sdp', { call_id: call.call_id, sender_uin: b.uin, receiver_uin: b.uin, type: 1, sdp: 'x' })).toMatchObject({ result: 4 });
    expect(await request(stranger.socket, 'call_status', { call_id: call.call_id })).toMatchObject({ result: 4 });

    // Hang up: over for both, one line with the duration.
    const stopped = nextEvent<Wire>(b.socket, 'stop_call', forCall(call.call_id));
    const lineToA = nextEvent<Wire>(a.socket, 'message', lineFor(call.call_id));
    const lineToB = nextEvent<Wire>(b.socket, 'message', lineFor(call.call_id));
    const hungUp = await ok(a.socket, 'stop_call', `{'call_id': ${call.call_id as string}, 'group_id': ${groupId}, 'uin': ${a.uin}}`);
    expect(hungUp.call).toMatchObject({ call_status: 3, joined_uins: [] });
    const stop = await stopped;
    expect(stop).toMatchObject({ call_id: call.call_id, group_id: groupId, uin: a.uin, call_status: 3, reason: 'hung-up', call: { call_status: 3 } });
    expect((stop.call as Wire).stopped_at).toBeGreaterThanOrEqual((stop.call as Wire).accepted_at as number);
    const line = await lineToB;
    expect(await lineToA).toEqual(line);
    expect(line).toMatchObject({ group_id: groupId, sender_uin: a.uin, sender_name: 'Alice', message: expect.stringMatching(/^Video call, \d+:\d\d$/) });
    expect(callLine(line)).toEqual({ call_id: call.call_id, media_type: 2, outcome: 'ended', caller_uin: a.uin, duration_ms: expect.any(Number) });
    const lines = await callLines(b, groupId);
    expect(lines.map((m) => m.message_id)).toEqual([line.message_id]);
    // The change feed carries it too.
    const feed = await ok(b.socket, 'list_message', { group_id: groupId, changed_after: '1' });
    expect((feed.messages as Wire[]).some((m) => m.message_id === line.message_id)).toBe(true);
    // An answered call is nothing to read.
    expect(await unread(b, groupId)).toBe(unreadBefore);

    // Over: status 3 for anyone asking; signalling refused; a second hang-up changes nothing.
    expect(await ok(b.socket, 'call_status', { call_id: call.call_id, group_id: groupId })).toMatchObject({ call_id: call.call_id, group_id: groupId, call_status: 3, call: { call_status: 3 } });
    expect(await request(b.socket, 'ice_candidate', { call_id: call.call_id, receiver_uin: a.uin, candidate: 'c' })).toMatchObject({ result: 4, reason: 'the call is over' });
    expect(await request(b.socket, 'stop_call', { call_id: call.call_id })).toMatchObject({ result: 0 });
    expect(await callLines(a, groupId)).toHaveLength(1);
    await settled(aPhone);
    expect(toAPhone).toEqual([]);
    expect(toStranger).toEqual([]);
  });

  it('declined: over for both, a "declined" line that counts as nothing unread', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const groupId = await acquaint(a, b);
    const before = await unread(b, groupId);
    const call = await callIn(a.socket, groupId, 1);
    const declined = nextEvent<Wire>(a.socket, 'answer_call', forCall(call.call_id));
    const over = nextEvent<Wire>(a.socket, 'stop_call', forCall(call.call_id));
    const line = nextEvent<Wire>(b.socket, 'message', lineFor(call.call_id));
    const answer = await ok(b.socket, 'answer_call', { call_id: call.call_id, group_id: groupId, uin: b.uin, answer: 2 });
    expect(answer.call).toMatchObject({ call_status: 3 });
    expect(await declined).toMatchObject({ uin: b.uin, answer: 2, call: { call_status: 3 } });
    expect(await over).toMatchObject({ uin: b.uin, call_status: 3 });
    const message = await line;
    expect(message.message).toBe('Declined call');
    expect(callLine(message)).toEqual({ call_id: call.call_id, media_type: 1, outcome: 'declined', caller_uin: a.uin });
    expect(await unread(b, groupId)).toBe(before);
    // Answering again changes nothing; accepting a call that is over is refused.
    expect(await request(b.socket, 'answer_call', { call_id: call.call_id, uin: b.uin, answer: 2 })).toMatchObject({ result: 0 });
    expect(await request(b.socket, 'answer_call', { call_id: call.call_id, uin: b.uin, answer: 1 })).toMatchObject({ result: 4, reason: 'the call is over' });
    expect(await callLines(a, groupId)).toHaveLength(1);
  });

  it('the caller cancelling before an answer: the callee is told, and the line is a missed call', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const groupId = await acquaint(a, b);
    const call = await callIn(a.socket, groupId, 2);
    const stopped = nextEvent<Wire>(b.socket, 'stop_call', forCall(call.call_id));
    const line = nextEvent<Wire>(b.socket, 'message', lineFor(call.call_id));
    const before = await unread(b, groupId);
    await ok(a.socket, 'stop_call', { call_id: call.call_id, group_id: groupId, uin: a.uin });
    expect(await stopped).toMatchObject({ uin: a.uin, call_status: 3, call: { accepted_at: 0 } });
    const message = await line;
    expect(message.message).toBe('Missed video call');
    expect(callLine(message).outcome).toBe('missed');
    expect(await unread(b, groupId)).toBe(before + 1);
  });

  it('busy: a callee in another call is answered 8 at once, nothing rings, and a busy line is written', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const c = await onlineUser(server);
    const ab = await acquaint(a, b);
    const cb = await acquaint(c, b);
    const first = await callIn(a.socket, ab);
    await ok(b.socket, 'answer_call', { call_id: first.call_id, uin: b.uin, answer: 1 });
    const rings = collect(b.socket, 'start_call');
    const before = await unread(b, cb);
    const lineToC = nextEvent<Wire>(c.socket, 'message', (m) => m.type === 11 && m.group_id === cb);
    const lineToB = nextEvent<Wire>(b.socket, 'message', (m) => m.type === 11 && m.group_id === cb);
    const answer = await request(c.socket, 'create_call', { group_id: cb, media_type: 1 });
    expect(answer).toMatchObject({ result: 8, reason: expect.stringMatching(/busy/), call: { call_status: 3, caller_uin: c.uin, callee_uins: [b.uin] } });
    const line = await lineToC;
    expect(await lineToB).toEqual(line);
    expect(line.message).toBe('Busy');
    expect(callLine(line)).toMatchObject({ outcome: 'busy', caller_uin: c.uin });
    expect(await unread(b, cb)).toBe(before + 1);
    await settled(b.socket);
    expect(rings).toEqual([]);

    // A group call is never busy: b is rung there all the same.
    const group = await createGroup(c.socket, { members: [b.uin, a.uin] });
    const rang = nextEvent<Wire>(b.socket, 'start_call');
    const groupCall = await callIn(c.socket, group.group_id as string);
    expect((await rang).call).toMatchObject({ call_id: groupCall.call_id });

    // Busy said by the callee's device (answer 2, reason busy): the caller's call ends busy.
    await ok(a.socket, 'stop_call', { call_id: first.call_id });
    const d = await onlineUser(server);
    const db = await acquaint(d, b);
    const second = await callIn(d.socket, db);
    const told = nextEvent<Wire>(d.socket, 'answer_call', forCall(second.call_id));
    const busyLine = nextEvent<Wire>(d.socket, 'message', lineFor(second.call_id));
    await ok(b.socket, 'answer_call', { call_id: second.call_id, uin: b.uin, answer: 2, reason: 'busy' });
    expect(await told).toMatchObject({ answer: 2, reason: 'busy' });
    expect(callLine(await busyLine).outcome).toBe('busy');
  });

  it('a second create_call in the conversation gets the running call, which the other side then joins', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const groupId = await acquaint(a, b);
    const call = await callIn(a.socket, groupId);
    const again = await callIn(b.socket, groupId, 1);
    expect(again.call_id).toBe(call.call_id);
    const joined = await ok(b.socket, 'answer_call', { call_id: again.call_id, uin: b.uin, answer: 1 });
    expect(joined.call).toMatchObject({ joined_uins: [a.uin, b.uin] });
    // Accepting twice (a resend) is not an error.
    expect(await request(b.socket, 'answer_call', { call_id: again.call_id, uin: b.uin, answer: 1 })).toMatchObject({ result: 0 });
    const over = nextEvent<Wire>(a.socket, 'stop_call', forCall(call.call_id));
    await ok(b.socket, 'stop_call', { call_id: call.call_id, reason: 'quit' });
    expect(await over).toMatchObject({ uin: b.uin, reason: 'quit', call_status: 3 });
  });
});

describe('the ring time (1 s)', () => {
  let quick: TestServer;
  beforeAll(async () => {
    quick = await startTestServer({ callRingSeconds: 1 });
  });
  afterAll(async () => {
    await quick.stop();
  });

  it('nobody answering: both are told timeout, the line is a missed call, unread for the callee only', async () => {
    const a = await onlineUser(quick);
    const b = await onlineUser(quick);
    const groupId = await acquaint(a, b);
    const unreadA = await unread(a, groupId);
    const unreadB = await unread(b, groupId);
    const call = await callIn(a.socket, groupId, 1);
    const missedToA = nextEvent<Wire>(a.socket, 'answer_call', forCall(call.call_id));
    const timeouts = [a, b].map((u) => nextEvent<Wire>(u.socket, 'stop_call', forCall(call.call_id)));
    const line = nextEvent<Wire>(b.socket, 'message', lineFor(call.call_id));
    expect(await missedToA).toMatchObject({ uin: b.uin, answer: 3 });
    for (const stop of await Promise.all(timeouts)) expect(stop).toMatchObject({ call_status: 2, call: { call_status: 2 } });
    const message = await line;
    expect(message.message).toBe('Missed audio call');
    expect(callLine(message)).toEqual({ call_id: call.call_id, media_type: 1, outcome: 'missed', caller_uin: a.uin });
    expect(await unread(b, groupId)).toBe(unreadB + 1);
    expect(await unread(a, groupId)).toBe(unreadA);
    expect(await ok(a.socket, 'call_status', { call_id: call.call_id })).toMatchObject({ call_status: 2 });
    expect(await callLines(a, groupId)).toHaveLength(1);
  });

  it("a 1:1 callee's new conversation appears with the missed call's line", async () => {
    const a = await onlineUser(quick);
    const b = await onlineUser(quick);
    const created = await request(a.socket, 'create_group', { type: 1, occupants_uins: [b.uin] });
    const groupId = (created.group as Wire).group_id as string;
    expect(await listed(b.socket, groupId)).toBeUndefined();
    const appears = nextEvent<Wire>(b.socket, 'group', (g) => g.group_id === groupId);
    const call = await callIn(a.socket, groupId);
    await appears;
    expect(await callLines(b, groupId)).toEqual([expect.objectContaining({ message: 'Missed video call' })]);
    expect(callLine((await callLines(b, groupId))[0]!).call_id).toBe(call.call_id);
  });
});

describe('a group call', () => {
  it('rings every other member; joins late; leaving does not end it; full at 4; ends with the last-but-one', async () => {
    const o = await onlineUser(server, 'Owner');
    const [p, q, r, s] = await Promise.all([onlineUser(server), onlineUser(server), onlineUser(server), onlineUser(server)]);
    for (const u of [p, q, r, s]) await acquaint(o, u);
    const group = await createGroup(o.socket, { name: 'Five', members: [p.uin, q.uin, r.uin, s.uin] });
    const groupId = group.group_id as string;
    const rings = [p, q, r, s].map((u) => nextEvent<Wire>(u.socket, 'start_call'));
    const received = collect(o.socket, 'event');
    // The list names two; every other member rings.
    const call = await callIn(o.socket, groupId, 1, { callee_uins: [p.uin, q.uin] });
    expect(call).toMatchObject({ callee_uins: [p.uin, q.uin, r.uin, s.uin], group_name: 'Five', joined_uins: [o.uin] });
    for (const ring of await Promise.all(rings)) expect(ring.call).toEqual(call);
    await settled(o.socket);
    expect(received.filter((e) => e.type === 3).map((e) => e.sender_uin).sort()).toEqual([p.uin, q.uin, r.uin, s.uin].sort());

    await ok(p.socket, 'answer_call', { call_id: call.call_id, uin: p.uin, answer: 1 });
    await ok(q.socket, 'answer_call', { call_id: call.call_id, uin: q.uin, answer: 1 });
    const sDeclined = await ok(s.socket, 'answer_call', { call_id: call.call_id, uin: s.uin, answer: 2 });
    expect(sDeclined.call).toMatchObject({ call_status: 1 });
    // Someone who declined is out of the signalling.
    expect(await request(s.socket, 'ice_sdp', { call_id: call.call_id, receiver_uin: o.uin, type: 1, sdp: 'x' })).toMatchObject({ result: 4, reason: 'you are not in this call' });
    expect(await request(o.socket, 'ice_sdp', { call_id: call.call_id, receiver_uin: s.uin, type: 1, sdp: 'x' })).toMatchObject({ result: 4 });
    const four = await ok(r.socket, 'answer_call', { call_id: call.call_id, uin: r.uin, answer: 1 });
    expect(four.call).toMatchObject({ joined_uins: [o.uin, p.uin, q.uin, r.uin] });
    expect(await request(s.socket, 'answer_call', { call_id: call.call_id, uin: s.uin, answer: 1 })).toMatchObject({ result: 4, reason: expect.stringContaining('the call is full') });

    // An event without a receiver reaches everyone else in the call, not the one who declined.
    const toS = collect(s.socket, 'event');
    const videoOn = [o, p, r].map((u) => nextEvent<Wire>(u.socket, 'event', (e) => e.type === 6));
    await ok(q.socket, 'event', { type: 6, call_id: call.call_id, data: '{"audio_muted":false,"video_on":true}' });
    for (const e of await Promise.all(videoOn)) expect(e).toMatchObject({ sender_uin: q.uin, call_id: call.call_id, data: '{"audio_muted":false,"video_on":true}' });

    // q leaves; the call goes on (status 1), and everyone it concerns is told, s too.
    const qLeft = [o, s].map((u) => nextEvent<Wire>(u.socket, 'stop_call', forCall(call.call_id)));
    const left = await ok(q.socket, 'stop_call', { call_id: call.call_id, uin: q.uin });
    expect(left.call).toMatchObject({ call_status: 1, joined_uins: [o.uin, p.uin, r.uin] });
    for (const stop of await Promise.all(qLeft)) expect(stop).toMatchObject({ uin: q.uin, call_status: 1, reason: 'hung-up' });

    // s joins late, after declining.
    const sJoined = nextEvent<Wire>(o.socket, 'answer_call', (e) => e.uin === s.uin && e.answer === 1);
    const late = await ok(s.socket, 'answer_call', { call_id: call.call_id, uin: s.uin, answer: 1 });
    expect(late.call).toMatchObject({ joined_uins: [o.uin, p.uin, r.uin, s.uin] });
    await sJoined;
    const offer = nextEvent<Wire>(p.socket, 'ice_sdp');
    await ok(s.socket, 'ice_sdp', { call_id: call.call_id, receiver_uin: p.uin, type: 1, sdp: 'late offer' });
    expect(await offer).toMatchObject({ sender_uin: s.uin, sdp: 'late offer' });
    await settled(s.socket);
    expect(toS.filter((e) => e.type === 6)).toEqual([]);

    // The caller leaving does not end it either; the last-but-one leaving does.
    expect((await ok(o.socket, 'stop_call', { call_id: call.call_id })).call).toMatchObject({ call_status: 1 });
    expect((await ok(p.socket, 'stop_call', { call_id: call.call_id })).call).toMatchObject({ call_status: 1 });
    const end = nextEvent<Wire>(q.socket, 'stop_call', (e) => e.call_id === call.call_id && e.call_status === 3);
    const line = nextEvent<Wire>(q.socket, 'message', lineFor(call.call_id));
    expect((await ok(r.socket, 'stop_call', { call_id: call.call_id })).call).toMatchObject({ call_status: 3, joined_uins: [] });
    expect(await end).toMatchObject({ uin: r.uin });
    const message = await line;
    expect(callLine(message)).toMatchObject({ outcome: 'ended', caller_uin: o.uin, media_type: 1 });
    expect(message.message).toMatch(/^Audio call, \d+:\d\d$/);
    expect(await callLines(q, groupId)).toHaveLength(1);
  });

  it('every callee declining ends it as declined', async () => {
    const o = await onlineUser(server);
    const [p, q] = await Promise.all([onlineUser(server), onlineUser(server)]);
    for (const u of [p, q]) await acquaint(o, u);
    const group = await createGroup(o.socket, { members: [p.uin, q.uin] });
    const call = await callIn(o.socket, group.group_id as string);
    await ok(p.socket, 'answer_call', { call_id: call.call_id, uin: p.uin, answer: 2 });
    const line = nextEvent<Wire>(o.socket, 'message', lineFor(call.call_id));
    const answer = await ok(q.socket, 'stop_call', { call_id: call.call_id }); // stopping a ringing call declines it
    expect(answer.call).toMatchObject({ call_status: 3 });
    expect(callLine(await line).outcome).toBe('declined');
  });
});

describe('a participant who vanishes (grace 0.5 s)', () => {
  let quick: TestServer;
  beforeAll(async () => {
    quick = await startTestServer({ callGraceSeconds: 0.5, callRingSeconds: 1.5 });
  });
  afterAll(async () => {
    await quick.stop();
  });

  it('leaves as failed once no socket of theirs has been connected for the grace time; a 1:1 call ends', async () => {
    const a = await onlineUser(quick);
    const b = await onlineUser(quick);
    const groupId = await acquaint(a, b);
    const call = await callIn(a.socket, groupId);
    await ok(b.socket, 'answer_call', { call_id: call.call_id, uin: b.uin, answer: 1 });
    const failed = nextEvent<Wire>(a.socket, 'stop_call', forCall(call.call_id));
    const line = nextEvent<Wire>(a.socket, 'message', lineFor(call.call_id));
    b.socket.disconnect();
    expect(await failed).toMatchObject({ uin: b.uin, reason: 'failed', call_status: 3 });
    expect(callLine(await line).outcome).toBe('ended');
  });

  it('someone still connected on another device stays in the call', async () => {
    const a = await onlineUser(quick);
    const b = await onlineUser(quick);
    const c = await onlineUser(quick);
    for (const u of [b, c]) await acquaint(a, u);
    const group = await createGroup(a.socket, { members: [b.uin, c.uin] });
    const call = await callIn(a.socket, group.group_id as string);
    await ok(b.socket, 'answer_call', { call_id: call.call_id, uin: b.uin, answer: 1 });
    const stops = collect(a.socket, 'stop_call');
    const phone = await secondDevice(quick, b);
    b.socket.disconnect();
    // The ring time (1.5 s, c never answers) comes well after the grace time (0.5 s): the clock to wait on.
    expect(await nextEvent<Wire>(a.socket, 'answer_call', (e) => e.uin === c.uin)).toMatchObject({ answer: 3 });
    const status = await ok(phone, 'call_status', { call_id: call.call_id });
    expect(status.call).toMatchObject({ call_status: 1, joined_uins: [a.uin, b.uin] });
    expect(stops).toEqual([]);
  });
});

describe('bad requests', () => {
  it('are answered with a clear result and change nothing', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const groupId = await acquaint(a, b);
    const stranger = await onlineUser(server);
    const bad = async (socket: Socket, event: string, payload: unknown, result: number, reason?: RegExp) => {
      const answer = await request(socket, event, payload);
      expect(answer, `${event} ${JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.length} chars` : v))}`).toMatchObject({ result });
      if (reason) expect(answer.reason).toMatch(reason);
      expect(typeof answer.reason).toBe('string');
    };
    await bad(a.socket, 'create_call', { media_type: 1 }, 1, /^group_id: is required/);
    await bad(a.socket, 'create_call', { group_id: 'abc', media_type: 1 }, 1, /^group_id: must be an ID/);
    await bad(a.socket, 'create_call', { group_id: groupId, media_type: 3 }, 1, /^media_type: must be an integer from 1 to 2/);
    await bad(a.socket, 'create_call', { group_id: groupId, media_type: 1, callee_uins: 'everyone' }, 1, /^callee_uins/);
    await bad(a.socket, 'create_call', { group_id: '12345', media_type: 1 }, 3);
    await bad(stranger.socket, 'create_call', { group_id: groupId, media_type: 1 }, 4, /not a member/);
    await bad(a.socket, 'create_call', { group_id: groupId, media_type: 1, callee_uins: [stranger.uin] }, 4, /callee_uins: .* is not a member/);
    await bad(a.socket, 'create_call', { group_id: groupId, media_type: 1, caller_uin: b.uin }, 4, /caller_uin: you can only act as yourself/);
    await bad(a.socket, 'create_call', "{'group_id': 1, 'media_type': ", 1, /^payload is not valid JSON/);
    await bad(a.socket, 'create_call', [1, 2], 1);
    await bad(a.socket, 'answer_call', { call_id: '98765432109876543', answer: 1 }, 3, /no call/);
    await bad(a.socket, 'stop_call', { call_id: '98765432109876543' }, 3);
    await bad(a.socket, 'call_status', { call_id: 'x' }, 1, /^call_id/);
    await bad(a.socket, 'event', { type: 4, call_id: '98765432109876543' }, 3);
    await bad(a.socket, 'ice_sdp', { call_id: '98765432109876543', receiver_uin: b.uin, type: 1, sdp: 'x' }, 3);

    const call = await callIn(a.socket, groupId);
    await bad(b.socket, 'answer_call', { call_id: call.call_id, answer: 7 }, 1, /^answer: must be an integer from 1 to 4/);
    await bad(b.socket, 'answer_call', { call_id: call.call_id, uin: a.uin, answer: 1 }, 4, /^uin: you can only act as yourself/);
    await bad(b.socket, 'answer_call', { call_id: call.call_id, callee_uin: a.uin, answer: 1 }, 4, /^callee_uin/);
    await bad(b.socket, 'call_status', { call_id: call.call_id, group_id: '12345' }, 3, /in group 12345/);
    await bad(stranger.socket, 'answer_call', { call_id: call.call_id, answer: 1 }, 4, /not a member/);
    await bad(stranger.socket, 'stop_call', { call_id: call.call_id }, 4);
    await bad(a.socket, 'stop_call', { call_id: call.call_id, reason: 'bored' }, 1, /^reason: must be one of hung-up, failed, quit, signed-out/);
    await bad(a.socket, 'ice_sdp', { call_id: call.call_id, receiver_uin: b.uin, type: 1, sdp: 'v'.repeat(70_000) }, 1, /^sdp: must be at most 65536/);
    await bad(a.socket, 'ice_sdp', { call_id: call.call_id, receiver_uin: b.uin, type: 1, sdp: 42 }, 1, /^sdp: must be a string/);
    await bad(a.socket, 'ice_sdp', { call_id: call.call_id, receiver_uin: b.uin, type: 3, sdp: 'x' }, 1, /^type/);
    await bad(a.socket, 'ice_sdp', { call_id: call.call_id, receiver_uin: a.uin, type: 1, sdp: 'x' }, 1, /^receiver_uin: must be someone else/);
    await bad(a.socket, 'ice_candidate', { call_id: call.call_id, receiver_uin: b.uin, candidate: 'c'.repeat(5000) }, 1, /^candidate/);
    await bad(a.socket, 'ice_candidate', { call_id: call.call_id, receiver_uin: b.uin, sdp_mline_index: -1 }, 1, /^sdp_mline_index/);
    await bad(a.socket, 'event', { type: 6, call_id: call.call_id, receiver_uin: b.uin, data: { video_on: true } }, 1, /^data: must be a string/);
    // A call event without a call is ignored, as unknown event types are.
    expect(await request(a.socket, 'event', { type: 3, group_id: groupId })).toEqual({ result: 0 });
    // Clients may not write call lines, nor change the server's.
    await bad(a.socket, 'create_message', { group_id: groupId, type: 11, message: 'Missed call' }, 1, /^type: 11 is a call's history line/);
    const line = nextEvent<Wire>(a.socket, 'message', lineFor(call.call_id));
    await ok(a.socket, 'stop_call', { call_id: call.call_id });
    const written = await line;
    await bad(a.socket, 'update_message', { group_id: groupId, message_id: written.message_id, message: 'no' }, 4, /call's history line cannot be changed/);
    await bad(a.socket, 'delete_message', { group_id: groupId, message_id: written.message_id }, 4);
    // A receipt on it is fine.
    await ok(b.socket, 'update_message', { group_id: groupId, message_id: written.message_id, status: 3, message: '' });

    // Still serving, and nothing failed inside.
    await send(a.socket, groupId, 'still here');
    expect(server.logLines.filter((l) => l.includes('request failed') || l.includes('call change failed'))).toEqual([]);
  });
});
