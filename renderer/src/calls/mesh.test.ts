// The mesh's negotiation rules on their own: crossing offers, a participant starting over,
// and candidates of an older negotiation (which a browser would refuse, closing the peer).

import { describe, expect, it } from 'vitest';
import type { CallMediaSignal } from '../contract';
import { Mesh } from './mesh';
import { FakePeerFactory, FakeTimers } from './testing/fake-peers';
import { participant } from './testing/session-harness';
import type { RemoteMedia } from './types';

function mesh(initiateTo: string[] = [], offerBeforeAnswer = false, crossing?: 'theirs' | 'mine') {
  const peers = new FakePeerFactory();
  const timers = new FakeTimers();
  const sent: Array<{ to: string; signal: CallMediaSignal }> = [];
  const failed: string[] = [];
  let remotes: Record<string, RemoteMedia> = {};
  const m = new Mesh({
    factory: peers.factory,
    stream: {} as MediaStream,
    initiateTo,
    ...(offerBeforeAnswer ? { offerBeforeAnswer } : {}),
    ...(crossing ? { crossing } : {}),
    timers: timers.timers,
    send: (to, signal) => sent.push({ to, signal }),
    onChange: (r) => (remotes = r),
    onFailed: (userId) => failed.push(userId),
  });
  return { m, peers, timers, sent, failed, remotes: () => remotes };
}

const sdp = (ufrag: string, session: string) => `v=0\no=- ${session} 2 IN IP4 127.0.0.1\na=ice-ufrag:${ufrag}\n`;
const cand = (ufrag: string): CallMediaSignal => ({ type: 'candidate', candidate: `candidate:1 1 udp 2122 127.0.0.1 5000 typ host generation 0 ufrag ${ufrag}`, sdpMid: '0', sdpMLineIndex: 0 });

describe('mesh', () => {
  it('offerBeforeAnswer (the caller offers first): a peer toward a rung callee at once, kept when they join, closed when they decline', () => {
    const a = mesh(['b'], true);
    a.m.update([participant('b', 'invited'), participant('c', 'invited')]);
    expect(a.peers.peer('b')!.initiator).toBe(true);
    // Only those I offer to: c is not in initiateTo.
    expect(a.peers.peer('c')).toBeUndefined();
    const first = a.peers.peer('b')!;
    a.m.update([participant('b', 'joined')]);
    expect(a.peers.peer('b')).toBe(first);
    expect(first.destroyed).toBe(false);
    a.m.update([participant('b', 'declined')]);
    expect(first.destroyed).toBe(true);
    // Without it, nobody rung gets a peer (Netalo: whoever accepts offers).
    const plain = mesh(['b']);
    plain.m.update([participant('b', 'invited')]);
    expect(plain.peers.peer('b')).toBeUndefined();
  });

  it('two offers crossing: the greater offer wins on both sides, so exactly one side answers', () => {
    const a = mesh(['b']);
    const b = mesh(['a']);
    a.m.update([participant('b', 'joined')]);
    b.m.update([participant('a', 'joined')]);
    const offerA: CallMediaSignal = { type: 'offer', sdp: sdp('ua', '111') };
    const offerB: CallMediaSignal = { type: 'offer', sdp: sdp('ub', '999') };
    a.peers.peer('b')!.emitSignal(offerA);
    b.peers.peer('a')!.emitSignal(offerB);
    a.m.receive('b', offerB);
    b.m.receive('a', offerA);
    // a's offer is the smaller: a starts over as b's answerer; b keeps its offer.
    expect(a.peers.peer('b')!.initiator).toBe(false);
    expect(a.peers.peer('b')!.received).toEqual([offerB]);
    expect(b.peers.peer('a')!.initiator).toBe(true);
    expect(b.peers.peer('a')!.received).toEqual([]);
    expect(a.peers.peers.filter((p) => p.destroyed)).toHaveLength(1);
  });

  it('a 1:1 call whose caller offers first: a callee who got no offer offers itself, and its offer wins a crossing on both sides', () => {
    const caller = mesh(['b'], true, 'theirs');
    const callee = mesh([], false, 'mine');
    caller.m.update([participant('b', 'invited')]);
    callee.m.update([participant('a', 'joined')]);
    const waiting = callee.peers.peer('a')!;
    expect(waiting.initiator).toBe(false);
    // No offer came from the caller: the callee's peer is built again, as the one who offers.
    callee.m.offerTo('a');
    expect(waiting.destroyed).toBe(true);
    expect(callee.peers.peer('a')!.initiator).toBe(true);
    // The caller's offer was only late: both are open. The callee's is the smaller SDP, and wins all the same.
    const fromCaller: CallMediaSignal = { type: 'offer', sdp: sdp('ua', '999') };
    const fromCallee: CallMediaSignal = { type: 'offer', sdp: sdp('ub', '111') };
    caller.peers.peer('b')!.emitSignal(fromCaller);
    callee.peers.peer('a')!.emitSignal(fromCallee);
    caller.m.receive('b', fromCallee);
    callee.m.receive('a', fromCaller);
    expect(caller.peers.peer('b')!.initiator).toBe(false);
    expect(caller.peers.peer('b')!.received).toEqual([fromCallee]);
    expect(callee.peers.peer('a')!.initiator).toBe(true);
    expect(callee.peers.peer('a')!.received).toEqual([]);
  });

  it('offerTo leaves a peer that has its description, and makes a peer built later the initiator', () => {
    const callee = mesh([], false, 'mine');
    callee.m.update([participant('a', 'joined')]);
    const answering = callee.peers.peer('a')!;
    callee.m.receive('a', { type: 'offer', sdp: sdp('ua', '1') });
    callee.m.offerTo('a');
    expect(callee.peers.peer('a')).toBe(answering);
    expect(answering.destroyed).toBe(false);

    const early = mesh([], false, 'mine');
    early.m.offerTo('a');
    early.m.update([participant('a', 'joined')]);
    expect(early.peers.peer('a')!.initiator).toBe(true);
  });

  it('an offer after my offer was answered is a new negotiation: I start over as the answerer', () => {
    const a = mesh(['b']);
    a.m.update([participant('b', 'joined')]);
    const first = a.peers.peer('b')!;
    first.emitSignal({ type: 'offer', sdp: sdp('ua', '1') });
    a.m.receive('b', { type: 'answer', sdp: sdp('ub1', '2') });
    a.m.receive('b', { type: 'offer', sdp: sdp('ub2', '3') });
    expect(first.destroyed).toBe(true);
    expect(a.peers.peer('b')!.initiator).toBe(false);
  });

  it('candidates wait for their description; those of an older one are never fed to the new peer', () => {
    const a = mesh();
    a.m.update([participant('b', 'joined')]);
    const first = a.peers.peer('b')!;
    a.m.receive('b', cand('old'));
    a.m.receive('b', { type: 'offer', sdp: sdp('old', '1') });
    expect(first.received.map((s) => s.type)).toEqual(['offer', 'candidate']);
    // b starts over: a new offer, its candidates overtaking it.
    a.m.receive('b', cand('new'));
    a.m.receive('b', { type: 'offer', sdp: sdp('new', '2') });
    a.m.receive('b', cand('old'));
    const second = a.peers.peer('b')!;
    expect(second).not.toBe(first);
    expect(second.received).toEqual([{ type: 'offer', sdp: sdp('new', '2') }, cand('new')]);
    expect(first.received).toHaveLength(2);
  });

  it('a peer built ahead is the peer when it fits, says nothing before, and is closed when it does not fit', () => {
    const a = mesh();
    a.m.prebuild('b', false);
    const ahead = a.peers.peer('b')!;
    ahead.ice('checking');
    expect(a.remotes()).toEqual({});
    a.m.receive('b', { type: 'offer', sdp: sdp('ub', '1') });
    expect(a.peers.peers).toHaveLength(1);
    expect(ahead.received).toEqual([{ type: 'offer', sdp: sdp('ub', '1') }]);
    ahead.emitSignal({ type: 'answer', sdp: sdp('ua', '1') });
    expect(a.sent).toEqual([{ to: 'b', signal: { type: 'answer', sdp: sdp('ua', '1') } }]);

    const c = mesh(['b']);
    c.m.prebuild('b', false); // built to answer, but I am to offer to b
    const wrong = c.peers.peer('b')!;
    c.m.update([participant('b', 'joined')]);
    expect(wrong.destroyed).toBe(true);
    expect(c.peers.peer('b')!.initiator).toBe(true);
  });

  it('an answer without my offer is ignored', () => {
    const a = mesh();
    a.m.update([participant('b', 'joined')]);
    a.m.receive('b', { type: 'answer', sdp: sdp('x', '1') });
    expect(a.peers.peer('b')!.received).toEqual([]);
  });

  it('relays its peers’ signals to the right participant and shows their streams', () => {
    const a = mesh(['b', 'c']);
    a.m.update([participant('b', 'joined'), participant('c', 'joined'), participant('d', 'invited')]);
    expect(a.peers.live().map((p) => p.userId)).toEqual(['b', 'c']);
    a.peers.peer('c')!.emitSignal(cand('x'));
    expect(a.sent).toEqual([{ to: 'c', signal: cand('x') }]);
    const stream = {} as MediaStream;
    a.peers.peer('b')!.callbacks.onStream(stream);
    expect(a.remotes().b).toEqual({ userId: 'b', stream, connection: 'connecting' });
  });

  it('closing stops the grace timers and every peer, and nothing fails afterwards', () => {
    const a = mesh(['b']);
    a.m.update([participant('b', 'joined')]);
    a.peers.peer('b')!.ice('disconnected');
    expect(a.timers.pending()).toBe(1);
    a.m.close();
    expect(a.timers.pending()).toBe(0);
    expect(a.peers.live()).toEqual([]);
    expect(a.failed).toEqual([]);
  });
});
