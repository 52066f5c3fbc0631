// Netalo call signalling (server/PROTOCOL.md, Calls): create_call, answer_call, stop_call,
// call_status, ice_sdp, ice_candidate and the call `event`s 1–7 as the adapter's call methods,
// and the pushes as `call-signal` events. Signalling only: the core keeps the Call objects
// and their state machine (main/core/calls/), the renderer the media.
//
// Every push is validated (schemas.ts); a malformed one is logged by its issue paths and
// dropped, never thrown. IDs stay decimal strings from the wire to the event.

import type { z } from 'zod';
import type { CallMedia, CallMediaSignal, CallSignal, Id } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent, AdapterSession, CallAnswer, CallEventOut, CallStarted } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import type { NetaloConnection } from './connection';
import { MEDIA_AUDIO, MEDIA_VIDEO, mediaOf } from './call-lines';
import { toMs } from './mapping';
import { decodePayload } from './payload';
import {
  ackSchema,
  answerCallPushSchema,
  callAckSchema,
  callEventSchema,
  callStatusAckSchema,
  describeIssues,
  iceCandidatePushSchema,
  iceSdpPushSchema,
  idSchema,
  mediaStateDataSchema,
  startCallSchema,
  stopCallPushSchema,
  type NetaloCall,
} from './schemas';

/** call_status (document: Call Status). */
const STATUS_ONGOING = 1;
const STATUS_TIMEOUT = 2;
const STATUS_FINISHED = 3;
/** answer (document: Answer Call). */
const ANSWERS: Record<Exclude<CallAnswer, 'busy'>, number> = { accept: 1, reject: 2, timeout: 3, failed: 4 };
const ANSWER_NAMES: Record<number, 'accept' | 'reject' | 'timeout' | 'failed'> = { 1: 'accept', 2: 'reject', 3: 'timeout', 4: 'failed' };
/** ice_sdp type. */
const SDP_OFFER = 1;
const SDP_ANSWER = 2;
/** `event` types for calls (document: Event). 2 reset and 7 availability carry nothing Parley uses. */
export const CALL_EVENT = { cancel: 1, reset: 2, received: 3, videoRequest: 4, videoOff: 5, videoOn: 6, availability: 7 } as const;
/** Parley's result code for create_call: the callee is in another call. */
const RESULT_BUSY = 8;

/** What the calls module needs to know of a conversation: is it 1:1, and who is in it. */
export interface GroupInfo {
  direct: boolean;
  memberIds: readonly Id[];
}

export class NetaloCalls {
  /** call → its group, for pushes that leave group_id out (ice_sdp / ice_candidate as real clients send them). */
  private readonly callGroups = new Map<Id, Id>();

  constructor(
    private readonly connection: NetaloConnection,
    private readonly session: AdapterSession,
    private readonly log: Logger,
    private readonly emit: (event: AdapterEvent) => void,
    /** The adapter's latest copy of a conversation, when it has one. */
    private readonly group: (groupId: Id) => GroupInfo | undefined,
  ) {}

  private get me(): Id {
    return this.session.userId;
  }

  // ---- requests ----

  async startCall(req: { conversationId: Id; media: CallMedia }): Promise<CallStarted> {
    const group_id = checkId(req.conversationId, 'conversationId');
    const info = this.group(group_id);
    const ack = await this.connection.request(
      'create_call',
      {
        group_id,
        caller_uin: this.me,
        // The server rings every other member; it checks these are members.
        callee_uins: (info?.memberIds ?? []).filter((id) => id !== this.me),
        media_type: req.media === 'video' ? MEDIA_VIDEO : MEDIA_AUDIO,
        sender_name: this.session.displayName,
      },
      callAckSchema,
      { acceptResults: [RESULT_BUSY] },
    );
    if (ack.result === RESULT_BUSY) return ack.call ? { busy: true, callId: ack.call.call_id } : { busy: true };
    if (!ack.call) throw new ParleyError('server-error', 'The server did not say which call it started');
    const call = ack.call;
    this.callGroups.set(call.call_id, call.group_id);
    return {
      callId: call.call_id,
      calleeIds: (call.callee_uins ?? []).filter((id) => id !== this.me),
      group: this.isGroup(call),
      startedAt: call.started_at ? toMs(call.started_at) : Date.now(),
      callerId: call.caller_uin,
      ...(this.isGroup(call) ? {} : { callerOffers: true }),
      joinedIds: (call.joined_uins ?? []).filter((id) => id !== this.me),
    };
  }

  async answerCall(req: { callId: Id; conversationId: Id; answer: CallAnswer }): Promise<{ joinedIds: Id[] }> {
    const call_id = checkId(req.callId, 'callId');
    const group_id = checkId(req.conversationId, 'conversationId');
    const busy = req.answer === 'busy';
    const ack = await this.connection.request(
      'answer_call',
      {
        call_id,
        group_id,
        // The document names the answerer `uin`, real clients `callee_uin`: send both.
        uin: this.me,
        callee_uin: this.me,
        answer: req.answer === 'busy' ? ANSWERS.reject : ANSWERS[req.answer],
        ...(busy ? { reason: 'busy' } : {}),
      },
      callAckSchema,
    );
    this.callGroups.set(call_id, group_id);
    return { joinedIds: (ack.call?.joined_uins ?? []).filter((id) => id !== this.me) };
  }

  async stopCall(req: { callId: Id; conversationId: Id; reason?: 'hung-up' | 'failed' | 'quit' | 'signed-out' }): Promise<void> {
    const call_id = checkId(req.callId, 'callId');
    const group_id = checkId(req.conversationId, 'conversationId');
    await this.connection.request('stop_call', { call_id, group_id, uin: this.me, ...(req.reason ? { reason: req.reason } : {}) }, ackSchema);
  }

  async callStatus(req: { callId: Id; conversationId: Id }): Promise<'ongoing' | 'timeout' | 'finished'> {
    const call_id = checkId(req.callId, 'callId');
    const group_id = checkId(req.conversationId, 'conversationId');
    const ack = await this.connection.request('call_status', { call_id, group_id }, callStatusAckSchema);
    const status = ack.call_status ?? ack.call?.call_status;
    if (status === STATUS_ONGOING) return 'ongoing';
    if (status === STATUS_TIMEOUT) return 'timeout';
    if (status === STATUS_FINISHED) return 'finished';
    throw new ParleyError('server-error', 'The server gave no status for the call');
  }

  async sendCallMedia(req: { callId: Id; conversationId: Id; toUserId: Id; signal: CallMediaSignal }): Promise<void> {
    const base = {
      call_id: checkId(req.callId, 'callId'),
      group_id: checkId(req.conversationId, 'conversationId'),
      sender_uin: this.me,
      receiver_uin: checkId(req.toUserId, 'toUserId'),
    };
    const { signal } = req;
    if (signal.type === 'candidate') {
      await this.connection.request(
        'ice_candidate',
        { ...base, candidate: signal.candidate, sdp_mid: signal.sdpMid, sdp_mline_index: signal.sdpMLineIndex },
        ackSchema,
      );
    } else {
      await this.connection.request('ice_sdp', { ...base, type: signal.type === 'offer' ? SDP_OFFER : SDP_ANSWER, sdp: signal.sdp }, ackSchema);
    }
  }

  /** One `event` per receiver: the server relays an event to its receiver_uin only. */
  async sendCallEvent(req: { callId: Id; conversationId: Id; toUserIds: Id[]; event: CallEventOut }): Promise<void> {
    const call_id = checkId(req.callId, 'callId');
    const group_id = checkId(req.conversationId, 'conversationId');
    const { type, data } = eventOut(req.event);
    await Promise.all(
      req.toUserIds.map((to) =>
        this.connection.request(
          'event',
          { type, call_id, group_id, sender_uin: this.me, receiver_uin: checkId(to, 'toUserId'), ...(data !== undefined ? { data } : {}) },
          ackSchema,
        ),
      ),
    );
  }

  // ---- pushes ----

  registerPushes(): void {
    const c = this.connection;
    c.onPush('start_call', startCallSchema, (call) => this.onStartCall(call));
    c.onPush('answer_call', answerCallPushSchema, (a) => {
      const conversationId = this.groupOf(a.call_id, a.group_id ?? a.call?.group_id, 'answer_call');
      const answer = ANSWER_NAMES[a.answer];
      if (!conversationId) return;
      if (!answer) {
        this.log.warn('dropped an answer_call with an unknown answer', { answer: a.answer });
        return;
      }
      const fromUserId = (a.uin ?? a.callee_uin)!;
      this.signal({ kind: 'answer', callId: a.call_id, conversationId, fromUserId, answer: answer === 'reject' && a.reason === 'busy' ? 'busy' : answer });
    });
    c.onPush('stop_call', stopCallPushSchema, (s) => {
      const conversationId = this.groupOf(s.call_id, s.group_id ?? s.call?.group_id, 'stop_call');
      if (!conversationId) return;
      const status = s.call_status ?? s.call?.call_status;
      const ended = status === STATUS_TIMEOUT ? 'timeout' : status === STATUS_FINISHED ? 'finished' : undefined;
      if (ended) this.callGroups.delete(s.call_id);
      if (!s.uin && !ended) {
        this.log.warn('dropped a stop_call that names nobody and ends nothing', {});
        return;
      }
      this.signal({
        kind: 'left',
        callId: s.call_id,
        conversationId,
        fromUserId: s.uin ?? '',
        ...(ended ? { ended } : {}),
        ...(s.reason ? { reason: s.reason } : {}),
      });
    });
    c.onPush('ice_sdp', iceSdpPushSchema, (p) => {
      const conversationId = this.groupOf(p.call_id, p.group_id, 'ice_sdp');
      if (!conversationId) return;
      if (p.type !== SDP_OFFER && p.type !== SDP_ANSWER) {
        this.log.warn('dropped an ice_sdp of unknown type', { type: p.type });
        return;
      }
      const signal: CallMediaSignal = { type: p.type === SDP_OFFER ? 'offer' : 'answer', sdp: p.sdp };
      this.signal({ kind: 'media', callId: p.call_id, conversationId, fromUserId: p.sender_uin, signal });
    });
    c.onPush('ice_candidate', iceCandidatePushSchema, (p) => {
      const conversationId = this.groupOf(p.call_id, p.group_id, 'ice_candidate');
      if (!conversationId) return;
      const signal: CallMediaSignal = {
        type: 'candidate',
        candidate: p.candidate,
        // '' is how a server that has no null writes "no mid": a browser takes only null for that.
        sdpMid: p.sdp_mid == null || p.sdp_mid === '' ? null : String(p.sdp_mid),
        sdpMLineIndex: p.sdp_mline_index ?? null,
      };
      this.signal({ kind: 'media', callId: p.call_id, conversationId, fromUserId: p.sender_uin, signal });
    });
  }

  /** A call `event` (types 1–7), already routed here by the adapter's `event` handler. */
  onCallEvent(raw: unknown): void {
    const parsed = callEventSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn('dropped malformed call event', { issues: describeIssues(parsed.error) });
      return;
    }
    const e = parsed.data;
    if (e.sender_uin === this.me) return; // my own, echoed: nothing to learn
    const conversationId = this.groupOf(e.call_id, e.group_id, 'event');
    if (!conversationId) return;
    const base = { callId: e.call_id, conversationId, fromUserId: e.sender_uin };
    switch (e.type) {
      case CALL_EVENT.cancel:
        return this.signal({ kind: 'cancel', ...base });
      case CALL_EVENT.received:
        return this.signal({ kind: 'received', ...base });
      case CALL_EVENT.videoRequest:
        return this.signal({ kind: 'video-request', ...base });
      case CALL_EVENT.videoOff:
      case CALL_EVENT.videoOn: {
        const data = this.mediaData(e.data);
        return this.signal({
          kind: 'media-state',
          ...base,
          // The type says the camera; data, when a client sends it, the microphone too.
          videoOn: e.type === CALL_EVENT.videoOn,
          ...(data?.audio_muted !== undefined ? { audioMuted: data.audio_muted } : {}),
        });
      }
      default:
        // 2 reset, 7 availability: nothing Parley acts on.
        return;
    }
  }

  private onStartCall(call: NetaloCall): void {
    if (call.caller_uin === this.me) return; // my own call, from another session: not an invitation
    this.callGroups.set(call.call_id, call.group_id);
    if (call.call_status !== STATUS_ONGOING) {
      this.log.info('ignored a start_call for a call that is already over', { status: call.call_status });
      return;
    }
    const media = mediaOf(call.media_type);
    if (!media) {
      this.log.warn('dropped a start_call with an unknown media type', { media_type: call.media_type });
      return;
    }
    this.signal({
      kind: 'invite',
      callId: call.call_id,
      conversationId: call.group_id,
      callerId: call.caller_uin,
      calleeIds: [...(call.callee_uins ?? [])],
      media,
      group: this.isGroup(call),
      startedAt: call.started_at ? toMs(call.started_at) : Date.now(),
      ...(call.joined_uins ? { joinedIds: [...call.joined_uins] } : {}),
      // The caller offers (see startCall); a caller that does not is answered by my own offer.
      ...(this.isGroup(call) ? {} : { callerOffers: true }),
    });
  }

  /** The data of events 5 / 6: a JSON string (or an object); anything unreadable is ignored. */
  private mediaData(data: unknown): z.infer<typeof mediaStateDataSchema> | undefined {
    if (data === undefined || data === null || data === '') return undefined;
    const parsed = mediaStateDataSchema.safeParse(typeof data === 'string' ? safeDecode(data) : data);
    if (!parsed.success) {
      this.log.info('ignored unreadable call event data', { issues: describeIssues(parsed.error) });
      return undefined;
    }
    return parsed.data;
  }

  /** A 1:1 call when its conversation is a direct one; unknown conversations: by how many were rung. */
  private isGroup(call: NetaloCall): boolean {
    const info = this.group(call.group_id);
    if (info) return !info.direct;
    return (call.callee_uins ?? []).filter((id) => id !== call.caller_uin).length > 1;
  }

  private groupOf(callId: Id, groupId: Id | null | undefined, event: string): Id | undefined {
    const found = groupId ?? this.callGroups.get(callId);
    if (!found) this.log.warn('dropped a call push for a call of unknown conversation', { event });
    return found;
  }

  private signal(signal: CallSignal): void {
    this.emit({ type: 'call-signal', signal });
  }
}

function eventOut(event: CallEventOut): { type: number; data?: string } {
  switch (event.type) {
    case 'cancel':
      return { type: CALL_EVENT.cancel };
    case 'received':
      return { type: CALL_EVENT.received };
    case 'video-request':
      return { type: CALL_EVENT.videoRequest };
    case 'media-state':
      return {
        type: event.videoOn ? CALL_EVENT.videoOn : CALL_EVENT.videoOff,
        data: JSON.stringify({ audio_muted: event.audioMuted, video_on: event.videoOn }),
      };
  }
}

function safeDecode(text: string): unknown {
  const decoded = decodePayload(text);
  return decoded === text ? undefined : decoded;
}

/** IDs go out as decimal strings; anything else is the caller's bug, caught before the wire. */
function checkId(id: Id, what: string): Id {
  const parsed = idSchema.safeParse(id);
  if (!parsed.success || typeof id !== 'string') throw new ParleyError('invalid-argument', `${what} is not a Netalo ID`);
  return parsed.data;
}
