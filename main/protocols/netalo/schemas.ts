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
