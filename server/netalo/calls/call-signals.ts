// Signalling between the participants of one call (server/PROTOCOL.md, Calls): ice_sdp,
// ice_candidate and `event` types 1-7 are relayed to the receiver's sockets, with
// sender_uin set by the server, only while both sender and receiver are in that ongoing
// call (joined, or still ringing). The server reads none of it: SDP and candidates pass
// through as given, within their size limits.

import type { Handler, RequestContext } from '../context';
import { forbidden, invalidRequest } from '../results';
import { parseRequest } from '../validate';
import { everyone, inCall } from './call-machine';
import { callOf } from './call-access';
import { pushTo, type CallOut } from './call-flow';
import type { LiveCall } from './call-registry';
import { callEventRequest, iceCandidateRequest, iceSdpRequest } from './call-requests';

/** The ongoing call both the caller and (if named) the receiver are in. */
function callBetween(ctx: RequestContext, callId: string, groupId: string | undefined, receiver: string | undefined): LiveCall {
  const { live } = callOf(ctx, callId, groupId);
  if (live.state.status !== 'ongoing') throw forbidden('the call is over');
  if (!inCall(live.state, ctx.uin)) throw forbidden('you are not in this call');
  if (receiver !== undefined) {
    if (receiver === ctx.uin) throw invalidRequest('receiver_uin: must be someone else');
    if (!inCall(live.state, receiver)) throw forbidden('receiver_uin: is not in this call');
  }
  return live;
}

/** Relays go to every socket of the receiver (whichever device holds the call); the sender already knows. */
function relayOut(ctx: RequestContext): CallOut {
  return { services: ctx.services, later: ctx.afterAck };
}

const iceSdp: Handler = (ctx, payload) => {
  const req = parseRequest(iceSdpRequest, payload);
  const live = callBetween(ctx, req.call_id, req.group_id, req.receiver_uin);
  pushTo(relayOut(ctx), [req.receiver_uin], 'ice_sdp', {
    call_id: live.state.callId,
    group_id: live.state.groupId,
    sender_uin: ctx.uin,
    receiver_uin: req.receiver_uin,
    type: req.type,
    sdp: req.sdp,
  });
  return {};
};

const iceCandidate: Handler = (ctx, payload) => {
  const req = parseRequest(iceCandidateRequest, payload);
  const live = callBetween(ctx, req.call_id, req.group_id, req.receiver_uin);
  pushTo(relayOut(ctx), [req.receiver_uin], 'ice_candidate', {
    call_id: live.state.callId,
    group_id: live.state.groupId,
    sender_uin: ctx.uin,
    receiver_uin: req.receiver_uin,
    candidate: req.candidate,
    sdp_mid: req.sdp_mid,
    sdp_mline_index: req.sdp_mline_index,
  });
  return {};
};

/**
 * `event` types 1-7. Without a call_id there is no call to relay within: acknowledged and
 * ignored, as unknown event types are (some real clients number their events differently).
 * Without a receiver_uin: every other participant still in the call.
 */
export const relayCallEvent: Handler = (ctx, payload) => {
  const req = parseRequest(callEventRequest, payload);
  if (req.call_id === undefined) return {};
  const live = callBetween(ctx, req.call_id, req.group_id, req.receiver_uin);
  const receivers = req.receiver_uin !== undefined ? [req.receiver_uin] : everyone(live.state).filter((uin) => uin !== ctx.uin && inCall(live.state, uin));
  for (const receiver of receivers) {
    pushTo(relayOut(ctx), [receiver], 'event', {
      type: req.type,
      sender_uin: ctx.uin,
      receiver_uin: receiver,
      call_id: live.state.callId,
      group_id: live.state.groupId,
      data: req.data,
    });
  }
  return {};
};

export const callSignalHandlers: Readonly<Record<string, Handler>> = {
  ice_sdp: iceSdp,
  ice_candidate: iceCandidate,
};
