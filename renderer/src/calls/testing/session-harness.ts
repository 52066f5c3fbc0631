// A call session wired to fakes (api, media, peers, timers, page) for the unit tests, and
// the Call objects main would send. Never imported by the app.

import { vi } from 'vitest';
import type { Call, CallMediaSignal, CallParticipant } from '../../contract';
import { createFakeParleyApi, ok, type FakeParleyApi } from '../../testing/fakeParleyApi';
import type { PeerFactory } from '../peer';
import { CallSession } from '../session';
import { createCallsStore, type CallsStore } from '../store';
import { callKey } from '../types';
import { FakeMediaEnv } from './fake-media';
import { FakePeerFactory, FakeTimers, type FakePeer } from './fake-peers';

export const ACCOUNT = 'acc-a';
export const CALL_ID = 'c1';
export const KEY = callKey({ accountId: ACCOUNT, callId: CALL_ID });

export function participant(userId: string, state: CallParticipant['state'], more: Partial<CallParticipant> = {}): CallParticipant {
  return { userId, state, audioMuted: false, videoOn: false, ...more };
}

/** A call as main sends it; by default alice's (this window's user) outgoing video call to bob. */
export function makeCall(more: Partial<Call> = {}): Call {
  return {
    accountId: ACCOUNT,
    callId: CALL_ID,
    conversationId: 'conv-1',
    group: false,
    direction: 'outgoing',
    callerId: 'alice',
    media: 'video',
    phase: 'calling',
    local: { audioMuted: false, videoOn: (more.media ?? 'video') === 'video' },
    participants: [participant('bob', 'invited')],
    startedAt: 1_000,
    ...more,
  };
}

export interface Harness {
  fake: FakeParleyApi;
  media: FakeMediaEnv;
  peers: FakePeerFactory;
  timers: FakeTimers;
  page: EventTarget;
  store: CallsStore;
  session: CallSession;
  errors: unknown[];
  /** What the session asked of the spare connection (spare-connection.ts), in order. */
  spare: string[];
  /** Plays main's call.updated. */
  update(more: Partial<Call>): void;
  /** Plays main's call.signal from `fromUserId`. */
  signal(fromUserId: string, signal: CallMediaSignal, callId?: string): void;
  /** Waits until the peer toward `userId` exists. */
  peerOf(userId: string): Promise<FakePeer>;
}

export function createHarness(options: { list?: Call[]; loadPeers?: () => Promise<PeerFactory> } = {}): Harness {
  const fake = createFakeParleyApi();
  const media = new FakeMediaEnv();
  const peers = new FakePeerFactory();
  const timers = new FakeTimers();
  const page = new EventTarget();
  const store = createCallsStore();
  const errors: unknown[] = [];
  const spare: string[] = [];
  fake.handle('calls.list', () => ok(options.list ?? []));
  fake.handle('calls.start', ({ accountId, conversationId, media: m }) => ok(makeCall({ accountId, conversationId, media: m })));
  fake.handle('calls.answer', ({ accept }) =>
    ok(makeCall({ direction: 'incoming', callerId: 'bob', phase: accept ? 'in-call' : 'ended', participants: [participant('bob', 'joined')] })),
  );
  fake.handle('calls.hangup', () => ok(null));
  fake.handle('calls.signal', () => ok(null));
  fake.handle('calls.setMedia', () => ok(null));
  fake.handle('calls.requestVideo', () => ok(null));
  const session = new CallSession({ api: fake.api, store, media: media.env, loadPeers: options.loadPeers ?? peers.load, timers: timers.timers, page, onError: (e) => errors.push(e), spare: { warm: () => void spare.push('warm'), dispose: () => void spare.push('dispose') } });
  session.attach();
  return {
    fake,
    media,
    peers,
    timers,
    page,
    store,
    session,
    errors,
    spare,
    update: (more) => fake.emit('call.updated', { call: makeCall(more) }),
    signal: (fromUserId, signal, callId = CALL_ID) => fake.emit('call.signal', { accountId: ACCOUNT, callId, fromUserId, signal }),
    async peerOf(userId) {
      await vi.waitFor(() => {
        if (!peers.peer(userId)) throw new Error(`no peer toward ${userId} yet`);
      });
      return peers.peer(userId)!;
    },
  };
}
