// Haraj's wire formats, checked at the boundary, and their mapping to Parley's domain.
// User ids and seq_ids are integers on the wire (accepted as digit strings too); Parley holds
// them as decimal strings. A conversation is a topic (`p2p1_2`), its id used as is. Frames
// that fail a schema are logged by issue path only (never content) and dropped.

import { z } from 'zod';
import type { Id } from '../../../contract/domain';
import type { ConversationData, MessageData } from '../../core/adapter';
import type { Logger } from '../../core/logger';

/** A frame larger than this is not read at all (the server's packets are small). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Text beyond this is not a message Parley takes (the reference server stops at 10,000 characters). */
const TEXT_MAX = 64 * 1024;

export const harajIdSchema = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^[1-9]\d{0,15}$/).transform(Number).pipe(z.number().max(Number.MAX_SAFE_INTEGER)),
]);

/** Topic ids become conversation ids: the characters Parley's ids allow, nothing else. */
export const topicIdSchema = z.string().regex(/^[\w.:@|-]{1,128}$/);

const timeSchema = z.string().max(64);

export const contentSchema = z.object({
  type: z.string().max(256),
  payload: z.record(z.string(), z.unknown()).optional(),
});

export const messagePacketSchema = z.object({
  topic_id: topicIdSchema,
  seq_id: harajIdSchema,
  from_id: harajIdSchema,
  name: z.string().max(256).optional().catch(undefined),
  content: contentSchema,
  status: z.record(z.string().max(32), z.boolean()).optional().catch(undefined),
  ts: timeSchema.optional(),
  /** Parley's server: our own messages carry the nonce our send gave them. */
  nonce: z.string().regex(/^[\w.:-]{1,128}$/).optional().catch(undefined),
});
export type MessagePacket = z.output<typeof messagePacketSchema>;

export const readsPacketSchema = z.object({
  from_id: harajIdSchema,
  topic_id: topicIdSchema,
  seq_ids: z.array(harajIdSchema).max(10_000),
  ts: timeSchema.optional(),
});

export const presPacketSchema = z.discriminatedUnion('what', [
  z.object({ what: z.literal('online'), from_id: harajIdSchema, ts: timeSchema.optional() }),
  z.object({ what: z.literal('offline'), from_id: harajIdSchema, ts: timeSchema.optional() }),
  z.object({ what: z.literal('typing'), from_id: harajIdSchema, topic_id: topicIdSchema, ts: timeSchema.optional() }),
  z.object({ what: z.literal('stop_typing'), from_id: harajIdSchema, topic_id: topicIdSchema, ts: timeSchema.optional() }),
]);
export type PresPacket = z.output<typeof presPacketSchema>;

/** A command's answer: `{id, status, data}` or `{id, status, err}`. */
export const responseSchema = z.object({
  id: z.union([z.string().max(256), z.number()]).optional(),
  status: z.number().int(),
  data: z.unknown().optional(),
  err: z.string().max(128).optional(),
});

export const authDataSchema = z.object({ user_id: harajIdSchema });
export const listenDataSchema = z.object({ peer_id: harajIdSchema, is_online: z.boolean() });

export const tokenPairSchema = z.object({
  access_token: z.string().min(1).max(4096),
  refresh_token: z.string().min(1).max(4096),
  expires_in: z.number().positive().optional().catch(undefined),
  user_id: harajIdSchema,
});

export const userSchema = z.object({ user_id: harajIdSchema, username: z.string().max(256).catch(''), name: z.string().max(256).optional().catch(undefined) });
export type HarajUser = z.output<typeof userSchema>;

export const topicSchema = z.object({
  topic_id: topicIdSchema,
  type: z.string().max(32).optional(),
  peer: userSchema,
  last_message: messagePacketSchema.nullish().catch(null),
  unread: z.number().int().nonnegative().optional().catch(undefined),
  created_at: timeSchema.optional().catch(undefined),
});
export type HarajTopic = z.output<typeof topicSchema>;

export const topicsSchema = z.object({ topics: z.array(topicSchema).max(1000) });
export const historySchema = z.object({ messages: z.array(messagePacketSchema).max(1000) });
export const usersSchema = z.object({ users: z.array(userSchema).max(200) });

/** Checks a value; undefined (logged by issue path, never content) when it does not fit. Never throws. */
export function decode<T>(what: string, schema: z.ZodType<T>, raw: unknown, log: Logger): T | undefined {
  let parsed: ReturnType<z.ZodType<T>['safeParse']>;
  try {
    parsed = schema.safeParse(raw);
  } catch (e) {
    log.warn('dropped a packet that could not be checked', { what, error: e instanceof Error ? e.name : typeof e });
    return undefined;
  }
  if (!parsed.success) {
    log.warn('dropped a malformed packet', { what, issues: parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || '(root)') });
    return undefined;
  }
  return parsed.data;
}

/** ISO time → ms; `fallback` when it is missing or not a time. */
export function parseTime(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : fallback;
}

/** What shows for content Parley cannot render (anything but text/plain). */
export function unsupportedText(type: string): string {
  return `A message Parley cannot show (${type.slice(0, 64) || 'unknown type'})`;
}

/** The packet's text as Parley shows it, or undefined when it is unusable (too long). Never altered: Arabic and every script pass as sent. */
export function textOf(packet: MessagePacket): string | undefined {
  if (packet.content.type !== 'text/plain') return unsupportedText(packet.content.type);
  const text = packet.content.payload?.text;
  if (typeof text !== 'string') return unsupportedText(packet.content.type);
  return text.length <= TEXT_MAX ? text : undefined;
}

/** A packet as Parley's message, seen by `me`. Undefined when its text is unusable. */
export function toMessage(packet: MessagePacket, me: number, now: number): MessageData | undefined {
  const text = textOf(packet);
  if (text === undefined) return undefined;
  const own = packet.from_id === me;
  const readByPeer = own && Object.entries(packet.status ?? {}).some(([user, read]) => user !== String(me) && read);
  return {
    conversationId: packet.topic_id,
    id: String(packet.seq_id),
    senderId: String(packet.from_id),
    kind: 'text',
    text,
    sentAt: parseTime(packet.ts, now),
    status: readByPeer ? 'read' : 'sent',
    ...(own && packet.nonce ? { nonce: packet.nonce } : {}),
  };
}

export function displayName(user: { user_id: number; username: string; name?: string | undefined }): string {
  return user.name || user.username || `#${user.user_id}`;
}

/** A topic as Parley's conversation. */
export function toConversation(topic: HarajTopic, me: number, now: number, log: Logger): ConversationData {
  const last = topic.last_message ? toMessage(topic.last_message, me, now) : undefined;
  if (topic.last_message && !last) log.warn('a topic\'s last message is unusable', { topic: topic.topic_id });
  const createdAt = parseTime(topic.created_at, last?.sentAt ?? 0);
  return {
    id: topic.topic_id,
    kind: 'direct',
    title: displayName(topic.peer),
    memberIds: [String(me), String(topic.peer.user_id)],
    peerId: String(topic.peer.user_id),
    createdAt,
    lastActivityAt: Math.max(createdAt, last?.sentAt ?? 0),
    ...(last ? { lastMessage: { messageId: last.id as Id, senderId: last.senderId, text: last.text, sentAt: last.sentAt } } : {}),
    unreadCount: topic.unread ?? 0,
    muted: false,
    pinned: false,
  };
}
