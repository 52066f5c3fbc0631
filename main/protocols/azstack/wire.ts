// AZStack's wire (/work/shared/protocol-notes.md, AZStack): one socket.io event, `WebPacket`,
// both ways, {service: number, body: JSON string}. Everything received is checked here: the
// envelope (bounded), the body's JSON, then the service's own schema. Nothing here throws on
// what the server sends; a packet that does not fit is dropped and logged without content.

import { z } from 'zod';
import type { Logger } from '../../core/logger';

export const PACKET_EVENT = 'WebPacket';
/** A body larger than this is dropped unread (an SDP with every candidate is a few KiB). */
export const MAX_BODY_CHARS = 256 * 1024;

/** Service numbers (→ client to server, ← server to client; an ack reuses the request's number). */
export const S = {
  keepAlive: 1,
  master: 29,
  signIn: 179,
  signedIn: 162,
  text: 72,
  textIn: 73,
  sticker: 104,
  file: 121,
  location: 113,
  groupMessage: 45,
  groupMessageIn: 146,
  ownText: 174,
  ownMedia: 175,
  ownGroupMessage: 176,
  delivered: 167,
  groupDelivered: 74,
  seen: 153,
  recall: 127,
  groupRecall: 151,
  deleteMessage: 168,
  typing: 142,
  groupTyping: 149,
  conversations: 170,
  deleteConversation: 171,
  unread: 173,
  history: 169,
  userInfo: 164,
  userInfoByName: 165,
  createGroup: 42,
  groupCreated: 143,
  invite: 44,
  invited: 144,
  leave: 43,
  left: 145,
  rename: 150,
  renamed: 152,
  changeAdmin: 159,
  adminChanged: 160,
  joinPublic: 197,
  groupDetails: 148,
  groups: 147,
  publicGroups: 198,
  callOffer: 186,
  callData: 187,
  callStatus: 188,
  callStatusElsewhere: 199,
  appState: 105,
} as const;

/** chatType */
export const CHAT_USER = 1;
export const CHAT_GROUP = 2;

/** MESSAGE_STATUS_* (seed 3.4) */
export const STATUS_DELIVERED = 2;
export const STATUS_SEEN = 3;

/** Free-call statuses (seed 3.3.3.3). */
export const CALL = { ringing: 180, answered: 200, notAnswered: 400, busy: 600, rejected: 603, stop: 700 } as const;
export const MEDIA_AUDIO = 1;
export const MEDIA_VIDEO = 2;
export const CALL_SDP = 1;
export const CALL_ICE = 2;

// ---- the envelope -----------------------------------------------------------------------

const envelopeSchema = z.object({ service: z.number().int().min(0).max(1_000_000), body: z.unknown() });

export type Packet = { service: number; body: unknown };

/**
 * A WebPacket as received: its service and its body parsed, or undefined (logged by reason,
 * never by content). A body that is not a string, too long, or not JSON is dropped, except
 * that `keepRaw` returns the body as `undefined` instead (162's failure form is a non-JSON body).
 */
export function decodePacket(raw: unknown, log: Logger, keepRaw = false): (Packet & { unreadable?: true }) | undefined {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    log.warn('dropped a packet without a service number', { issues: issuePaths(envelope.error) });
    return undefined;
  }
  const { service, body } = envelope.data;
  if (typeof body !== 'string') {
    log.warn('dropped a packet whose body is not a string', { service });
    return keepRaw ? { service, body: undefined, unreadable: true } : undefined;
  }
  if (body.length > MAX_BODY_CHARS) {
    log.warn('dropped an oversized packet', { service, chars: body.length });
    return undefined;
  }
  try {
    return { service, body: JSON.parse(body) as unknown };
  } catch {
    log.warn('dropped a packet whose body is not JSON', { service, chars: body.length });
    return keepRaw ? { service, body: undefined, unreadable: true } : undefined;
  }
}

export function encodePacket(service: number, body: unknown): { service: number; body: string } {
  return { service, body: JSON.stringify(body) };
}

/** A body checked against its service's schema: the data, or undefined (logged by issue paths only). */
export function decodeBody<T>(service: number, schema: z.ZodType<T>, body: unknown, log: Logger): T | undefined {
  let parsed: ReturnType<z.ZodType<T>['safeParse']>;
  try {
    parsed = schema.safeParse(body);
  } catch (e) {
    log.warn('dropped a packet that could not be checked', { service, error: e instanceof Error ? e.name : typeof e });
    return undefined;
  }
  if (!parsed.success) {
    log.warn('dropped a malformed packet', { service, issues: issuePaths(parsed.error) });
    return undefined;
  }
  return parsed.data;
}

export function issuePaths(error: z.ZodError): string[] {
  return error.issues.slice(0, 3).map((i) => i.path.join('.') || '(root)');
}

// ---- values -----------------------------------------------------------------------------

/** userId / groupId / msgId / callId: JSON numbers (validator.js:78); a decimal string is taken too. */
export const azId = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,15}$/).transform(Number)]);
const text = z.string().max(64 * 1024);
const name = z.string().max(512);
/** Times in ms; seconds are taken too (anything below 1e12). */
const time = z.number().finite().nonnegative().transform((t) => (t < 1e12 ? t * 1000 : t));
const rCode = z.number().int();

export const masterSchema = z.object({ ip: z.union([z.string().max(256), z.number()]).optional(), port: z.union([z.number(), z.string().max(16)]).optional() });

export const iceServerSchema = z.object({
  url: z.string().max(1024).optional(),
  urls: z.union([z.string().max(1024), z.array(z.string().max(1024)).max(8)]).optional(),
  username: z.string().max(512).optional(),
  password: z.string().max(512).optional(),
  credential: z.string().max(512).optional(),
});
export const signedInSchema = z.object({
  userId: azId,
  username: name,
  fullname: name.nullish(),
  ice_server: z.array(iceServerSchema).max(16),
});
export type SignedInBody = z.output<typeof signedInSchema>;

export const textInSchema = z.object({ from: azId, msgId: azId, time: time.optional(), msg: text });
export const ownTextSchema = z.object({ to: azId, msgId: azId, time: time.optional(), msg: text });
export const sendAckSchema = z.object({ r: rCode, msgId: azId, from: azId.optional(), to: azId.optional(), group: azId.optional() });

/** 104/121/113 and their own-device forms: only what Parley shows (a line naming the kind). */
export const mediaInSchema = z.object({ from: azId, to: azId.optional(), id: azId, created: time.optional() }).passthrough();
export const ownMediaSchema = z.object({ from: azId.optional(), to: azId, id: azId, created: time.optional() }).passthrough();

export const groupMessageInSchema = z
  .object({ group: azId, from: azId, msgId: azId, created: time.optional(), msg: text.optional() })
  .passthrough();

export const deliveredInSchema = z.object({ from: azId, msgId: azId });
export const groupDeliveredInSchema = z.object({ group: azId, from: azId, msgId: azId });

export const seenInSchema = z.union([
  z.object({ type: z.literal(CHAT_USER), from: azId, senderId: azId.optional(), msgId: azId }),
  z.object({ type: z.literal(CHAT_GROUP), chatId: azId, from: azId, senderId: azId.optional(), msgId: azId }),
]);
export const rAckSchema = z.object({ r: rCode }).passthrough();

export const recallInSchema = z.object({ from: azId, to: azId.optional(), id: azId });
export const groupRecallInSchema = z.object({ group: azId, from: azId, msgId: azId });

export const typingInSchema = z.object({ from: azId });
export const groupTypingInSchema = z.object({ group: azId, from: azId });

const lastMsgSchema = z
  .object({
    sender: azId,
    msgId: azId,
    status: z.number().int().optional(),
    created: time.optional(),
    serviceType: z.number().int().optional(),
    msg: text.nullish(),
    msgType: z.number().int().optional(),
  })
  .passthrough();
export const conversationItemSchema = z.object({
  type: z.union([z.literal(CHAT_USER), z.literal(CHAT_GROUP)]),
  chatId: azId,
  modified: time.optional(),
  unread: z.number().int().nonnegative().optional().catch(0),
  lastMsg: lastMsgSchema.nullish().catch(null),
});
export const conversationsAckSchema = z.object({
  done: z.number().int().optional(),
  page: z.number().int().optional(),
  list: z.array(z.unknown()).max(500),
});

export const historyItemSchema = z
  .object({
    senderId: azId,
    receiverId: azId.optional(),
    msgId: azId,
    status: z.number().int().optional(),
    deleted: z.union([z.number(), z.boolean()]).optional(),
    created: time.optional(),
    modified: time.optional(),
    serviceType: z.number().int().optional(),
    msg: text.nullish(),
  })
  .passthrough();
export type HistoryItem = z.output<typeof historyItemSchema>;
export const historyAckSchema = z.object({
  type: z.number().int(),
  chatId: azId,
  done: z.number().int().optional(),
  page: z.number().int().optional(),
  list: z.array(z.unknown()).max(1000),
});

export const userInfoSchema = z.object({
  userId: azId,
  username: name,
  fullname: name.nullish(),
  status: z.number().int().optional(),
  lastVisitDate: time.nullish().catch(null),
});
export type UserInfo = z.output<typeof userInfoSchema>;
export const userInfoAckSchema = z.object({ r: rCode.optional(), purpose: z.string().max(128), done: z.number().int().optional(), userInfoList: z.array(z.unknown()).max(1000) });

const membersSchema = z.array(z.union([azId, z.object({ userId: azId }).passthrough().transform((m) => m.userId)])).max(5000);
export const groupCreatedSchema = z.object({
  r: rCode.optional(),
  type: z.number().int().optional(),
  group: azId,
  msgId: azId.optional(),
  from: azId.optional(),
  admin: azId.optional(),
  name: name.optional(),
  members: membersSchema.optional(),
  created: time.optional(),
});
export const invitedSchema = z.object({ group: azId, from: azId.optional(), msgId: azId.optional(), invited: membersSchema.optional(), created: time.optional() });
export const leftSchema = z.object({ group: azId, from: azId.optional(), msgId: azId.optional(), leaveUser: azId.optional(), leaveUserId: azId.optional(), newAdmin: azId.nullish(), created: time.optional() });
export const renamedSchema = z.object({ group: azId, from: azId.optional(), msgId: azId.optional(), name: name.optional(), newName: name.optional(), created: time.optional() });
export const adminChangedSchema = z.object({ group: azId, from: azId.optional(), msgId: azId.optional(), newAdmin: azId, created: time.optional() });
export const groupDetailsSchema = z.object({
  r: rCode.optional(),
  requestId: z.union([z.number(), z.string().max(64)]).optional(),
  type: z.number().int().optional(),
  group: azId,
  name: name.optional(),
  admin: azId.optional(),
  members: z.array(z.union([azId.transform((userId) => ({ userId })), z.object({ userId: azId }).passthrough()])).max(5000).optional(),
});
export const groupListItemSchema = z.object({ groupId: azId, name: name.optional(), admin: azId.optional(), members: membersSchema.optional() });

export const callOfferSchema = z.object({
  callId: azId,
  mediaType: z.number().int(),
  from: azId,
  to: azId.optional(),
  sdp: z.object({ type: z.string().max(16), sdp: z.string().max(128 * 1024) }),
});
export const callDataSchema = z.object({
  callId: azId,
  from: azId.optional(),
  to: azId.optional(),
  type: z.number().int(),
  data: z.unknown(),
});
export const iceDataSchema = z.object({
  sdpMid: z.union([z.string().max(64), z.number()]).nullish(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullish(),
  sdp: z.string().max(4096).optional(),
  candidate: z.string().max(4096).optional(),
});
export const sdpDataSchema = z.union([
  z.object({ type: z.string().max(16).optional(), sdp: z.string().max(128 * 1024) }),
  z.string().max(128 * 1024).transform((sdp) => ({ type: undefined, sdp })),
]);
export const callStatusSchema = z.object({ callId: azId, from: azId.optional(), to: azId.optional(), status: z.number().int() });
