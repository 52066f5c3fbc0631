// zod schemas for everything Netalo sends us: acks, pushed events and the HTTP answers.
// Validation happens here, at the boundary, so that nothing malformed reaches the core.
//
// IDs: Netalo IDs are uint64 and real values exceed 2^53. The lossless socket.io parser
// (./wire) turns a bare JSON number above 2^53 into its decimal string, so a `number` that
// reaches a schema is either a safe integer or already corrupted. The schemas turn every ID
// into a decimal string and reject an unsafe number instead of passing on a wrong ID.

import { z } from 'zod';

const DECIMAL_ID = /^\d{1,20}$/;
const UINT64_MAX = 18446744073709551615n;

/** A Netalo uint64 ID, as a decimal string. */
export const idSchema = z
  .union([
    z
      .string()
      .regex(DECIMAL_ID, 'not a decimal ID')
      // zod runs this even when the regex failed: BigInt only ever sees digits.
      .refine((s) => !DECIMAL_ID.test(s) || BigInt(s) <= UINT64_MAX, 'ID above 2^64 - 1: not a uint64'),
    z
      .number()
      .int()
      .nonnegative()
      .refine((n) => Number.isSafeInteger(n), 'ID above 2^53 arrived as a number: precision already lost'),
  ])
  .transform((v) => String(v));

/** A small integer (enum, result code) that some servers send as a numeric string. */
const intSchema = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d{1,9}$/)
    .transform((s) => Number(s)),
]);

/** A timestamp (s, ms or µs depending on the field): a number, or a numeric string. */
const timeSchema = z.union([
  z.number().nonnegative().finite(),
  z
    .string()
    .regex(/^\d{1,17}$/)
    .transform((s) => Number(s)),
]);

/** Optional text fields: real servers send null, absent or a string. */
const optText = z.string().nullish();

export const messageSchema = z.object({
  message_id: idSchema,
  group_id: idSchema,
  type: intSchema,
  message: z.string(),
  sender_uin: idSchema,
  sender_name: optText,
  nonce: optText,
  version: z.number().nullish(),
  status: z.number().nullish(),
  created_at: timeSchema, // µs
  // Parley's reference server (server/PROTOCOL.md): edits, deletions and the resync position.
  edited_at: timeSchema.nullish(), // µs; 0 = never
  deleted: z.boolean().nullish(),
  change_id: idSchema.nullish(),
  // Free-form text: a system message (type 10) carries its JSON here. Real clients spell it
  // `attachments`, the document `attactments`; either may come.
  attachments: optText,
  attactments: optText,
});
export type NetaloMessage = z.infer<typeof messageSchema>;

const idList = z.array(idSchema);

/** received_list / seen_list: the newest message each member has received / seen. */
const memberMarks = z.array(z.object({ uin: idSchema, message_id: idSchema }));

/** status_list: presence of the members the viewer may see (Parley's server: accepted conversations only). */
const memberStatuses = z.array(
  z.object({
    uin: idSchema,
    online_status: intSchema,
    message_status: optText,
    last_seen_at: timeSchema.nullish(),
  }),
);

export const groupSchema = z.preprocess(
  // The document's create_group example spells the member list `occupants_uin`; accept both.
  (v) =>
    v && typeof v === 'object' && !('occupants_uins' in v) && 'occupants_uin' in v
      ? { ...v, occupants_uins: (v as { occupants_uin: unknown }).occupants_uin }
      : v,
  z.object({
    group_id: idSchema,
    type: intSchema,
    name: optText,
    avatar_url: optText,
    owner_uin: idSchema.nullish(),
    creator_uin: idSchema.nullish(),
    occupants_uins: idList,
    created_at: timeSchema, // s
    updated_at: timeSchema.nullish(), // s
    last_message_id: idSchema.nullish(),
    last_message: messageSchema.nullish(),
    unread_cnt: z.number().int().nonnegative().nullish(),
    muted_uins: idList.nullish(),
    pinned_uins: idList.nullish(),
    blocked_uins: idList.nullish(),
    removed_uins: idList.nullish(),
    received_list: memberMarks.nullish(),
    seen_list: memberMarks.nullish(),
    status_list: memberStatuses.nullish(),
    // Parley's extension: false while the group is a message request for the viewer.
    accepted: z.boolean().nullish(),
  }),
);
export type NetaloGroup = z.infer<typeof groupSchema>;

// ---- socket.io: pushed events ----

export const loginSchema = z.object({ result: intSchema, uin: idSchema.nullish() });

export const userStatusSchema = z.object({
  uin: idSchema,
  online_status: intSchema, // 1 online, 2 offline
  message_status: optText,
  last_seen_at: timeSchema.nullish(),
});

export const deleteGroupSchema = z.object({ group_id: idSchema });

/** delete_conversation, mute_group, unmute_group, pin_group, unpin_group: all name one group. */
export const groupRefSchema = z.object({ group_id: idSchema });

/**
 * `event`: typing (types 8 / 9) and, later, calls (1–7). Only what every type shares is
 * checked here; a type Parley does not handle is ignored, whatever else it carries.
 */
export const eventSchema = z.object({
  type: intSchema,
  group_id: idSchema.nullish(),
  sender_uin: idSchema.nullish(),
  // Kept unchecked here: call events (types 1–7) are checked against callEventSchema in
  // calls.ts, so that a malformed call field never costs a typing event.
  call_id: z.unknown().optional(),
  data: z.unknown().optional(),
});
export type NetaloEvent = z.infer<typeof eventSchema>;

// ---- calls (server/PROTOCOL.md, Calls) ----

/** The Call object, in acks and pushes. Times are ms (0: not yet); `joined_uins` is Parley's. */
export const callSchema = z.object({
  call_id: idSchema,
  group_id: idSchema,
  media_type: intSchema,
  call_status: intSchema,
  caller_uin: idSchema,
  callee_uins: idList.nullish(),
  joined_uins: idList.nullish(),
  group_name: optText,
  sender_name: optText,
  started_at: timeSchema.nullish(),
  accepted_at: timeSchema.nullish(),
  stopped_at: timeSchema.nullish(),
});
export type NetaloCall = z.infer<typeof callSchema>;

/** `start_call`: {call} as the protocol notes have it; a bare Call object is accepted too. */
export const startCallSchema = z.preprocess(
  (v) => (v && typeof v === 'object' && 'call' in v ? (v as { call: unknown }).call : v),
  callSchema,
);

/** Why someone left a call: Parley's optional `reason` on stop_call. Anything else reads as a hang-up. */
const stopReason = z
  .string()
  .nullish()
  .transform((r) => (r === 'failed' || r === 'quit' || r === 'signed-out' || r === 'hung-up' ? r : undefined));

/** `answer_call` pushed to the participants: who answered (`uin`, or `callee_uin` as real clients send it), and how. */
export const answerCallPushSchema = z
  .object({
    call_id: idSchema,
    group_id: idSchema.nullish(),
    uin: idSchema.nullish(),
    callee_uin: idSchema.nullish(),
    answer: intSchema,
    reason: optText,
    call: callSchema.nullish(),
  })
  .refine((a) => a.uin != null || a.callee_uin != null, { message: 'no answering user', path: ['uin'] });

/** `stop_call` pushed: `uin` left; call_status 2 / 3 (here or on the call): the whole call is over. */
export const stopCallPushSchema = z.object({
  call_id: idSchema,
  group_id: idSchema.nullish(),
  uin: idSchema.nullish(),
  call_status: intSchema.nullish(),
  reason: stopReason,
  call: callSchema.nullish(),
});

const SDP_MAX = 64 * 1024;

export const iceSdpPushSchema = z.object({
  call_id: idSchema,
  group_id: idSchema.nullish(),
  sender_uin: idSchema,
  type: intSchema,
  sdp: z.string().min(1).max(SDP_MAX),
});

export const iceCandidatePushSchema = z.object({
  call_id: idSchema,
  group_id: idSchema.nullish(),
  sender_uin: idSchema,
  candidate: z.string().max(4096),
  sdp_mid: z.union([z.string().max(64), z.number().int().nonnegative()]).nullish(),
  sdp_mline_index: z.union([z.number().int().min(0).max(64), z.string().regex(/^\d{1,2}$/).transform(Number)]).nullish(),
});

/** A call event as Parley reads it: it must name its call and its sender. */
export const callEventSchema = z.object({
  type: intSchema,
  call_id: idSchema,
  group_id: idSchema.nullish(),
  sender_uin: idSchema,
  data: z.unknown().optional(),
});

/** Events 5 / 6 carry the sender's microphone too: data = JSON {"audio_muted":bool,"video_on":bool}. */
export const mediaStateDataSchema = z.object({ audio_muted: z.boolean().optional(), video_on: z.boolean().optional() });

/** create_call and answer_call: the call (and with create_call result 8, the busy call). */
export const callAckSchema = z.object({ result: intSchema, reason: optText, call: callSchema.nullish() });
export const callStatusAckSchema = z.object({ call_status: intSchema.nullish(), call: callSchema.nullish() });

/** A call line's attachments (type 11): {"call":{call_id, media_type, outcome, caller_uin, duration_ms?}}. */
export const callLinePayloadSchema = z.object({
  call: z.object({
    call_id: idSchema,
    media_type: intSchema,
    outcome: z.enum(['ended', 'declined', 'missed', 'busy']),
    caller_uin: idSchema,
    duration_ms: z.number().nonnegative().finite().nullish(),
  }),
});

/** A system message's attachments (type 10): {"system":{action, actor, uins, name}}. */
export const systemPayloadSchema = z.object({
  system: z.object({
    action: z.string(),
    actor: idSchema.nullish(),
    uins: idList.nullish(),
    name: optText,
  }),
});

/** A deletion names the message; Parley's reference server also sends its tombstone. */
export const deleteMessageSchema = z.object({ group_id: idSchema, message_id: idSchema, message: messageSchema.nullish() });

// ---- socket.io: acks ----

/** Every ack: `result` 0 on success, else an error code and maybe a reason. */
export const ackSchema = z.object({ result: intSchema, reason: optText });

/** Lists are checked item by item (see adapter.ts), so one bad item does not hide the rest. */
export const listGroupAckSchema = z.object({ groups: z.array(z.unknown()) });
export const listMessageAckSchema = z.object({ messages: z.array(z.unknown()) });
export const groupAckSchema = z.object({ group: groupSchema });
export const messageAckSchema = z.object({ message: messageSchema });

// ---- HTTP (Parley's reference server; see server/PROTOCOL.md) ----

export const userSchema = z.object({
  uin: idSchema,
  username: z.string(),
  display_name: optText,
});
export type NetaloUser = z.infer<typeof userSchema>;

export const sessionAnswerSchema = z.object({
  session: z.string().min(1),
  expires_at: z.number().nullish(),
  user: userSchema,
});

export const usersAnswerSchema = z.object({ users: z.array(userSchema) });

export const errorAnswerSchema = z.object({ error: optText, reason: optText });

/** Issue paths and codes only: a zod message could quote a value, and values may be message text. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`);
}
