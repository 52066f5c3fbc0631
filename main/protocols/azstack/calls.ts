// AZStack 1:1 free calls (notes, Features: Free call; call.js in the SDK) as the adapter's call
// methods and `call-signal` events. The order is the SDK's: the CALLER offers first. 186 is
// the ring and carries the caller's offer SDP, so startCall sends nothing: the call is
// `callerOffers`, the caller's window builds its peer while ringing, and the 186 leaves with
// the first offer it produces (sendCallMedia). ICE trickles as 187 type 2 both ways. The callee
// rings (188 180, sent by the core's `received`), answers 188 200, then 187 type 1 with its
// answer SDP. Other 188 statuses: 600 busy, 603 rejected, 400 not answered, 700 hang-up.
//
// callId is a number from the msgId counter; packets for a call this client does not know
// are dropped (the SDK ignores another callId, call.js:895,992).

import type { CallIceServer, CallMedia, CallMediaSignal, CallSignal, Id } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent, CallAnswer, CallEventOut, CallStarted } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import type { AzConnection, AzMe } from './connection';
import { chatOf, conversationIdOf } from './mapping';
import {
  CALL,
  CALL_ICE,
  CALL_SDP,
  CHAT_USER,
  callDataSchema,
  callOfferSchema,
  callStatusSchema,
  decodeBody,
  iceDataSchema,
  MEDIA_AUDIO,
  MEDIA_VIDEO,
  S,
  sdpDataSchema,
} from './wire';

interface AzCall {
  callId: number;
  peer: number;
  media: CallMedia;
  role: 'caller' | 'callee';
  /** Caller: the 186 left (with the first offer). */
  offered: boolean;
  /** Caller: candidates produced before the offer, sent right after the 186. */
  queued: CallMediaSignal[];
}

const MAX_CALLS = 32;
const MAX_QUEUED = 64;

export class AzCalls {
  private readonly calls = new Map<number, AzCall>();

  constructor(
    private readonly connection: AzConnection,
    private readonly me: () => AzMe,
    private readonly nextId: () => number,
    private readonly emit: (event: AdapterEvent) => void,
    private readonly log: Logger,
  ) {}

  async startCall(req: { conversationId: Id; media: CallMedia }): Promise<CallStarted> {
    const me = this.me();
    const chat = chatOf(req.conversationId);
    if (chat.type !== CHAT_USER) throw new ParleyError('unsupported', 'AZStack calls are one-to-one only.');
    if (chat.chatId === me.userId) throw new ParleyError('invalid-argument', 'That is you');
    const callId = this.nextId();
    this.remember({ callId, peer: chat.chatId, media: req.media, role: 'caller', offered: false, queued: [] });
    return {
      callId: String(callId),
      calleeIds: [String(chat.chatId)],
      group: false,
      startedAt: Date.now(),
      callerOffers: true,
      ...(me.iceServers.length > 0 ? { iceServers: iceServersOf(me) } : {}),
    };
  }

  async answerCall(req: { callId: Id; answer: CallAnswer }): Promise<{ joinedIds: Id[] }> {
    const call = this.require(req.callId);
    const status = { accept: CALL.answered, reject: CALL.rejected, timeout: CALL.notAnswered, busy: CALL.busy, failed: CALL.stop }[req.answer];
    this.connection.send(S.callStatus, { callId: call.callId, to: call.peer, status });
    if (req.answer !== 'accept') this.calls.delete(call.callId);
    return { joinedIds: [String(call.peer)] };
  }

  async stopCall(req: { callId: Id }): Promise<void> {
    const call = this.calls.get(Number(req.callId));
    if (!call) return;
    this.calls.delete(call.callId);
    // A caller whose offer never left rang nobody: there is nothing to stop on the server.
    if (call.role === 'caller' && !call.offered) return;
    this.connection.send(S.callStatus, { callId: call.callId, to: call.peer, status: CALL.stop });
  }

  async sendCallMedia(req: { callId: Id; toUserId: Id; signal: CallMediaSignal }): Promise<void> {
    const call = this.require(req.callId);
    const { signal } = req;
    if (call.role === 'caller' && !call.offered) {
      if (signal.type === 'candidate') {
        if (call.queued.length < MAX_QUEUED) call.queued.push(signal);
        return;
      }
      if (signal.type !== 'offer') throw new ParleyError('invalid-argument', 'An AZStack call starts with the caller\'s offer');
      // The ring itself (186), carrying the offer.
      this.connection.send(S.callOffer, {
        callId: call.callId,
        mediaType: call.media === 'video' ? MEDIA_VIDEO : MEDIA_AUDIO,
        to: call.peer,
        sdp: { type: 'offer', sdp: signal.sdp },
      });
      call.offered = true;
      for (const queued of call.queued.splice(0)) this.sendData(call, queued);
      return;
    }
    this.sendData(call, signal);
  }

  /**
   * `received` is AZStack's ringing (188 180); a cancel is the 700 that stopCall sends.
   * Microphone / camera states have no packet: the other side is not told (they are sent
   * automatically, so quietly skipped). Asking for video has none either: refused, so the
   * user hears it cannot be done rather than waiting for an answer that will not come.
   */
  async sendCallEvent(req: { callId: Id; event: CallEventOut }): Promise<void> {
    if (req.event.type === 'video-request') throw new ParleyError('invalid-argument', 'AZStack calls cannot ask the other side for video.');
    if (req.event.type !== 'received') return;
    const call = this.calls.get(Number(req.callId));
    if (call) this.connection.send(S.callStatus, { callId: call.callId, to: call.peer, status: CALL.ringing });
  }

  /** The connection dropped: AZStack calls do not survive it (the server sees the socket go). */
  connectionLost(): void {
    for (const call of this.calls.values()) {
      this.signal({ kind: 'left', callId: String(call.callId), conversationId: conversationIdOf({ type: CHAT_USER, chatId: call.peer }), fromUserId: String(call.peer), ended: 'finished' });
    }
    this.calls.clear();
  }

  registerPushes(): void {
    const c = this.connection;
    c.onPacket(S.callOffer, (raw) => {
      const body = decodeBody(S.callOffer, callOfferSchema, raw, this.log);
      if (body) this.onOffer(body);
    });
    c.onPacket(S.callData, (raw) => {
      const body = decodeBody(S.callData, callDataSchema, raw, this.log);
      if (body) this.onData(body);
    });
    c.onPacket(S.callStatus, (raw) => {
      const body = decodeBody(S.callStatus, callStatusSchema, raw, this.log);
      if (body) this.onStatus(body, false);
    });
    c.onPacket(S.callStatusElsewhere, (raw) => {
      const body = decodeBody(S.callStatusElsewhere, callStatusSchema, raw, this.log);
      if (body) this.onStatus(body, true);
    });
  }

  private onOffer(body: { callId: number; mediaType: number; from: number; sdp: { type: string; sdp: string } }): void {
    const me = this.me();
    if (body.from === me.userId) return; // my own call, seen from another device
    if (this.calls.has(body.callId)) return; // a repeat
    const media: CallMedia = body.mediaType === MEDIA_VIDEO ? 'video' : 'audio';
    if (body.mediaType !== MEDIA_VIDEO && body.mediaType !== MEDIA_AUDIO) this.log.info('a call with an unknown media type: taken as audio', { mediaType: body.mediaType });
    this.remember({ callId: body.callId, peer: body.from, media, role: 'callee', offered: true, queued: [] });
    const base = { callId: String(body.callId), conversationId: conversationIdOf({ type: CHAT_USER, chatId: body.from }) };
    this.signal({
      kind: 'invite',
      ...base,
      callerId: String(body.from),
      calleeIds: [String(me.userId)],
      media,
      group: false,
      startedAt: Date.now(),
      callerOffers: true,
      ...(me.iceServers.length > 0 ? { iceServers: iceServersOf(me) } : {}),
    });
    this.signal({ kind: 'media', ...base, fromUserId: String(body.from), signal: { type: 'offer', sdp: body.sdp.sdp } });
  }

  private onData(body: { callId: number; from?: number | undefined; type: number; data: unknown }): void {
    const call = this.known(body.callId, body.from, 187);
    if (!call) return;
    const base = { callId: String(call.callId), conversationId: conversationIdOf({ type: CHAT_USER, chatId: call.peer }), fromUserId: String(call.peer) };
    if (body.type === CALL_ICE) {
      const ice = iceDataSchema.safeParse(body.data);
      const candidate = ice.success ? (ice.data.sdp ?? ice.data.candidate) : undefined;
      if (!ice.success || candidate === undefined) {
        this.log.warn('dropped an unreadable ICE candidate', { service: S.callData });
        return;
      }
      const mid = ice.data.sdpMid;
      this.signal({
        kind: 'media',
        ...base,
        signal: { type: 'candidate', candidate, sdpMid: mid === null || mid === undefined || mid === '' ? null : String(mid), sdpMLineIndex: ice.data.sdpMLineIndex ?? null },
      });
      return;
    }
    if (body.type === CALL_SDP) {
      const sdp = sdpDataSchema.safeParse(body.data);
      if (!sdp.success) {
        this.log.warn('dropped an unreadable call description', { service: S.callData });
        return;
      }
      // The callee's description answers the caller's offer; anything else is a new offer.
      const type = sdp.data.type === 'offer' || sdp.data.type === 'answer' ? sdp.data.type : call.role === 'caller' ? 'answer' : 'offer';
      this.signal({ kind: 'media', ...base, signal: { type, sdp: sdp.data.sdp } });
      return;
    }
    this.log.warn('dropped call data of an unknown type', { type: body.type });
  }

  private onStatus(body: { callId: number; from?: number | undefined; status: number }, elsewhere: boolean): void {
    const me = this.me();
    const call = elsewhere ? this.calls.get(body.callId) : this.known(body.callId, body.from, 188);
    if (!call) return;
    const base = { callId: String(call.callId), conversationId: conversationIdOf({ type: CHAT_USER, chatId: call.peer }) };
    // 199: I answered on my other device.
    const from = elsewhere ? String(me.userId) : String(call.peer);
    const answer = (a: 'accept' | 'reject' | 'timeout' | 'busy') => this.signal({ kind: 'answer', ...base, fromUserId: from, answer: a });
    switch (body.status) {
      case CALL.ringing:
        if (!elsewhere) this.signal({ kind: 'received', ...base, fromUserId: from });
        return;
      case CALL.answered:
        return answer('accept');
      case CALL.rejected:
        this.calls.delete(call.callId);
        return answer('reject');
      case CALL.busy:
        this.calls.delete(call.callId);
        return answer('busy');
      case CALL.notAnswered:
        this.calls.delete(call.callId);
        return answer('timeout');
      case CALL.stop:
        this.calls.delete(call.callId);
        // From my other device: I left there (the core ends it here too).
        return this.signal({ kind: 'left', ...base, fromUserId: from, reason: 'hung-up' });
      default:
        this.log.info('ignored a call status Parley does not know', { status: body.status });
    }
  }

  /** A call this client knows, from its other party (a packet naming someone else is dropped). */
  private known(callId: number, from: number | undefined, service: number): AzCall | undefined {
    const call = this.calls.get(callId);
    if (!call) {
      this.log.info('dropped a packet for a call this client does not know', { service });
      return undefined;
    }
    if (from !== undefined && from !== call.peer) {
      this.log.warn('dropped a call packet from someone outside the call', { service });
      return undefined;
    }
    return call;
  }

  private sendData(call: AzCall, signal: CallMediaSignal): void {
    if (signal.type === 'candidate') {
      this.connection.send(S.callData, {
        callId: call.callId,
        to: call.peer,
        type: CALL_ICE,
        data: { sdpMid: signal.sdpMid, sdpMLineIndex: signal.sdpMLineIndex, sdp: signal.candidate },
      });
    } else {
      this.connection.send(S.callData, { callId: call.callId, to: call.peer, type: CALL_SDP, data: { type: signal.type, sdp: signal.sdp } });
    }
  }

  private remember(call: AzCall): void {
    this.calls.set(call.callId, call);
    if (this.calls.size > MAX_CALLS) {
      const oldest = this.calls.keys().next().value;
      if (oldest !== undefined) this.calls.delete(oldest);
    }
  }

  private require(callId: Id): AzCall {
    const call = this.calls.get(Number(callId));
    if (!call) throw new ParleyError('not-found', 'That call is over.');
    return call;
  }

  private signal(signal: CallSignal): void {
    this.emit({ type: 'call-signal', signal });
  }
}

/** The ice_server list from 162, as RTCIceServer entries. */
export function iceServersOf(me: AzMe): CallIceServer[] {
  return me.iceServers.map((s) => ({ urls: s.urls, ...(s.username ? { username: s.username } : {}), ...(s.credential ? { credential: s.credential } : {}) }));
}
