// zod schemas of the call requests (server/PROTOCOL.md, Calls), with validate.ts's building
// blocks and leniency: objects or the document's single-quoted strings, IDs as numbers or
// decimal strings, null for an absent optional field, unknown fields ignored. `group_id` is
// optional wherever the call names its group already (real clients leave it out of ice_sdp
// and ice_candidate); when given, it must be the call's.

import { z } from 'zod';
import { id, idList, int, LIMITS, oneOf, optionalId, optionalText } from '../validate';

export const CALL_LIMITS = {
  /** An SDP offer or answer: a few KiB in practice; 64 KiB is far beyond any real one. */
  sdp: 65_536,
  candidate: 4_096,
  sdpMid: 256,
  /** `data` of a call event (5/6 carry a small JSON object). */
  eventData: 4_096,
  reason: 64,
} as const;

export const Answer = { accept: 1, reject: 2, timeout: 3, failed: 4 } as const;
export const SdpType = { offer: 1, answer: 2 } as const;
export const LEAVE_REASONS = ['hung-up', 'failed', 'quit', 'signed-out'] as const;
export type LeaveReason = (typeof LEAVE_REASONS)[number];

export const createCallRequest = z.object({
  group_id: id,
  caller_uin: optionalId,
  /** Checked to be members; the server rings every other member anyway. */
  callee_uins: z.preprocess((value) => (value === undefined || value === null ? [] : value), idList(LIMITS.members)),
  media_type: oneOf([1, 2]),
  group_name: optionalText(LIMITS.name),
  group_avatar: optionalText(LIMITS.avatarUrl),
  sender_name: optionalText(LIMITS.name),
  send_avatar: optionalText(LIMITS.avatarUrl),
});

/** Real clients say `callee_uin`, the document `uin`: either names the answerer (who must be the caller). */
export const answerCallRequest = z.object({
  call_id: id,
  group_id: optionalId,
  uin: optionalId,
  callee_uin: optionalId,
  // The document's own example leaves it out: answering a call, unqualified, is accepting it.
  answer: oneOf([Answer.accept, Answer.reject, Answer.timeout, Answer.failed], Answer.accept),
  /** 'busy' with a reject: the callee's device is in another call. Other words are kept out. */
  reason: optionalText(CALL_LIMITS.reason),
});

export const stopCallRequest = z.object({
  call_id: id,
  group_id: optionalId,
  uin: optionalId,
  reason: z
    .unknown()
    .optional()
    .transform((value, ctx): LeaveReason => {
      if (value === undefined || value === null || value === '') return 'hung-up';
      if (typeof value === 'string' && (LEAVE_REASONS as readonly string[]).includes(value)) return value as LeaveReason;
      ctx.addIssue({ code: 'custom', message: `must be one of ${LEAVE_REASONS.join(', ')}` });
      return z.NEVER;
    }),
});

export const callStatusRequest = z.object({
  call_id: id,
  group_id: optionalId,
});

export const iceSdpRequest = z.object({
  call_id: id,
  group_id: optionalId,
  sender_uin: optionalId,
  receiver_uin: id,
  type: oneOf([SdpType.offer, SdpType.answer]),
  sdp: z.unknown().optional().transform((value, ctx) => {
    if (typeof value !== 'string') {
      ctx.addIssue({ code: 'custom', message: value === undefined ? 'is required' : 'must be a string' });
      return z.NEVER;
    }
    // SDP is ASCII: its length in UTF-16 units is its size, near enough, and cheap to take.
    if (value.length > CALL_LIMITS.sdp) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${CALL_LIMITS.sdp} characters` });
      return z.NEVER;
    }
    return value;
  }),
});

export const iceCandidateRequest = z.object({
  call_id: id,
  group_id: optionalId,
  sender_uin: optionalId,
  receiver_uin: id,
  // Empty: the end-of-candidates marker some stacks send.
  candidate: z.preprocess((value) => (value === null ? '' : value), optionalText(CALL_LIMITS.candidate)).transform((v) => v ?? ''),
  sdp_mid: z.preprocess((value) => (value === null ? '' : value), optionalText(CALL_LIMITS.sdpMid)).transform((v) => v ?? ''),
  sdp_mline_index: int(0, 65_535, 0),
});

/** `event` types 1-7 (8/9 are typing). Without a call_id a call event is ignored, as unknown types are. */
export const callEventRequest = z.object({
  type: int(1, 7),
  call_id: optionalId,
  group_id: optionalId,
  sender_uin: optionalId,
  /** Absent: every other participant still in the call. */
  receiver_uin: optionalId,
  data: z.preprocess((value) => (value === null ? '' : value), optionalText(CALL_LIMITS.eventData)).transform((v) => v ?? ''),
});

export const CALL_EVENT_TYPES = { cancel: 1, reset: 2, received: 3, requestVideo: 4, videoOff: 5, videoOn: 6, availability: 7 } as const;
