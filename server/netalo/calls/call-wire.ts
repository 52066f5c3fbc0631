// The call object as it goes out in acks and pushes (server/PROTOCOL.md, Calls): the
// document's members, IDs as decimal strings, times in ms (0 when not yet), and Parley's
// `joined_uins` (who is in the call now).

import { joinedUins, type CallState, type CallStatus } from './call-machine';

/** What the caller's client said about the call at create_call; shown to the callees as given. */
export interface CallLabels {
  groupName: string;
  groupAvatar: string;
  senderName: string;
  sendAvatar: string;
}

export const CallStatusCode: Readonly<Record<CallStatus, 1 | 2 | 3>> = { ongoing: 1, timeout: 2, finished: 3 };

export interface WireCall {
  call_id: string;
  group_id: string;
  media_type: number;
  call_status: 1 | 2 | 3;
  caller_uin: string;
  callee_uins: string[];
  group_name: string;
  group_avatar: string;
  sender_name: string;
  send_avatar: string;
  started_at: number;
  accepted_at: number;
  stopped_at: number;
  joined_uins: string[];
}

export function callToWire(call: CallState, labels: CallLabels): WireCall {
  return {
    call_id: call.callId,
    group_id: call.groupId,
    media_type: call.media,
    call_status: CallStatusCode[call.status],
    caller_uin: call.callerUin,
    callee_uins: [...call.calleeUins],
    group_name: labels.groupName,
    group_avatar: labels.groupAvatar,
    sender_name: labels.senderName,
    send_avatar: labels.sendAvatar,
    started_at: call.startedAt,
    accepted_at: call.acceptedAt,
    stopped_at: call.stoppedAt,
    joined_uins: joinedUins(call),
  };
}
