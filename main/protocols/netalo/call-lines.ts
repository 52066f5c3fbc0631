// Call lines (type 11): the server writes one into the conversation when a call ends. The
// server's English wording ("Missed video call") is the message text; what happened is JSON
// in the message's attachments, {"call":{call_id, media_type, outcome, caller_uin,
// duration_ms?}} (server/PROTOCOL.md, Calls), which the UI words for each side. A line whose
// JSON is unreadable is still shown, as the server's text: a timeline line is never dropped.

import type { CallMedia, CallRecord } from '../../../contract/domain';
import type { NetaloMessage } from './schemas';
import { callLinePayloadSchema } from './schemas';
import { parseLenientJson } from './wire/lenient-json';

/** Netalo message type for a call line (Parley's reference server; clients may not send it). */
export const MESSAGE_CALL = 11;
/** media_type (document: Create Call). */
export const MEDIA_AUDIO = 1;
export const MEDIA_VIDEO = 2;

export function mediaOf(mediaType: number): CallMedia | undefined {
  return mediaType === MEDIA_VIDEO ? 'video' : mediaType === MEDIA_AUDIO ? 'audio' : undefined;
}

/** What a type-11 message records; undefined when its attachments cannot be read. Never throws. */
export function callRecordOf(m: NetaloMessage): CallRecord | undefined {
  const raw = m.attachments || m.attactments;
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = parseLenientJson(raw);
  } catch {
    return undefined;
  }
  const checked = callLinePayloadSchema.safeParse(parsed);
  if (!checked.success) return undefined;
  const { call_id, media_type, outcome, caller_uin, duration_ms } = checked.data.call;
  const media = mediaOf(media_type);
  if (!media) return undefined;
  return {
    callId: call_id,
    media,
    outcome,
    callerId: caller_uin,
    ...(outcome === 'ended' && duration_ms != null ? { durationMs: Math.round(duration_ms) } : {}),
  };
}
