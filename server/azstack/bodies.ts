// What the AZStack front accepts in each service's body, with the field forms of the protocol
// notes. IDs are JSON numbers on the wire; a numeric string is read too (build for both).
// Every string and list is bounded. Unknown fields are ignored, as the real SDK adds some.

import { z } from 'zod';

export const TEXT_LIMIT = 10_000;
export const NAME_LIMIT = 200;
/** An SDP or ICE candidate relayed in a call: a few KiB in practice. */
export const CALL_DATA_LIMIT = 64 * 1024;
export const LIST_LIMIT = 200;

const safe = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A number, or a numeric string, as a safe non-negative integer. */
export const num = z.union([safe, z.string().regex(/^\d{1,15}$/).transform(Number)]);
export const id = num.refine((v) => v > 0, 'must be positive');
const chatType = z.union([z.literal(1), z.literal(2), z.literal('1').transform(() => 1 as const), z.literal('2').transform(() => 2 as const)]);
const text = z.string().min(1).max(TEXT_LIMIT);
const name = z.string().trim().min(1).max(NAME_LIMIT);
const ids = z.array(id).max(LIST_LIMIT);

export const bodies = {
  serverAddr: z.object({ azStackUserId: z.string().max(256).optional() }),
  authenticate: z.object({
    token: z.string().min(1).max(4096),
    appId: z.string().min(1).max(256),
    fullname: z.string().max(NAME_LIMIT).optional(),
  }),
  /** The token's plaintext (capital ID, as the SDK writes it; a lower-case d is read too). */
  tokenContent: z
    .object({
      azStackUserID: z.string().min(1).max(256).optional(),
      azStackUserId: z.string().min(1).max(256).optional(),
      userCredentials: z.string().max(1024).optional(),
    })
    .refine((t) => t.azStackUserID !== undefined || t.azStackUserId !== undefined, 'azStackUserID missing'),
  text: z.object({ msgId: num, to: id, msg: text }),
  groupText: z.object({ msgId: num, group: id, msg: text }),
  deliveredUser: z.object({ to: id, msgId: num }),
  deliveredGroup: z.object({ group: id, msgId: num, msgSender: id }),
  seen: z.object({ type: chatType, chatId: id, senderId: id, msgId: num }),
  recallUser: z.object({ chatId: id.optional(), to: id, id: num }),
  recallGroup: z.object({ chatId: id.optional(), group: id, msgId: num }),
  remove: z.object({ type: chatType, chatId: id, senderId: id, msgId: num }),
  typingUser: z.object({ to: id }),
  typingGroup: z.object({ group: id }),
  conversations: z.object({ page: num.optional(), lastCreated: num.optional() }),
  deleteConversation: z.object({ chatId: id, type: chatType, lastTimeCreated: num.optional() }),
  unread: z.object({ page: num.optional(), type: chatType, chatId: id }),
  modified: z.object({ page: num.optional(), lastCreated: num.optional(), type: chatType, chatId: id }),
  usersByIds: z.object({ purpose: z.unknown().optional(), userIdList: ids }),
  usersByNames: z.object({ purpose: z.unknown().optional(), usernameList: z.array(z.string().min(1).max(256)).max(LIST_LIMIT) }),
  groupCreate: z.object({ msgId: num, type: z.union([z.literal(0), z.literal(1)]).optional(), name, members: ids }),
  groupInvite: z.object({ msgId: num, group: id, members: ids.min(1) }),
  groupLeave: z.object({ msgId: num, group: id, leaveUser: id, newAdmin: num.optional().nullable() }), // newAdmin 0 or absent: none named
  groupRename: z.object({ msgId: num, group: id, name }),
  groupAdmin: z.object({ msgId: num, group: id, newAdmin: id }),
  groupJoin: z.object({ msgId: num, group: id }),
  groupDetails: z.object({ group: id, requestId: z.unknown().optional() }),
  callStart: z.object({
    callId: num,
    mediaType: z.union([z.literal(1), z.literal(2)]),
    to: id,
    sdp: z.object({ type: z.string().max(32), sdp: z.string().max(CALL_DATA_LIMIT) }),
  }),
  callData: z.object({
    callId: num,
    to: id,
    type: z.union([z.literal(1), z.literal(2)]),
    data: z.union([
      z.object({ type: z.string().max(32), sdp: z.string().max(CALL_DATA_LIMIT) }),
      z.object({ sdpMid: z.string().max(256).nullable().optional(), sdpMLineIndex: z.number().int().min(0).max(1000).nullable().optional(), sdp: z.string().max(CALL_DATA_LIMIT) }),
    ]),
  }),
  callStatus: z.object({ callId: num, to: id, status: z.number().int().min(-1000).max(100_000) }),
  appState: z.object({ state: z.unknown().optional() }),
  pushRegister: z.object({ id: z.unknown().optional(), type: z.unknown().optional(), appBundleId: z.unknown().optional() }),
} as const;

/** A JSON-safe echo of a correlating field (purpose, requestId): a short string or a number, else nothing. */
export function echo(value: unknown): string | number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.length <= 256) return value;
  return undefined;
}
