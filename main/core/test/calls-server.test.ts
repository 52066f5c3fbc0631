// Calls end to end through Parley's real core and Netalo adapter against the reference server
// (a child process, every ID above 2^53, a short ring time): Parley cores for each person,
// commands through dispatch with a window context, and each side's `call.updated` /
// `call.signal` events awaited (never a sleep). Media itself is the renderer's: here the
// window's offer and candidates are relayed as opaque text, byte for byte.

import { describe, expect, it } from 'vitest';
import type { Call, Conversation, Message } from '../../../contract/domain';
import type { ParleyEvent } from '../../../contract/events';
import type { Result } from '../../../contract/errors';
import { signUp } from '../../../server/test/support';
import { after, parleyAs, type Parley } from './conversation-world';
import { freePort, serverBundleForFile, startServerProcess } from './server-process';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();
const { bundle: serverBundle, cleanups } = serverBundleForFile();

/** The server's ring time, short so that a no-answer test is quick; main's own timer is far longer. */
const RING_SECONDS = 2;

async function world(names: string[]) {
  const port = await freePort();
  const server = await startServerProcess(serverBundle(), {
    dataDir: tempDir('calls-server'),
    port,
    env: { PARLEY_CALL_RING_SECONDS: String(RING_SECONDS), PARLEY_CALL_GRACE_SECONDS: '2' },
  });
  cleanups.push(() => server.kill());
  const people: Record<string, Parley & { uin: string }> = {};
  for (const name of names) {
    const user = await signUp(server.url, { displayName: name });
    people[name] = { ...(await parleyAs(server.url, user, tempDir(`calls-${name}`), cleanups)), uin: user.uin };
  }
  return { server, people };
}

type Person = Parley & { uin: string };

/** A command from one window of `p` (the window holds the calls it starts or accepts). */
async function command<T>(p: Person, name: string, args: Record<string, unknown>, windowId = 'window-1'): Promise<T> {
  const result = (await p.core.core.dispatch(name, { accountId: p.accountId, ...args }, { windowId })) as Result<T>;
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Every call `p`'s main knows of (calls.list takes no account). */
async function list(p: Person): Promise<Call[]> {
  const result = (await p.core.core.dispatch('calls.list', {})) as Result<Call[]>;
  if (!result.ok) throw new Error(`calls.list: ${result.error.code}`);
  return result.value;
}

/** The first `call.updated` from now on whose call matches. */
function nextCall(p: Person, match: (c: Call) => boolean): Promise<Call> {
  return after(p.core, (e) => e.name === 'call.updated' && match(e.payload.call)).then((e) => (e as Extract<ParleyEvent, { name: 'call.updated' }>).payload.call);
}

/** The call line (message kind 'call') of `callId`, seen now or later. */
async function callLine(p: Person, callId: string): Promise<Message> {
  const e = await p.core.waitFor((x) => x.name === 'message.upserted' && x.payload.message.kind === 'call' && x.payload.message.call?.callId === callId);
  return (e as Extract<ParleyEvent, { name: 'message.upserted' }>).payload.message;
}

async function direct(a: Person, b: Person): Promise<string> {
  const c = await command<Conversation>(a, 'conversations.openDirect', { userId: b.uin });
  return c.id;
}

const isBig = (id: string) => /^\d+$/.test(id) && BigInt(id) > 2n ** 53n;

describe('1:1 calls through the reference server', () => {
  it('alice video-calls bob: ringing, accepted, media relayed exactly, mute seen, hung up; both timelines get the line', async () => {
    const { people } = await world(['alice', 'bob']);
    const { alice, bob } = people as { alice: Person; bob: Person };
    const conversationId = await direct(alice, bob);

    const incoming = nextCall(bob, (c) => c.phase === 'incoming');
    const ringing = alice.core.waitUntil((seen) => seen.some((e) => e.name === 'call.updated' && e.payload.call.phase === 'ringing'));
    const placed = await command<Call>(alice, 'calls.start', { conversationId, media: 'video' });
    // Calling, or ringing already: the server's "received" may overtake its own ack here.
    expect(['calling', 'ringing']).toContain(placed.phase);
    expect(placed).toMatchObject({ direction: 'outgoing', callerId: alice.uin, group: false, participants: [{ userId: bob.uin, state: 'invited' }] });
    expect(isBig(placed.callId)).toBe(true);
    const bobsCall = await incoming;
    expect(bobsCall).toMatchObject({ callId: placed.callId, conversationId, direction: 'incoming', callerId: alice.uin, media: 'video', group: false });
    await ringing;

    // Alice turns her camera off while it rings: bob learns it when he joins.
    await command(alice, 'calls.setMedia', { callId: placed.callId, videoOn: false });
    const aliceInCall = nextCall(alice, (c) => c.phase === 'in-call');
    const bobSeesAliceCamera = nextCall(bob, (c) => c.participants[0]?.videoOn === false);
    const accepted = await command<Call>(bob, 'calls.answer', { callId: placed.callId, accept: true, media: 'audio' });
    expect(accepted).toMatchObject({ phase: 'in-call', local: { videoOn: false }, participants: [{ userId: alice.uin, state: 'joined' }] });
    // Until told, a participant of a video call has the camera on; bob tells alice he has not.
    expect(await aliceInCall).toMatchObject({ participants: [{ userId: bob.uin, state: 'joined' }] });
    await bobSeesAliceCamera;
    await alice.core.waitFor((e) => e.name === 'call.updated' && e.payload.call.phase === 'in-call' && e.payload.call.participants[0]?.videoOn === false);

    // The joiner offers; the caller answers; candidates both ways: each arrives as sent.
    const sdp = `v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n${'a=x\r\n'.repeat(50)}`;
    const offerAtAlice = after(alice.core, (e) => e.name === 'call.signal' && e.payload.signal.type === 'offer');
    await command(bob, 'calls.signal', { callId: placed.callId, toUserId: alice.uin, signal: { type: 'offer', sdp } });
    expect((await offerAtAlice).payload).toEqual({ accountId: alice.accountId, callId: placed.callId, fromUserId: bob.uin, signal: { type: 'offer', sdp } });
    const candidateAtBob = after(bob.core, (e) => e.name === 'call.signal' && e.payload.signal.type === 'candidate');
    const candidate = { type: 'candidate', candidate: 'candidate:842163049 1 udp 1677729535 127.0.0.1 50000 typ srflx', sdpMid: '0', sdpMLineIndex: 0 };
    await command(alice, 'calls.signal', { callId: placed.callId, toUserId: bob.uin, signal: candidate });
    expect((await candidateAtBob).payload).toMatchObject({ fromUserId: alice.uin, signal: candidate });

    // Bob mutes and turns his camera on: alice's tile shows both; alice asks nothing.
    const seenMuted = nextCall(alice, (c) => c.participants[0]?.audioMuted === true && c.participants[0]?.videoOn === true);
    await command(bob, 'calls.setMedia', { callId: placed.callId, audioMuted: true, videoOn: true });
    await seenMuted;

    const bobEnded = nextCall(bob, (c) => c.phase === 'ended');
    await command(alice, 'calls.hangup', { callId: placed.callId });
    expect(await bobEnded).toMatchObject({ endReason: 'remote-hung-up' });
    expect(await list(alice)).toEqual([]);
    expect(await list(bob)).toEqual([]);

    for (const p of [alice, bob]) {
      const line = await callLine(p, placed.callId);
      expect(line).toMatchObject({ kind: 'call', senderId: alice.uin, call: { callId: placed.callId, media: 'video', outcome: 'ended', callerId: alice.uin } });
      expect(line.call?.durationMs).toBeGreaterThanOrEqual(0);
    }
    // An answered call is not unread for anyone.
    expect(bob.core.core.runtime(bob.accountId)!.unread.count(conversationId)).toBe(0);
  });

  it('declined: the caller sees declined; the line says declined', async () => {
    const { people } = await world(['alice', 'bob']);
    const { alice, bob } = people as { alice: Person; bob: Person };
    const conversationId = await direct(alice, bob);
    const incoming = nextCall(bob, (c) => c.phase === 'incoming');
    const aliceEnded = nextCall(alice, (c) => c.phase === 'ended');
    const placed = await command<Call>(alice, 'calls.start', { conversationId, media: 'audio' });
    await incoming;
    expect(await command<Call>(bob, 'calls.answer', { callId: placed.callId, accept: false })).toMatchObject({ phase: 'ended', endReason: 'declined' });
    expect(await aliceEnded).toMatchObject({ endReason: 'declined' });
    expect((await callLine(bob, placed.callId)).call).toMatchObject({ outcome: 'declined', media: 'audio' });
  });

  it(`nobody answers: no-answer on both sides at the server's ring time; the missed call is unread for bob only`, async () => {
    const { people } = await world(['alice', 'bob']);
    const { alice, bob } = people as { alice: Person; bob: Person };
    const conversationId = await direct(alice, bob);
    const incoming = nextCall(bob, (c) => c.phase === 'incoming');
    const aliceEnded = nextCall(alice, (c) => c.phase === 'ended');
    const bobEnded = nextCall(bob, (c) => c.phase === 'ended');
    const placed = await command<Call>(alice, 'calls.start', { conversationId, media: 'video' });
    await incoming;
    expect(await aliceEnded).toMatchObject({ endReason: 'no-answer' });
    expect(await bobEnded).toMatchObject({ endReason: 'no-answer' });
    expect((await callLine(bob, placed.callId)).call).toMatchObject({ outcome: 'missed' });
    await callLine(alice, placed.callId);
    await bob.core.waitUntil(() => bob.core.core.runtime(bob.accountId)!.unread.count(conversationId) === 1);
    expect(alice.core.core.runtime(alice.accountId)!.unread.count(conversationId)).toBe(0);
  });

  it('the caller cancels before an answer: cancelled for the callee (a notification answer asked the windows first)', async () => {
    const { people } = await world(['alice', 'bob']);
    const { alice, bob } = people as { alice: Person; bob: Person };
    const conversationId = await direct(alice, bob);
    const incoming = nextCall(bob, (c) => c.phase === 'incoming');
    const placed = await command<Call>(alice, 'calls.start', { conversationId, media: 'audio' });
    await incoming;
    // Bob presses Accept on the OS notification: his windows are asked to answer (they hold the media).
    const asked = after(bob.core, (e) => e.name === 'call.answerRequested');
    bob.core.core.requestAnswer(bob.accountId, placed.callId, 'video');
    expect((await asked).payload).toEqual({ accountId: bob.accountId, callId: placed.callId, media: 'video' });
    const bobEnded = nextCall(bob, (c) => c.phase === 'ended');
    await command(alice, 'calls.hangup', { callId: placed.callId });
    expect(await bobEnded).toMatchObject({ endReason: 'cancelled' });
  });

  it('busy: a callee in another call makes the new call end busy at once', async () => {
    const { people } = await world(['alice', 'bob', 'carol']);
    const { alice, bob, carol } = people as { alice: Person; bob: Person; carol: Person };
    const bobCarol = await direct(carol, bob);
    const incoming = nextCall(bob, (c) => c.phase === 'incoming');
    const first = await command<Call>(carol, 'calls.start', { conversationId: bobCarol, media: 'audio' });
    await incoming;
    await command(bob, 'calls.answer', { callId: first.callId, accept: true });

    const aliceBob = await direct(alice, bob);
    const busy = await command<Call>(alice, 'calls.start', { conversationId: aliceBob, media: 'video' });
    expect(busy).toMatchObject({ phase: 'ended', endReason: 'busy' });
    expect(await list(alice)).toEqual([]);
    // Bob's call goes on, untouched.
    expect((await list(bob)).map((c) => [c.callId, c.phase])).toEqual([[first.callId, 'in-call']]);
    expect((await callLine(bob, busy.callId)).call).toMatchObject({ outcome: 'busy' });
  });

  it("the window holding the call closes: the other side sees it hung up (wire reason quit)", async () => {
    const { people } = await world(['alice', 'bob']);
    const { alice, bob } = people as { alice: Person; bob: Person };
    const conversationId = await direct(alice, bob);
    const incoming = nextCall(bob, (c) => c.phase === 'incoming');
    const placed = await command<Call>(alice, 'calls.start', { conversationId, media: 'video' }, 'tab-a');
    await incoming;
    const inCall = nextCall(alice, (c) => c.phase === 'in-call');
    await command(bob, 'calls.answer', { callId: placed.callId, accept: true }, 'tab-b');
    await inCall;
    const bobEnded = nextCall(bob, (c) => c.phase === 'ended');
    const aliceEnded = nextCall(alice, (c) => c.phase === 'ended');
    alice.core.core.windowClosed('another-tab');
    alice.core.core.windowClosed('tab-a');
    expect(await aliceEnded).toMatchObject({ endReason: 'quit' });
    expect(await bobEnded).toMatchObject({ endReason: 'remote-hung-up' });
  });

  it('signing out during a call hangs it up for the other side', async () => {
    const { people } = await world(['alice', 'bob']);
    const { alice, bob } = people as { alice: Person; bob: Person };
    const conversationId = await direct(alice, bob);
    const incoming = nextCall(bob, (c) => c.phase === 'incoming');
    const placed = await command<Call>(alice, 'calls.start', { conversationId, media: 'audio' });
    await incoming;
    const inCall = nextCall(alice, (c) => c.phase === 'in-call');
    await command(bob, 'calls.answer', { callId: placed.callId, accept: true });
    await inCall;
    const aliceEnded = nextCall(alice, (c) => c.phase === 'ended');
    await command(bob, 'session.signOut', {});
    expect(await aliceEnded).toMatchObject({ endReason: 'remote-hung-up' });
  });
});

describe('group calls through the reference server', () => {
  it('three people: carol declines while two talk (Join offered), joins late, and everyone sees everyone', async () => {
    const { people } = await world(['alice', 'bob', 'carol']);
    const { alice, bob, carol } = people as { alice: Person; bob: Person; carol: Person };
    const group = await command<Conversation>(alice, 'conversations.createGroup', { title: 'Standup', memberIds: [bob.uin, carol.uin] });

    const bobRings = nextCall(bob, (c) => c.phase === 'incoming');
    const carolRings = nextCall(carol, (c) => c.phase === 'incoming');
    const placed = await command<Call>(alice, 'calls.start', { conversationId: group.id, media: 'audio' });
    expect(placed).toMatchObject({ group: true });
    expect(placed.participants.map((p) => p.userId).sort()).toEqual([bob.uin, carol.uin].sort());
    expect(await bobRings).toMatchObject({ group: true, callId: placed.callId });
    await carolRings;

    const aliceSeesBob = nextCall(alice, (c) => c.phase === 'in-call');
    await command(bob, 'calls.answer', { callId: placed.callId, accept: true });
    await aliceSeesBob;

    const declined = await command<Call>(carol, 'calls.answer', { callId: placed.callId, accept: false });
    expect(declined).toMatchObject({ phase: 'ended', endReason: 'declined', ongoing: true });
    expect((await list(carol)).map((c) => c.callId)).toEqual([placed.callId]);

    const aliceSeesCarol = nextCall(alice, (c) => c.participants.find((p) => p.userId === carol.uin)?.state === 'joined');
    const bobSeesCarol = nextCall(bob, (c) => c.participants.find((p) => p.userId === carol.uin)?.state === 'joined');
    const joined = await command<Call>(carol, 'calls.answer', { callId: placed.callId, accept: true, media: 'video' });
    expect(joined).toMatchObject({ phase: 'in-call', local: { videoOn: true } });
    expect(joined.participants.filter((p) => p.state === 'joined').map((p) => p.userId).sort()).toEqual([alice.uin, bob.uin].sort());
    await aliceSeesCarol;
    await bobSeesCarol;

    // Bob leaves: the call goes on for alice and carol.
    const aliceSeesBobLeave = nextCall(alice, (c) => c.participants.find((p) => p.userId === bob.uin)?.state === 'left');
    await command(bob, 'calls.hangup', { callId: placed.callId });
    const stillOn = await aliceSeesBobLeave;
    expect(stillOn.phase).toBe('in-call');
    // Alice leaves: carol is the last one in; the call is over for her.
    const carolEnded = nextCall(carol, (c) => c.phase === 'ended');
    await command(alice, 'calls.hangup', { callId: placed.callId });
    expect(await carolEnded).toMatchObject({ endReason: 'remote-hung-up' });
    expect((await callLine(carol, placed.callId)).call).toMatchObject({ outcome: 'ended' });
  });
});
