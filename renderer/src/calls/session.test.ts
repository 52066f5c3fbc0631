// The call session against fakes of main (api), the media devices and the peers: who offers,
// where signals go, what happens when participants come and go, and that every ending stops
// every local track. The real media runs in Chromium in e2e/calls.

import { describe, expect, it, vi } from 'vitest';
import type { CallMediaSignal } from '../contract';
import { ok } from '../testing/fakeParleyApi';
import type { FakeTrack } from './testing/fake-media';
import { CALLER_OFFER_WAIT_MS } from './session';
import { ACCOUNT, CALL_ID, KEY, createHarness, makeCall, participant, type Harness } from './testing/session-harness';

const offer = (sdp = 'v=0 offer'): CallMediaSignal => ({ type: 'offer', sdp });
const answer = (sdp = 'v=0 answer'): CallMediaSignal => ({ type: 'answer', sdp });
const candidate = (text = 'candidate:1 1 udp 1 127.0.0.1 5000 typ host'): CallMediaSignal => ({ type: 'candidate', candidate: text, sdpMid: '0', sdpMLineIndex: 0 });

/** alice calls bob (video), bob accepts: the call is in-call with bob joined. */
async function inCallWithBob(h: Harness, media: 'audio' | 'video' = 'video') {
  expect(await h.session.start(ACCOUNT, 'conv-1', media)).toEqual({ ok: true });
  h.update({ media, phase: 'in-call', participants: [participant('bob', 'joined')] });
  return h.peerOf('bob');
}

function sentTracks(h: Harness, userId: string): FakeTrack[] {
  return (h.peers.peer(userId)!.options.stream as unknown as { getTracks(): FakeTrack[] }).getTracks();
}

describe('who offers', () => {
  it('the caller never offers: it answers whoever accepted', async () => {
    const h = createHarness();
    const bob = await inCallWithBob(h);
    expect(bob.initiator).toBe(false);
    h.signal('bob', offer());
    expect(bob.received).toEqual([offer()]);
    bob.emitSignal(answer());
    expect(h.fake.callsTo('calls.signal')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, toUserId: 'bob', signal: answer() }]);
  });

  it('whoever accepts offers to everyone already joined, and answers those who join after', async () => {
    const h = createHarness();
    const group = makeCall({ group: true, direction: 'incoming', callerId: 'alice', media: 'audio', phase: 'incoming', participants: [participant('alice', 'joined'), participant('bob', 'joined'), participant('carol', 'invited')] });
    h.fake.emit('call.updated', { call: group });
    h.fake.handle('calls.answer', () => ok({ ...group, phase: 'in-call' }));
    expect(await h.session.accept(KEY, 'audio')).toEqual({ ok: true });
    expect(h.fake.callsTo('calls.answer')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, accept: true, media: 'audio' }]);
    expect((await h.peerOf('alice')).initiator).toBe(true);
    expect((await h.peerOf('bob')).initiator).toBe(true);
    expect(h.peers.peer('carol')).toBeUndefined();

    h.fake.emit('call.updated', { call: { ...group, phase: 'in-call', participants: [participant('alice', 'joined'), participant('bob', 'joined'), participant('carol', 'joined')] } });
    const carol = await h.peerOf('carol');
    expect(carol.initiator).toBe(false);
    h.signal('carol', offer('carol'));
    expect(carol.received).toEqual([offer('carol')]);
  });

  it('calling a group whose call already runs joins it: I offer to everyone already in it', async () => {
    const h = createHarness();
    const running = makeCall({ group: true, direction: 'incoming', callerId: 'alice', phase: 'in-call', participants: [participant('alice', 'joined'), participant('bob', 'joined')] });
    h.fake.handle('calls.start', () => ok(running));
    expect(await h.session.start(ACCOUNT, 'conv-1', 'video')).toEqual({ ok: true });
    expect((await h.peerOf('alice')).initiator).toBe(true);
    expect((await h.peerOf('bob')).initiator).toBe(true);
  });

  it('joining a group call late: the media opened before main answered is kept, and I offer', async () => {
    const h = createHarness();
    // I declined earlier: main holds the call as ended for me, still running for the others.
    const declined = makeCall({ group: true, direction: 'incoming', callerId: 'alice', phase: 'ended', endReason: 'declined', endedAt: 1_000, ongoing: true, participants: [participant('alice', 'joined'), participant('carol', 'joined')] });
    h.fake.emit('call.updated', { call: declined });
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    h.fake.handle('calls.answer', async () => {
      await answered;
      return ok({ ...declined, phase: 'in-call', joinedAt: 2_000, endReason: undefined, endedAt: undefined, ongoing: undefined });
    });
    const accepting = h.session.accept(KEY, 'video');
    // The camera and the peer code are ready while main still says "ended".
    await vi.waitFor(() => expect(h.media.live().some((t) => t.kind === 'video')).toBe(true));
    await Promise.resolve();
    answer();
    expect(await accepting).toEqual({ ok: true });
    expect((await h.peerOf('alice')).initiator).toBe(true);
    expect((await h.peerOf('carol')).initiator).toBe(true);
    expect(h.media.live().length).toBeGreaterThan(0);
  });

  it('the acceptor decides from what main answered, not from an update that overtook it', async () => {
    const h = createHarness();
    h.fake.emit('call.updated', { call: makeCall({ group: true, direction: 'incoming', phase: 'incoming', participants: [participant('alice', 'joined'), participant('bob', 'invited')] }) });
    h.fake.handle('calls.answer', () => {
      // bob joins right after me: main's update reaches the window before my answer does.
      h.update({ group: true, direction: 'incoming', phase: 'in-call', participants: [participant('alice', 'joined'), participant('bob', 'joined')] });
      return ok(makeCall({ group: true, direction: 'incoming', phase: 'in-call', participants: [participant('alice', 'joined'), participant('bob', 'invited')] }));
    });
    await h.session.accept(KEY, 'video');
    expect((await h.peerOf('alice')).initiator).toBe(true);
    expect((await h.peerOf('bob')).initiator).toBe(false);
  });

  it('accepting a 1:1 call offers to the caller while main is still answering', async () => {
    const h = createHarness();
    const ringing = makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', participants: [participant('bob', 'joined')] });
    h.fake.emit('call.updated', { call: ringing });
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    h.fake.handle('calls.answer', async () => {
      await answered;
      return ok({ ...ringing, phase: 'in-call', local: { audioMuted: false, videoOn: true } });
    });
    const accepting = h.session.accept(KEY, 'video');
    // Main has not answered: the peer toward the caller is already there, and its offer goes out.
    const bob = await h.peerOf('bob');
    expect(bob.initiator).toBe(true);
    bob.emitSignal(offer());
    expect(h.fake.callsTo('calls.signal')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, toUserId: 'bob', signal: offer() }]);
    answer();
    expect(await accepting).toEqual({ ok: true });
    expect(h.peers.peer('bob')).toBe(bob);
  });

  it('accepting offers while the camera still starts; its tracks follow when it answers, and main hears nothing meanwhile', async () => {
    const h = createHarness();
    h.media.holdRequests();
    h.fake.emit('call.updated', { call: makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', participants: [participant('bob', 'joined')] }) });
    const accepting = h.session.accept(KEY, 'video');
    const bob = await h.peerOf('bob');
    expect(bob.initiator).toBe(true);
    expect(sentTracks(h, 'bob')).toEqual([]);
    expect(await accepting).toEqual({ ok: true });
    bob.emitSignal(offer());
    expect(h.fake.callsTo('calls.signal')).toHaveLength(1);
    h.media.releaseRequests();
    await vi.waitFor(() => expect(sentTracks(h, 'bob').map((t) => t.label.split('#')[0])).toEqual(['mic:default', 'camera:default']));
    expect(bob.replaced.map((r) => [r.oldTrack, (r.newTrack as unknown as FakeTrack).label.split('#')[0]])).toEqual([
      [null, 'mic:default'],
      [null, 'camera:default'],
    ]);
    // Before the devices answered, "camera off" would have been a lie; once they did, nothing differs from the accept.
    expect(h.fake.callsTo('calls.setMedia')).toEqual([]);
  });

  it('accepting asks for the microphone and camera in the accept\'s own task, not in a later microtask', async () => {
    const h = createHarness();
    h.fake.emit('call.updated', { call: makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', participants: [participant('bob', 'joined')] }) });
    // (The click's task: nothing awaited yet.)
    const accepting = h.session.accept(KEY, 'video');
    expect(h.media.requests).toEqual([{ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } }]);
    expect(await accepting).toEqual({ ok: true });
    // Asked once, not again by the queued step.
    expect(h.media.requests).toHaveLength(1);
    await vi.waitFor(() => expect(sentTracks(h, 'bob').map((t) => t.label.split('#')[0])).toEqual(['mic:default', 'camera:default']));
  });

  it('a camera refused when asked in the accept\'s task is handled as before: the microphone alone, and the error told', async () => {
    const h = createHarness();
    h.media.refuse = { video: 'NotAllowedError' };
    h.fake.emit('call.updated', { call: makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', participants: [participant('bob', 'joined')] }) });
    expect(await h.session.accept(KEY, 'video')).toEqual({ ok: true });
    await vi.waitFor(() => expect(sentTracks(h, 'bob').map((t) => t.label.split('#')[0])).toEqual(['mic:default', 'placeholder:black']));
    expect(h.store.getState().local.error).toBeTruthy();
  });

  it('the offer does not wait for the device list (the browser may take long to give it)', async () => {
    const h = createHarness();
    h.media.env.enumerateDevices = () => new Promise<MediaDeviceInfo[]>(() => undefined);
    h.fake.emit('call.updated', { call: makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', participants: [participant('bob', 'joined')] }) });
    void h.session.accept(KEY, 'video');
    expect((await h.peerOf('bob')).initiator).toBe(true);
  });

  it('a call ringing here loads the peer code before it is accepted', async () => {
    const h = createHarness();
    expect(h.peers.loads).toBe(0);
    h.fake.emit('call.updated', { call: makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', participants: [participant('bob', 'joined')] }) });
    expect(h.peers.loads).toBe(1);
    await h.session.accept(KEY, 'video');
    await h.peerOf('bob');
    expect(h.peers.loads).toBe(1);
  });

  it('an answer to the notification (call.answerRequested) accepts in this window', async () => {
    const h = createHarness();
    h.fake.emit('call.updated', { call: makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', participants: [participant('bob', 'joined')] }) });
    h.fake.emit('call.answerRequested', { accountId: ACCOUNT, callId: CALL_ID, media: 'audio' });
    expect((await h.peerOf('bob')).initiator).toBe(true);
    expect(h.fake.callsTo('calls.answer')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, accept: true, media: 'audio' }]);
    expect(h.store.getState().heldKey).toBe(KEY);
  });
});

describe('peers built while the call rings (prebuilt-peer.ts)', () => {
  const ringingFromBob = () => makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', participants: [participant('bob', 'joined')] });
  /** The peer code loaded, then the task after the ring was drawn. */
  const ringPeerBuilt = async (h: Harness) => {
    await vi.waitFor(() => expect(h.timers.pending()).toBeGreaterThan(0));
    h.timers.advance(0);
  };

  it('the callee makes its offer while the call rings, and sends it (and its candidates) only once accepted', async () => {
    const h = createHarness();
    h.fake.emit('call.updated', { call: ringingFromBob() });
    await ringPeerBuilt(h);
    const bob = await h.peerOf('bob');
    expect(bob.initiator).toBe(true);
    bob.emitSignal(offer());
    bob.emitSignal(candidate());
    expect(h.fake.callsTo('calls.signal')).toEqual([]);
    expect(h.media.live()).toEqual([]); // no camera before the accept

    expect(await h.session.accept(KEY, 'video')).toEqual({ ok: true });
    expect(h.peers.peer('bob')).toBe(bob);
    expect(h.peers.peers).toHaveLength(1);
    expect(h.fake.callsTo('calls.signal').map((a) => a.signal)).toEqual([offer(), candidate()]);
    // The devices fill the stream the offer was made with.
    await vi.waitFor(() => expect(sentTracks(h, 'bob').map((t) => t.label.split('#')[0])).toEqual(['mic:default', 'camera:default']));
  });

  it('an accept that comes before the head start builds the one peer; the head start then builds none', async () => {
    const h = createHarness();
    h.fake.emit('call.updated', { call: ringingFromBob() });
    expect(await h.session.accept(KEY, 'video')).toEqual({ ok: true });
    const bob = await h.peerOf('bob');
    h.timers.advance(0);
    expect(h.peers.peers).toEqual([bob]);
  });

  it('an accept builds its offering peer in its own task once the peer code is loaded (before the call screen renders)', async () => {
    const h = createHarness();
    h.fake.emit('call.updated', { call: ringingFromBob() });
    // The peer code loaded while it rang; the ring's own head start has not run yet.
    await vi.waitFor(() => expect(h.timers.pending()).toBeGreaterThan(0));
    expect(h.peers.peers).toEqual([]);
    const accepted = h.session.accept(KEY, 'video');
    expect(h.peers.peers.map((p) => [p.options.userId, p.initiator])).toEqual([['bob', true]]);
    expect(await accepted).toEqual({ ok: true });
    h.timers.advance(0);
    expect(h.peers.peers).toHaveLength(1);
  });

  it('a ring that ends unanswered here closes the peer made for it, having sent nothing', async () => {
    const h = createHarness();
    h.fake.emit('call.updated', { call: ringingFromBob() });
    await ringPeerBuilt(h);
    const bob = await h.peerOf('bob');
    bob.emitSignal(offer());
    h.fake.emit('call.updated', { call: { ...ringingFromBob(), phase: 'ended', endReason: 'answered-elsewhere' } });
    expect(bob.destroyed).toBe(true);
    expect(h.fake.callsTo('calls.signal')).toEqual([]);
  });

  it('the caller builds the peer that answers the callee while it rings, with the devices\' tracks', async () => {
    const h = createHarness();
    expect(await h.session.start(ACCOUNT, 'conv-1', 'video')).toEqual({ ok: true });
    h.update({ phase: 'ringing', participants: [participant('bob', 'invited')] });
    const bob = await h.peerOf('bob');
    expect(bob.initiator).toBe(false);
    expect(sentTracks(h, 'bob').map((t) => t.label.split('#')[0])).toEqual(['mic:default', 'camera:default']);
    h.update({ phase: 'in-call', participants: [participant('bob', 'joined')] });
    h.signal('bob', offer());
    expect(h.peers.peer('bob')).toBe(bob);
    expect(h.peers.peers).toHaveLength(1);
    expect(bob.received).toEqual([offer()]);
    bob.emitSignal(answer());
    expect(h.fake.callsTo('calls.signal').map((a) => a.signal)).toEqual([answer()]);
  });

  it('a placed call that ends before anyone joins closes the peer built for it', async () => {
    const h = createHarness();
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    h.update({ phase: 'ringing', participants: [participant('bob', 'invited')] });
    const bob = await h.peerOf('bob');
    h.update({ phase: 'ended', endReason: 'declined', participants: [participant('bob', 'declined')] });
    expect(bob.destroyed).toBe(true);
  });
});

describe('who offers when the caller offers first (callerOffers: AZStack)', () => {
  it('the caller offers to the callee while it rings, with the call\'s ICE servers, and takes the answer', async () => {
    const h = createHarness();
    const iceServers = [{ urls: ['stun:stun.example.test:3478'] }];
    h.fake.handle('calls.start', ({ accountId, conversationId, media: m }) => ok(makeCall({ accountId, conversationId, media: m, callerOffers: true, iceServers })));
    expect(await h.session.start(ACCOUNT, 'conv-1', 'video')).toEqual({ ok: true });
    const bob = await h.peerOf('bob');
    expect(bob.initiator).toBe(true);
    expect(bob.options.iceServers).toEqual(iceServers);
    bob.emitSignal(offer());
    expect(h.fake.callsTo('calls.signal')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, toUserId: 'bob', signal: offer() }]);
    // Still ringing: the peer stays; once bob accepts, his answer reaches it.
    h.update({ phase: 'ringing', callerOffers: true, iceServers });
    h.update({ phase: 'in-call', callerOffers: true, iceServers, participants: [participant('bob', 'joined')] });
    h.signal('bob', answer());
    expect(h.peers.peer('bob')).toBe(bob);
    expect(bob.destroyed).toBe(false);
    expect(bob.received).toEqual([answer()]);
  });

  it('a callee who declines closes the caller\'s ringing peer', async () => {
    const h = createHarness();
    h.fake.handle('calls.start', () => ok(makeCall({ callerOffers: true })));
    await h.session.start(ACCOUNT, 'conv-1', 'audio');
    const bob = await h.peerOf('bob');
    h.update({ callerOffers: true, phase: 'ended', endReason: 'declined', participants: [participant('bob', 'declined')] });
    await vi.waitFor(() => expect(bob.destroyed).toBe(true));
    expect(h.media.live()).toEqual([]);
  });

  it('the callee answers the caller\'s offer (held by main until the accept) and never offers', async () => {
    const h = createHarness();
    const incoming = makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', callerOffers: true, participants: [participant('bob', 'joined')] });
    h.fake.emit('call.updated', { call: incoming });
    h.fake.handle('calls.answer', () => {
      // Main releases the held offer and candidate as it answers.
      h.signal('bob', offer());
      h.signal('bob', candidate());
      return ok({ ...incoming, phase: 'in-call' });
    });
    expect(await h.session.accept(KEY, 'video')).toEqual({ ok: true });
    const bob = await h.peerOf('bob');
    expect(bob.initiator).toBe(false);
    await vi.waitFor(() => expect(bob.received[0]).toEqual(offer()));
    bob.emitSignal(answer());
    expect(h.fake.callsTo('calls.signal')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, toUserId: 'bob', signal: answer() }]);
  });
});

describe('a 1:1 call whose caller offers first, on Netalo too', () => {
  const ringing = () => makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', callerOffers: true, participants: [participant('bob', 'joined')] });

  it('the callee answers the offer main hands over with the accept, before main has answered', async () => {
    const h = createHarness();
    const incoming = ringing();
    h.fake.emit('call.updated', { call: incoming });
    let answered!: () => void;
    h.fake.handle('calls.answer', () => new Promise((resolve) => (answered = () => resolve(ok({ ...incoming, phase: 'in-call' })))));
    const accepting = h.session.accept(KEY, 'video');
    h.signal('bob', offer());
    const bob = await h.peerOf('bob');
    expect(bob.initiator).toBe(false);
    await vi.waitFor(() => expect(bob.received).toEqual([offer()]));
    bob.emitSignal(answer());
    expect(h.fake.callsTo('calls.signal')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, toUserId: 'bob', signal: answer() }]);
    answered();
    expect(await accepting).toEqual({ ok: true });
    // The offer came: the callee never offers, however long the call lasts.
    h.timers.advance(60_000);
    expect(h.peers.peer('bob')).toBe(bob);
  });

  it('a caller who never offers: the callee offers itself once a second has passed in the call, not before', async () => {
    const h = createHarness();
    const incoming = ringing();
    h.fake.emit('call.updated', { call: incoming });
    h.fake.handle('calls.answer', () => ok({ ...incoming, phase: 'in-call' }));
    expect(await h.session.accept(KEY, 'video')).toEqual({ ok: true });
    const waiting = await h.peerOf('bob');
    expect(waiting.initiator).toBe(false);
    h.timers.advance(CALLER_OFFER_WAIT_MS - 1);
    expect(h.peers.peer('bob')).toBe(waiting);
    h.timers.advance(1);
    expect(waiting.destroyed).toBe(true);
    const offering = h.peers.peer('bob')!;
    expect(offering.initiator).toBe(true);
    offering.emitSignal(offer('callee'));
    expect(h.fake.callsTo('calls.signal')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, toUserId: 'bob', signal: offer('callee') }]);
    // The caller's own offer, late, crossing mine: mine wins here (and there, mesh.test.ts).
    h.signal('bob', offer('zzz caller'));
    expect(h.peers.peer('bob')).toBe(offering);
    expect(offering.received).toEqual([]);
  });

  it('the caller yields to an offer from the callee that crosses its own', async () => {
    const h = createHarness();
    h.fake.handle('calls.start', ({ accountId, conversationId, media: m }) => ok(makeCall({ accountId, conversationId, media: m, callerOffers: true })));
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    const mine = await h.peerOf('bob');
    mine.emitSignal(offer('zzz caller'));
    h.update({ phase: 'in-call', callerOffers: true, participants: [participant('bob', 'joined')] });
    h.signal('bob', offer('callee'));
    expect(mine.destroyed).toBe(true);
    const answering = h.peers.peer('bob')!;
    expect(answering.initiator).toBe(false);
    expect(answering.received).toEqual([offer('callee')]);
  });

  it('a call left before the second is up offers nothing', async () => {
    const h = createHarness();
    const incoming = ringing();
    h.fake.emit('call.updated', { call: incoming });
    h.fake.handle('calls.answer', () => ok({ ...incoming, phase: 'in-call' }));
    await h.session.accept(KEY, 'video');
    const waiting = await h.peerOf('bob');
    await h.session.hangup(KEY);
    h.timers.advance(CALLER_OFFER_WAIT_MS);
    expect(h.peers.peers.filter((p) => p !== waiting)).toEqual([]);
    expect(h.fake.callsTo('calls.signal')).toEqual([]);
  });
});

describe('signals', () => {
  it('go to the peer of their sender; those of another call are not this window’s', async () => {
    const h = createHarness();
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    h.update({ group: true, phase: 'in-call', participants: [participant('bob', 'joined'), participant('carol', 'joined')] });
    const bob = await h.peerOf('bob');
    const carol = await h.peerOf('carol');
    h.signal('bob', offer('from bob'));
    h.signal('carol', offer('from carol'));
    h.signal('bob', offer('another call'), 'c2');
    expect(bob.received).toEqual([offer('from bob')]);
    expect(carol.received).toEqual([offer('from carol')]);
    carol.emitSignal(candidate());
    expect(h.fake.callsTo('calls.signal').map((a) => a.toUserId)).toEqual(['carol']);
  });

  it('an offer from someone with no peer yet builds an answering one; their earlier candidates wait for it', async () => {
    const h = createHarness();
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    h.update({ group: true, phase: 'in-call', participants: [participant('bob', 'joined')] });
    await h.peerOf('bob');
    h.signal('dave', candidate('candidate:9 1 udp 1 10.0.0.9 9 typ host ufrag d1'));
    h.signal('dave', offer('v=0\na=ice-ufrag:d1\n'));
    const dave = await h.peerOf('dave');
    expect(dave.initiator).toBe(false);
    expect(dave.received.map((s) => s.type)).toEqual(['offer', 'candidate']);
  });

  it('signals that arrive before the media is ready are kept for the peers', async () => {
    const h = createHarness();
    h.media.holdRequests();
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    h.update({ phase: 'in-call', participants: [participant('bob', 'joined')] });
    h.signal('bob', offer());
    h.signal('bob', candidate());
    h.media.releaseRequests();
    const bob = await h.peerOf('bob');
    expect(bob.received).toEqual([offer(), candidate()]);
  });
});

describe('participants leaving', () => {
  it('closes the peer of whoever left and keeps the others', async () => {
    const h = createHarness();
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    h.update({ group: true, phase: 'in-call', participants: [participant('bob', 'joined'), participant('carol', 'joined')] });
    const bob = await h.peerOf('bob');
    const carol = await h.peerOf('carol');
    expect(Object.keys(h.store.getState().remotes).sort()).toEqual(['bob', 'carol']);
    h.update({ group: true, phase: 'in-call', participants: [participant('bob', 'left'), participant('carol', 'joined')] });
    expect(bob.destroyed).toBe(true);
    expect(carol.destroyed).toBe(false);
    expect(Object.keys(h.store.getState().remotes)).toEqual(['carol']);
    expect(h.media.live().length).toBe(2);
  });

  it('answers a participant who comes back (they offer again)', async () => {
    const h = createHarness();
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    h.update({ group: true, phase: 'in-call', participants: [participant('bob', 'joined'), participant('carol', 'joined')] });
    await h.peerOf('bob');
    h.update({ group: true, phase: 'in-call', participants: [participant('bob', 'left'), participant('carol', 'joined')] });
    h.update({ group: true, phase: 'in-call', participants: [participant('bob', 'joined'), participant('carol', 'joined')] });
    const again = await h.peerOf('bob');
    expect(again.initiator).toBe(false);
    expect(h.peers.peers.filter((p) => p.userId === 'bob')).toHaveLength(2);
  });
});

describe('every local track stops on every ending', () => {
  const endings: Array<[string, (h: Harness) => void | Promise<void>]> = [
    ['I hang up', (h) => h.session.hangup(KEY)],
    ['the other side hangs up', (h) => h.update({ phase: 'ended', endReason: 'remote-hung-up', participants: [participant('bob', 'left')] })],
    ['the connection fails', (h) => h.peers.peer('bob')!.ice('failed')],
    ['the account signs out', (h) => h.fake.emit('accounts.changed', { accounts: [] })],
    ['the page goes away', (h) => void h.page.dispatchEvent(new Event('pagehide'))],
    ['the session stops', (h) => h.session.detach()],
  ];
  for (const [name, end] of endings) {
    it(name, async () => {
      const h = createHarness();
      const bob = await inCallWithBob(h);
      await h.session.setCameraOn(false);
      await h.session.setCameraOn(true);
      expect(h.media.live().map((t) => t.kind).sort()).toEqual(['audio', 'video']);
      await end(h);
      expect(h.media.tracks.length).toBeGreaterThanOrEqual(4);
      expect(h.media.live()).toEqual([]);
      expect(bob.destroyed).toBe(true);
      expect(h.store.getState().local.stream).toBeNull();
      expect(h.store.getState().remotes).toEqual({});
    });
  }

  it('a camera that opens after the call ended (a slow permission prompt) is stopped at once', async () => {
    const h = createHarness();
    h.media.holdRequests();
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    h.update({ phase: 'ended', endReason: 'busy' });
    h.media.releaseRequests();
    await vi.waitFor(() => expect(h.media.tracks.length).toBeGreaterThan(0));
    expect(h.media.live()).toEqual([]);
    expect(h.peers.peers).toEqual([]);
  });

  it('a call main refused to place stops the media it had opened', async () => {
    const h = createHarness();
    h.fake.handle('calls.start', () => ({ ok: false, error: { code: 'offline', message: 'You are offline' } }));
    expect(await h.session.start(ACCOUNT, 'conv-1', 'video')).toEqual({ ok: false, message: 'You are offline' });
    await vi.waitFor(() => expect(h.media.tracks.length).toBeGreaterThan(0));
    expect(h.media.live()).toEqual([]);
    expect(h.store.getState().heldKey).toBeNull();
  });
});

describe('a failed connection hangs up as failed', () => {
  const hangups = (h: Harness) => h.fake.callsTo('calls.hangup');

  it('when ICE fails', async () => {
    const h = createHarness();
    const bob = await inCallWithBob(h);
    bob.ice('checking');
    bob.ice('failed');
    expect(hangups(h)).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, reason: 'failed' }]);
    expect(h.media.live()).toEqual([]);
  });

  it('when the peer reports an error', async () => {
    const h = createHarness();
    const bob = await inCallWithBob(h);
    bob.callbacks.onError('ERR_CONNECTION_FAILURE', 'Connection failed.');
    expect(hangups(h)).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, reason: 'failed' }]);
  });

  it('when disconnected for more than 10 seconds, not before', async () => {
    const h = createHarness();
    const bob = await inCallWithBob(h);
    bob.ice('connected');
    expect(h.store.getState().remotes.bob?.connection).toBe('connected');
    bob.ice('disconnected');
    expect(h.store.getState().remotes.bob?.connection).toBe('reconnecting');
    h.timers.advance(9_999);
    expect(hangups(h)).toEqual([]);
    h.timers.advance(1);
    expect(hangups(h)).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, reason: 'failed' }]);
  });

  it('not when the connection comes back within the 10 seconds', async () => {
    const h = createHarness();
    const bob = await inCallWithBob(h);
    bob.ice('connected');
    bob.ice('disconnected');
    h.timers.advance(5_000);
    bob.ice('checking');
    expect(h.store.getState().remotes.bob?.connection).toBe('reconnecting');
    bob.ice('connected');
    h.timers.advance(60_000);
    expect(hangups(h)).toEqual([]);
    expect(h.store.getState().remotes.bob?.connection).toBe('connected');
  });

  it('not when the peer closed because the other side hung up (main says so within the grace)', async () => {
    const h = createHarness();
    const bob = await inCallWithBob(h);
    bob.ice('connected');
    bob.callbacks.onClose();
    expect(h.store.getState().remotes.bob?.connection).toBe('reconnecting');
    h.update({ phase: 'ended', endReason: 'remote-hung-up', participants: [participant('bob', 'left')] });
    h.timers.advance(60_000);
    expect(hangups(h)).toEqual([]);
    expect(h.media.live()).toEqual([]);
  });

  it('in a group, only once no connection is left', async () => {
    const h = createHarness();
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    h.update({ group: true, phase: 'in-call', participants: [participant('bob', 'joined'), participant('carol', 'joined')] });
    const bob = await h.peerOf('bob');
    const carol = await h.peerOf('carol');
    bob.ice('connected');
    carol.ice('connected');
    carol.ice('failed');
    expect(h.store.getState().remotes.carol?.connection).toBe('failed');
    expect(hangups(h)).toEqual([]);
    bob.ice('disconnected');
    h.timers.advance(10_000);
    expect(hangups(h)).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, reason: 'failed' }]);
  });
});

describe('microphone and camera', () => {
  it('every peer sends exactly one audio and one video track, black frames in an audio call', async () => {
    const h = createHarness();
    await inCallWithBob(h, 'audio');
    expect(sentTracks(h, 'bob').map((t) => [t.kind, t.label.split('#')[0]])).toEqual([
      ['audio', 'mic:default'],
      ['video', 'placeholder:black'],
    ]);
    expect(h.store.getState().local).toMatchObject({ audioMuted: false, videoOn: false });
  });

  it('mute disables the microphone track and tells main', async () => {
    const h = createHarness();
    await inCallWithBob(h);
    const mic = h.media.live().find((t) => t.kind === 'audio')!;
    await h.session.setMicMuted(true);
    expect(mic.enabled).toBe(false);
    expect(h.store.getState().local.audioMuted).toBe(true);
    await h.session.setMicMuted(false);
    expect(mic.enabled).toBe(true);
    expect(h.fake.callsTo('calls.setMedia')).toEqual([
      { accountId: ACCOUNT, callId: CALL_ID, audioMuted: true },
      { accountId: ACCOUNT, callId: CALL_ID, audioMuted: false },
    ]);
  });

  it('mute pressed while the microphone still opens (right after answering) is kept: the microphone opens muted, and main hears it', async () => {
    const h = createHarness();
    h.media.holdRequests();
    h.fake.emit('call.updated', { call: makeCall({ direction: 'incoming', callerId: 'bob', phase: 'incoming', participants: [participant('bob', 'joined')] }) });
    expect(await h.session.accept(KEY, 'video')).toEqual({ ok: true });
    await h.session.setMicMuted(true);
    expect(h.store.getState().local.audioMuted).toBe(true);
    h.media.releaseRequests();
    await vi.waitFor(() => expect(h.media.live().some((t) => t.kind === 'audio')).toBe(true));
    const mic = h.media.live().find((t) => t.kind === 'audio')!;
    await vi.waitFor(() => expect(mic.enabled).toBe(false));
    expect(h.store.getState().local.audioMuted).toBe(true);
    await vi.waitFor(() => expect(h.fake.callsTo('calls.setMedia')).toContainEqual(expect.objectContaining({ audioMuted: true })));
    // Unmuting from there works as after any open.
    await h.session.setMicMuted(false);
    expect(mic.enabled).toBe(true);
    expect(h.store.getState().local.audioMuted).toBe(false);
  });

  it('camera off stops the camera and sends black frames in its place; on swaps a new camera back; main hears both', async () => {
    const h = createHarness();
    const bob = await inCallWithBob(h);
    const camera = h.media.live().find((t) => t.kind === 'video')!;
    await h.session.setCameraOn(false);
    expect(camera.readyState).toBe('ended');
    const black = bob.replaced[0]!.newTrack as unknown as FakeTrack;
    expect(bob.replaced[0]!.oldTrack).toBe(camera);
    expect(black.label).toMatch(/^placeholder:black/);
    expect(h.store.getState().local.videoOn).toBe(false);

    await h.session.setCameraOn(true);
    const again = bob.replaced[1]!.newTrack as unknown as FakeTrack;
    expect(bob.replaced[1]!.oldTrack).toBe(black);
    expect(again.label).toMatch(/^camera:/);
    expect(black.readyState).toBe('ended');
    expect(sentTracks(h, 'bob')).toContain(again);
    expect(h.store.getState().local.videoOn).toBe(true);
    expect(h.fake.callsTo('calls.setMedia')).toEqual([
      { accountId: ACCOUNT, callId: CALL_ID, videoOn: false },
      { accountId: ACCOUNT, callId: CALL_ID, videoOn: true },
    ]);
  });

  it('a video call without a camera goes on with black frames, says why, and tells main the camera is off', async () => {
    const h = createHarness();
    h.media.refuse = { video: 'NotFoundError' };
    await inCallWithBob(h);
    expect(h.store.getState().local).toMatchObject({ videoOn: false, error: 'No camera was found' });
    expect(sentTracks(h, 'bob').map((t) => t.kind)).toEqual(['audio', 'video']);
    await vi.waitFor(() => expect(h.fake.callsTo('calls.setMedia')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, videoOn: false }]));
  });

  it('choosing another microphone swaps the sent track and stops the old one', async () => {
    const h = createHarness();
    const bob = await inCallWithBob(h);
    await vi.waitFor(() => expect(h.store.getState().devices.microphones.map((d) => d.deviceId)).toEqual(['mic-1', 'mic-2']));
    const old = h.media.live().find((t) => t.kind === 'audio')!;
    await h.session.selectDevice('microphone', 'mic-2');
    expect(old.readyState).toBe('ended');
    expect((bob.replaced[0]!.newTrack as unknown as FakeTrack).label).toMatch(/^mic:mic-2/);
    expect(h.store.getState().devices.selected.microphone).toBe('mic-2');
  });

  it('shows the camera that sends as the chosen one', async () => {
    const h = createHarness();
    await inCallWithBob(h);
    await h.session.setCameraOn(false);
    await h.session.selectDevice('camera', 'cam-2');
    expect(h.media.live().filter((t) => t.kind === 'video').map((t) => t.label.split('#')[0])).toEqual(['placeholder:black']);
    await h.session.setCameraOn(true);
    expect(h.media.live().filter((t) => t.kind === 'video').map((t) => t.label.split('#')[0])).toEqual(['camera:cam-2']);
    expect(h.store.getState().devices.selected.camera).toBe('cam-2');
  });

  it('a camera unplugged mid-call turns the camera off rather than freezing the picture', async () => {
    const h = createHarness();
    const bob = await inCallWithBob(h);
    const camera = h.media.live().find((t) => t.kind === 'video')!;
    camera.unplug();
    await vi.waitFor(() => expect(h.store.getState().local.videoOn).toBe(false));
    expect((bob.replaced[0]!.newTrack as unknown as FakeTrack).label).toMatch(/^placeholder:black/);
    expect(h.fake.callsTo('calls.setMedia')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, videoOn: false }]);
  });

  it('lists the devices and follows devices plugged in', async () => {
    const h = createHarness();
    await vi.waitFor(() => expect(h.store.getState().devices.cameras.map((d) => d.label)).toEqual(['Built-in camera', 'USB camera']));
    h.media.plugIn({ kind: 'audiooutput', deviceId: 'spk-2', label: 'Headphones' });
    await vi.waitFor(() => expect(h.store.getState().devices.speakers.map((d) => d.deviceId)).toEqual(['spk-1', 'spk-2']));
    await h.session.selectDevice('speaker', 'spk-2');
    expect(h.store.getState().devices.selected.speaker).toBe('spk-2');
  });
});

describe('the calls this window knows', () => {
  it('asks main for the calls running now when it starts', async () => {
    const h = createHarness({ list: [makeCall({ direction: 'incoming', phase: 'incoming' })] });
    await vi.waitFor(() => expect(h.store.getState().calls[KEY]?.phase).toBe('incoming'));
  });

  it('keeps an ended call (and which it held) until dismissed; a group call still running stays for "Join"', async () => {
    const h = createHarness();
    await inCallWithBob(h);
    h.update({ phase: 'ended', endReason: 'remote-hung-up', participants: [participant('bob', 'left')] });
    expect(h.store.getState().heldKey).toBe(KEY);
    h.session.dismiss(KEY);
    expect(h.store.getState()).toMatchObject({ heldKey: null, calls: {} });

    h.update({ group: true, phase: 'ended', endReason: 'hung-up', ongoing: true });
    h.session.dismiss(KEY);
    expect(h.store.getState().calls[KEY]?.ongoing).toBe(true);
  });

  it('refuses a second call while one is held', async () => {
    const h = createHarness();
    await inCallWithBob(h);
    expect(await h.session.start(ACCOUNT, 'conv-2', 'audio')).toEqual({ ok: false, message: 'You are already in a call' });
    expect(h.fake.callsTo('calls.start')).toHaveLength(1);
  });

  it('an outgoing call ended busy before main answered the start ends at once', async () => {
    const h = createHarness();
    h.fake.handle('calls.start', () => {
      h.update({ phase: 'ended', endReason: 'busy' });
      return ok(makeCall({ phase: 'calling' }));
    });
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    expect(h.store.getState().calls[KEY]?.endReason).toBe('busy');
    await vi.waitFor(() => expect(h.media.tracks.length).toBeGreaterThan(0));
    expect(h.media.live()).toEqual([]);
  });

  it('declines and asks for video through main', async () => {
    const h = createHarness();
    await h.session.decline(KEY);
    await h.session.requestVideo(KEY);
    expect(h.fake.callsTo('calls.answer')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, accept: false }]);
    expect(h.fake.callsTo('calls.requestVideo')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID }]);
  });

  it('loads the peer code only when a call’s media starts', async () => {
    const h = createHarness();
    await vi.waitFor(() => expect(h.fake.callsTo('calls.list')).toHaveLength(1));
    expect(h.peers.loads).toBe(0);
    await inCallWithBob(h);
    expect(h.peers.loads).toBe(1);
  });
});

describe('newcomers', () => {
  it('hear my microphone and camera state when they join after I changed it', async () => {
    const h = createHarness();
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    h.update({ phase: 'ringing' });
    await vi.waitFor(() => expect(h.store.getState().local.stream).not.toBeNull());
    await h.session.setMicMuted(true);
    h.update({ phase: 'in-call', participants: [participant('bob', 'joined')] });
    await h.peerOf('bob');
    expect(h.fake.callsTo('calls.setMedia')).toEqual([
      { accountId: ACCOUNT, callId: CALL_ID, audioMuted: true },
      { accountId: ACCOUNT, callId: CALL_ID, audioMuted: true, videoOn: true },
    ]);
  });
});

describe('when the peer code cannot load', () => {
  it('the call hangs up as failed and the media stops', async () => {
    const h = createHarness({ loadPeers: () => Promise.reject(new Error('chunk failed')) });
    await h.session.start(ACCOUNT, 'conv-1', 'video');
    await vi.waitFor(() => expect(h.fake.callsTo('calls.hangup')).toEqual([{ accountId: ACCOUNT, callId: CALL_ID, reason: 'failed' }]));
    expect(h.media.live()).toEqual([]);
  });
});

describe('the next call\'s connection is built ahead (spare-connection.ts)', () => {
  it('only when the pointer comes to a call button, never at start nor while a call runs; closed when the call ends', async () => {
    const h = createHarness();
    // None at start: an idle connection costs every window memory whether it calls or not.
    expect(h.spare).toEqual([]);
    h.session.prepare();
    expect(h.spare).toEqual(['warm']);
    h.spare.length = 0;
    await inCallWithBob(h);
    h.session.prepare();
    expect(h.spare).toEqual([]);
    // Nothing stays open after the call: a spare it did not use is closed.
    await h.session.hangup(KEY);
    expect(h.spare).toEqual(['dispose']);
    h.session.prepare();
    expect(h.spare.at(-1)).toBe('warm');
    h.session.detach();
    expect(h.spare.at(-1)).toBe('dispose');
    h.session.prepare();
    expect(h.spare.at(-1)).toBe('dispose');
  });

  it('a ring ending unanswered closes a spare left', async () => {
    const h = createHarness();
    h.update({ direction: 'incoming', callerId: 'bob', phase: 'incoming', participants: [participant('bob', 'joined')] });
    await vi.waitFor(() => expect(h.timers.pending()).toBeGreaterThan(0));
    h.timers.advance(0);
    const bob = await h.peerOf('bob');
    h.update({ direction: 'incoming', callerId: 'bob', phase: 'ended', endReason: 'answered-elsewhere', participants: [participant('bob', 'joined')] });
    expect(bob.destroyed).toBe(true);
    expect(h.spare).toEqual(['dispose']);
  });
});
