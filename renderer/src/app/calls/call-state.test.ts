// The call view's overall connection, status line, and which calls ring or can be joined.
import { describe, expect, it } from 'vitest';
import type { Call, CallParticipant } from '../../contract';
import type { PeerConnectionState, RemoteMedia } from '../../calls/types';
import { setLanguages } from '../../i18n';
import { busyInConversation, joinableCall, overallConnection, ringingCalls, statusText } from './call-state';

setLanguages(['en-GB']);

const person = (userId: string, state: CallParticipant['state'] = 'joined'): CallParticipant => ({ userId, state, audioMuted: false, videoOn: true });
const remote = (userId: string, connection: PeerConnectionState): RemoteMedia => ({ userId, stream: null, connection });
const call = (more: Partial<Call> = {}): Call => ({
  accountId: 'acc',
  callId: '1',
  conversationId: 'c1',
  group: false,
  direction: 'outgoing',
  callerId: 'me',
  media: 'video',
  phase: 'in-call',
  local: { audioMuted: false, videoOn: true },
  participants: [person('bob')],
  startedAt: 1_000,
  ...more,
});

describe('overallConnection', () => {
  it('is connecting until the call is answered and every joined peer is up', () => {
    expect(overallConnection(call({ phase: 'ringing' }), {})).toBe('connecting');
    expect(overallConnection(call(), {})).toBe('connecting');
    expect(overallConnection(call(), { bob: remote('bob', 'connecting') })).toBe('connecting');
    expect(overallConnection(call(), { bob: remote('bob', 'connected') })).toBe('connected');
  });

  it('says reconnecting or failed when any joined peer is', () => {
    const group = call({ group: true, participants: [person('bob'), person('carol'), person('dan', 'invited')] });
    expect(overallConnection(group, { bob: remote('bob', 'connected'), carol: remote('carol', 'connected') })).toBe('connected');
    expect(overallConnection(group, { bob: remote('bob', 'connected'), carol: remote('carol', 'reconnecting') })).toBe('reconnecting');
    expect(overallConnection(group, { bob: remote('bob', 'failed'), carol: remote('carol', 'reconnecting') })).toBe('failed');
  });

  it('ignores who left or was only invited', () => {
    const group = call({ group: true, participants: [person('bob'), person('carol', 'left'), person('dan', 'invited')] });
    expect(overallConnection(group, { bob: remote('bob', 'connected'), carol: remote('carol', 'closed') })).toBe('connected');
  });
});

describe('statusText', () => {
  it('says calling, ringing, then the connection', () => {
    expect(statusText({ phase: 'calling' }, 'connecting')).toBe('Calling…');
    expect(statusText({ phase: 'ringing' }, 'connecting')).toBe('Ringing…');
    expect(statusText({ phase: 'in-call' }, 'connecting')).toBe('Connecting…');
    expect(statusText({ phase: 'in-call' }, 'connected')).toBe('Connected');
    expect(statusText({ phase: 'in-call' }, 'reconnecting')).toBe('Reconnecting…');
    expect(statusText({ phase: 'in-call' }, 'failed')).toBe('Connection lost');
  });
});

describe('which calls ring, and which can be joined', () => {
  const calls = {
    'acc|1': call({ callId: '1', phase: 'incoming', direction: 'incoming', startedAt: 2_000 }),
    'acc|2': call({ callId: '2', phase: 'incoming', direction: 'incoming', startedAt: 1_000 }),
    'acc|3': call({ callId: '3', conversationId: 'g1', group: true, phase: 'ended', ongoing: true }),
    'acc|4': call({ callId: '4', conversationId: 'c4', phase: 'ended' }),
  };

  it('rings for unanswered incoming calls, oldest first, but not the held one', () => {
    expect(ringingCalls({ calls, heldKey: null }).map(([key]) => key)).toEqual(['acc|2', 'acc|1']);
    expect(ringingCalls({ calls, heldKey: 'acc|2' }).map(([key]) => key)).toEqual(['acc|1']);
  });

  it('offers Join for a group call that runs without me', () => {
    expect(joinableCall({ calls }, 'acc', 'g1')?.[0]).toBe('acc|3');
    expect(joinableCall({ calls }, 'acc', 'c4')).toBeUndefined();
    expect(joinableCall({ calls }, 'other', 'g1')).toBeUndefined();
  });

  it('knows a conversation with a call going on', () => {
    expect(busyInConversation({ calls }, 'acc', 'c1')).toBe(true);
    expect(busyInConversation({ calls }, 'acc', 'c4')).toBe(false);
  });
});
