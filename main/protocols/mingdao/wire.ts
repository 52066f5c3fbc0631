// Mingdao's wire formats (seeds/004 plus the shared spec's extensions), checked at the
// boundary with bounded zod schemas, and their mapping to Parley's domain.
//
// Conversation IDs carry their Mingdao kind, because a user's AccountId and a group's id are
// separate namespaces on the wire: `user:<AccountId>`, `group:<groupId>`, `inbox:<type>`
// (the inbox sessions, types 3–100: system notices and the like, read-only in Parley).

import { z } from 'zod';
import type { Id, SystemEvent } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { ConversationData, MessageData } from '../../core/adapter';

/** Longest text Parley takes from a Mingdao packet; a longer one is refused (dropped). */
export const MAX_TEXT = 64 * 1024;
const MAX_NAME = 512;
const MAX_URL = 4096;

/** Mingdao ids: strings (GUIDs on the real system, decimals on Parley's server); a safe integer is taken as its decimal. */
export const mdIdSchema = z.union([
  z.string().min(1).max(128).regex(/^[\w.@:-]+$/),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).transform(String),
]);

/** A time: ms (or s) since 1970, or a date string ("time: string // date 类型"). */
export const mdTimeSchema = z.union([z.number(), z.string().max(64)]).transform((v, ctx) => {
  const ms = parseMingdaoTime(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'not a time' });
    return z.NEVER;
  }
  return ms;
});

const nameSchema = z.string().max(MAX_NAME);
const urlSchema = z.string().max(MAX_URL);
/** Message types the document lists (1 text … 5 card) and Parley's 6 (shake); others are shown as text. */
const msgTypeSchema = z.number().int().min(0).max(1000);

export const loginAnswerSchema = z.object({
  pss_id: z.string().min(1).max(1024),
  accountId: mdIdSchema,
  name: nameSchema.optional().catch(undefined),
  avatar: urlSchema.optional().catch(undefined),
});

const fileSchema = z.object({ name: nameSchema.optional().catch(undefined), url: urlSchema.optional().catch(undefined), size: z.number().optional().catch(undefined) });
const cardSchema = z.object({ title: z.string().max(MAX_TEXT).optional().catch(undefined), text: z.string().max(MAX_TEXT).optional().catch(undefined), url: urlSchema.optional().catch(undefined) });

/** "new message" / "new group message": the document's fields, `time` in ms per the shared spec. */
export const newMessageSchema = z.object({
  id: mdIdSchema,
  from: mdIdSchema,
  uname: nameSchema.optional().catch(undefined),
  logo: urlSchema.optional().catch(undefined),
  to: mdIdSchema,
  type: msgTypeSchema,
  msg: z.object({ con: z.string().max(MAX_TEXT).nullish(), files: z.union([fileSchema, z.array(fileSchema).max(20)]).nullish().catch(undefined) }).nullish(),
  card: cardSchema.nullish().catch(undefined),
  time: mdTimeSchema.optional(),
  // Group pushes only:
  groupname: nameSchema.optional().catch(undefined),
  avatar: urlSchema.optional().catch(undefined),
  sysType: z.number().int().optional().catch(undefined),
  isPush: z.boolean().optional().catch(undefined),
});
export type MdMessage = z.output<typeof newMessageSchema>;

/** One `sessions` item (Parley's extension; the document's chat list carries the same facts). */
export const sessionItemSchema = z.object({
  type: z.number().int().min(1).max(100),
  id: mdIdSchema,
  name: nameSchema.optional().catch(undefined),
  logo: urlSchema.optional().catch(undefined),
  unread: z.number().int().nonnegative().max(1e9).optional().catch(0),
  top: z.boolean().optional().catch(undefined),
  ispush: z.boolean().optional().catch(undefined),
  time: mdTimeSchema.optional().catch(undefined),
  msg: z
    .object({
      id: mdIdSchema.optional().catch(undefined),
      from: mdIdSchema.optional().catch(undefined),
      con: z.string().max(MAX_TEXT).nullish().catch(undefined),
      type: msgTypeSchema.optional().catch(undefined),
      time: mdTimeSchema.optional().catch(undefined),
    })
    .nullish()
    .catch(undefined),
});
export type MdSession = z.output<typeof sessionItemSchema>;

export const sessionsAnswerSchema = z.object({ list: z.array(z.unknown()).max(5000) });

export const withdrawSchema = z.object({ id: mdIdSchema, from: mdIdSchema.optional(), to: mdIdSchema.optional(), gid: mdIdSchema.optional() });
export const stickySchema = z.object({ type: z.number().int().min(1).max(100), id: mdIdSchema, top: z.boolean() });
export const clearUnreadSchema = z.object({ type: z.union([z.number().int(), z.string().regex(/^\d{1,3}$/).transform(Number)]), id: mdIdSchema });
export const userShakeSchema = z.object({ aid: mdIdSchema });
export const groupShakeSchema = z.object({ from: mdIdSchema, gid: mdIdSchema });
export const newGroupSchema = z.object({
  id: mdIdSchema,
  name: nameSchema.optional().catch(undefined),
  logo: urlSchema.optional().catch(undefined),
  cuser: mdIdSchema.optional().catch(undefined),
  isPush: z.boolean().optional().catch(undefined),
  members: z.array(mdIdSchema).max(10_000).optional().catch(undefined),
});
export const memberAddedSchema = z.object({
  id: mdIdSchema,
  name: nameSchema.optional().catch(undefined),
  users: z.array(z.object({ AccountID: mdIdSchema, Fullname: nameSchema.optional().catch(undefined) })).max(10_000),
});
export const groupRenamedSchema = z.object({ gid: mdIdSchema, name: nameSchema, user: z.object({ id: mdIdSchema.optional().catch(undefined) }).nullish().catch(undefined) });
export const removedFromGroupSchema = z.object({ id: mdIdSchema, name: nameSchema.optional().catch(undefined) });
export const memberRemovedSchema = z.object({ id: mdIdSchema, aid: mdIdSchema });
export const groupNoticeSchema = z.object({ gid: mdIdSchema, isPush: z.boolean() });
export const sessionRemovedSchema = z.object({ id: mdIdSchema, type: z.number().int().min(1).max(100) });
export const speakSchema = z.object({ groupid: mdIdSchema });
export const inboxMessageSchema = z.object({
  type: z.number().int().min(3).max(100),
  value: nameSchema.optional().catch(undefined),
  msg: z.object({ con: z.string().max(MAX_TEXT) }),
  time: mdTimeSchema.optional().catch(undefined),
  id: mdIdSchema.optional().catch(undefined),
});
export const createGroupAnswerSchema = z.object({ id: mdIdSchema, name: nameSchema.optional().catch(undefined), members: z.array(mdIdSchema).max(10_000).optional().catch(undefined) });
/** The two send events answer with ONE argument: {id} or {error}. */
export const sendAnswerSchema = z.union([z.object({ id: mdIdSchema }), z.object({ error: z.string().max(1024) })]);
/** Every other event's first ack argument: false / null on success, {error} on failure. */
export const ackErrorSchema = z.union([z.literal(false), z.null(), z.undefined(), z.literal(0), z.object({ error: z.string().max(1024) })]);

/**
 * A pushed event checked against its schema: the data, or undefined when it does not fit.
 * A rejection is logged with the event and the issues' paths, never the content. Never throws.
 */
export { decodeEvent } from '../decode-event';

const MAX_TIME_MS = 8.64e15;

/** ms since 1970 from a number (s below 1e12, else ms) or a date string; undefined when it is none. */
export function parseMingdaoTime(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') {
    const ms = value < 1e12 ? value * 1000 : value;
    return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS ? Math.round(ms) : undefined;
  }
  if (/^\d{1,16}$/.test(value)) return parseMingdaoTime(Number(value));
  const ms = Date.parse(value);
  return Number.isNaN(ms) || Math.abs(ms) > MAX_TIME_MS ? undefined : ms;
}

// --- conversation IDs ------------------------------------------------------------------------

export type MdTarget = { kind: 'user'; id: string } | { kind: 'group'; id: string } | { kind: 'inbox'; type: number };

export function userConversationId(accountId: string): Id {
  return `user:${accountId}`;
}
export function groupConversationId(groupId: string): Id {
  return `group:${groupId}`;
}
export function inboxConversationId(type: number): Id {
  return `inbox:${type}`;
}

/** The session type and id of a conversation, as `clear unread` / `sticky on top` take them. */
export function sessionKey(target: MdTarget): { type: number; id: string } {
  if (target.kind === 'inbox') return { type: target.type, id: String(target.type) };
  return { type: target.kind === 'user' ? 1 : 2, id: target.id };
}

export function conversationIdOf(type: number, id: string): Id {
  if (type === 1) return userConversationId(id);
  if (type === 2) return groupConversationId(id);
  return inboxConversationId(type);
}

/** A Parley conversation ID back to its Mingdao target; 'invalid-argument' for anything else. */
export function parseConversationId(conversationId: Id): MdTarget {
  const match = /^(user|group|inbox):(.+)$/.exec(conversationId);
  const id = match?.[2];
  if (match && id && mdIdSchema.safeParse(id).success) {
    if (match[1] === 'inbox') {
      const type = Number(id);
      if (Number.isInteger(type) && type >= 3 && type <= 100) return { kind: 'inbox', type };
    } else return { kind: match[1] as 'user' | 'group', id };
  }
  throw new ParleyError('invalid-argument', `"${conversationId.slice(0, 80)}" is not a Mingdao conversation`);
}

// --- messages ----------------------------------------------------------------------------------

/** Mingdao's message type 6: the server's timeline line for a shake (shared spec). */
export const SHAKE_TYPE = 6;

const INBOX_NAMES: Record<number, string> = { 3: 'System messages', 4: 'Posts', 5: 'Calendar', 6: 'Tasks', 7: 'Knowledge', 100: 'Official accounts' };

export function inboxTitle(type: number): string {
  return INBOX_NAMES[type] ?? `Mingdao notices (${type})`;
}

/** Why an inbox conversation has no composer. */
export const INBOX_READ_ONLY = 'Mingdao notices cannot be answered';
/** `removeit`: no longer a contact, or no longer in the group. */
export const REMOVED_CONTACT = 'This person is no longer one of your Mingdao contacts';
export const REMOVED_FROM_GROUP = 'You are no longer a member of this group';

/** A message's text as Parley shows it: files and cards have no text of their own on the wire. */
export function textOf(m: Pick<MdMessage, 'type' | 'msg' | 'card'>): string {
  const con = m.msg?.con ?? '';
  switch (m.type) {
    case 2:
    case 3:
    case 4: {
      const files = m.msg?.files;
      const first = Array.isArray(files) ? files[0] : files;
      const label = m.type === 2 ? 'Image' : m.type === 3 ? 'Voice message' : 'File';
      const name = first?.name ? `: ${first.name}` : '';
      return [con, `[${label}${name}] (open it in Mingdao)`].filter(Boolean).join('\n');
    }
    case 5: {
      const card = m.card;
      const parts = [con, card?.title, card?.text, card?.url].filter((p): p is string => Boolean(p));
      return parts.join('\n') || '[Card]';
    }
    default:
      return con;
  }
}

const SYS_ACTIONS: Record<number, SystemEvent['action']> = { 1: 'members-added', 2: 'member-removed', 3: 'renamed' };

/** A pushed message as Parley's, seen by `me`. Group pushes carry `to` = the group's id. */
export function toMessage(m: MdMessage, me: string, group: boolean, now: number): MessageData {
  const own = m.from === me;
  const conversationId = group ? groupConversationId(m.to) : userConversationId(own ? m.to : m.from);
  const base = { conversationId, id: m.id, senderId: m.from, sentAt: m.time ?? now, status: 'sent' as const };
  if (m.type === SHAKE_TYPE) return { ...base, kind: 'nudge', text: '' };
  if (group && m.sysType !== undefined && m.sysType >= 1 && m.sysType <= 4) {
    const action = SYS_ACTIONS[m.sysType] ?? 'other';
    return { ...base, kind: 'system', text: m.msg?.con ?? '', system: { action, actorId: m.from, ...(action === 'renamed' && m.groupname ? { title: m.groupname } : {}) } };
  }
  return { ...base, kind: 'text', text: textOf(m) };
}

/** A conversation from a `sessions` item. */
export function toConversation(s: MdSession, me: string): ConversationData {
  const id = conversationIdOf(s.type, s.id);
  const at = s.msg?.time ?? s.time ?? 0;
  const base: ConversationData = {
    id,
    kind: s.type === 1 ? 'direct' : 'group',
    title: s.name || (s.type >= 3 ? inboxTitle(s.type) : s.id),
    memberIds: s.type === 1 ? [me, s.id] : [me],
    createdAt: at,
    lastActivityAt: at,
    unreadCount: s.unread ?? 0,
    muted: s.ispush === false,
    pinned: s.top === true,
    ...(s.logo ? { avatarUrl: s.logo } : {}),
  };
  if (s.type === 1) base.peerId = s.id;
  if (s.type >= 3) base.permissions = { send: false, reason: INBOX_READ_ONLY };
  if (s.msg && (s.msg.con !== undefined || s.msg.id !== undefined)) {
    const nudge = s.msg.type === SHAKE_TYPE;
    base.lastMessage = {
      ...(s.msg.id ? { messageId: s.msg.id } : {}),
      senderId: s.msg.from ?? (s.type === 1 ? s.id : ''),
      text: nudge ? '' : (s.msg.con ?? ''),
      sentAt: at,
      // The list words a nudge itself ("Bob nudged you"), never "You: …".
      ...(nudge ? { kind: 'nudge' as const } : {}),
    };
  }
  return base;
}
