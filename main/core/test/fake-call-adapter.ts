// FakeCallAdapter: a fake at the adapter seam for calls, not a protocol. It speaks no wire
// format and reaches no network: it records what the registry asked for and answers what the
// test tells it to. Signals from "the server" are played with CallRegistry.onSignal.

import type { Capabilities, CallMedia, CallMediaSignal, Id } from '../../../contract/domain';
import type { CallAnswer, CallEventOut, CallStarted } from '../adapter';
import type { CallAdapter } from '../calls/call-registry';
import { fakeCapabilities } from './fake-adapter';

export type CallRequest =
  | { op: 'startCall'; conversationId: Id; media: CallMedia }
  | { op: 'answerCall'; callId: Id; conversationId: Id; answer: CallAnswer }
  | { op: 'stopCall'; callId: Id; conversationId: Id; reason?: string }
  | { op: 'callStatus'; callId: Id; conversationId: Id }
  | { op: 'sendCallMedia'; callId: Id; conversationId: Id; toUserId: Id; signal: CallMediaSignal }
  | { op: 'sendCallEvent'; callId: Id; conversationId: Id; toUserIds: Id[]; event: CallEventOut };

export class FakeCallAdapter implements CallAdapter {
  readonly capabilities: Capabilities;
  readonly requests: CallRequest[] = [];
  /** What the next startCall answers (by default a 1:1 call to '2'). */
  onStart: (req: { conversationId: Id; media: CallMedia }) => Promise<CallStarted> | CallStarted = () => ({
    callId: '900000000000000001',
    calleeIds: ['2'],
    group: false,
    startedAt: 1,
  });
  /** What answerCall answers (throw to refuse). */
  onAnswer: (req: { callId: Id; answer: CallAnswer }) => Promise<{ joinedIds: Id[] }> | { joinedIds: Id[] } = () => ({ joinedIds: [] });
  status: 'ongoing' | 'timeout' | 'finished' = 'ongoing';

  constructor(calls = true) {
    this.capabilities = { ...fakeCapabilities, calls };
  }

  async startCall(req: { conversationId: Id; media: CallMedia }): Promise<CallStarted> {
    this.requests.push({ op: 'startCall', ...req });
    return this.onStart(req);
  }
  async answerCall(req: { callId: Id; conversationId: Id; answer: CallAnswer }): Promise<{ joinedIds: Id[] }> {
    this.requests.push({ op: 'answerCall', ...req });
    return this.onAnswer(req);
  }
  async stopCall(req: { callId: Id; conversationId: Id; reason?: 'hung-up' | 'failed' | 'quit' | 'signed-out' }): Promise<void> {
    this.requests.push({ op: 'stopCall', ...req });
  }
  async callStatus(req: { callId: Id; conversationId: Id }): Promise<'ongoing' | 'timeout' | 'finished'> {
    this.requests.push({ op: 'callStatus', ...req });
    return this.status;
  }
  async sendCallMedia(req: { callId: Id; conversationId: Id; toUserId: Id; signal: CallMediaSignal }): Promise<void> {
    this.requests.push({ op: 'sendCallMedia', ...req });
  }
  async sendCallEvent(req: { callId: Id; conversationId: Id; toUserIds: Id[]; event: CallEventOut }): Promise<void> {
    this.requests.push({ op: 'sendCallEvent', ...req });
  }

  /** The requests of one kind, in order. */
  made<K extends CallRequest['op']>(op: K): Array<Extract<CallRequest, { op: K }>> {
    return this.requests.filter((r): r is Extract<CallRequest, { op: K }> => r.op === op);
  }
}
