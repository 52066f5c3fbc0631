// talker's wire formats, checked at the boundary, and their mapping to Parley's domain.
// Ids are small integers on the wire; Parley holds them as decimal strings. A message row
// is the same everywhere (the `messeage` event, /messeages, /contacts' last_messeage).

import { z } from 'zod';
import type { AttachmentKind, Id } from '../../../contract/domain';
import type { AttachmentData, ConversationData, MessageData } from '../../core/adapter';

const talkerIdSchema = z.union([z.number().int().positive(), z.string().regex(/^\d{1,15}$/).transform(Number)]);

export const CONTENT_TYPES = ['text', 'photo', 'video', 'audio', 'file'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** 10 MB of data URI: what the reference server accepts; anything larger is dropped. */
export const MEDIA_LIMIT = 10 * 1024 * 1024;

export const rowSchema = z.object({
  id: talkerIdSchema,
  from_user: talkerIdSchema,
  to_user: talkerIdSchema,
  content: z.string().max(MEDIA_LIMIT + 1024),
  content_type: z.enum(CONTENT_TYPES).catch('text'),
  readen: z.union([z.string(), z.number(), z.null()]).optional(),
  notified: z.union([z.number(), z.boolean()]).optional(),
  init_date: z.union([z.string(), z.number()]).optional(),
});
export type TalkerRow = z.output<typeof rowSchema>;

export const loginAnswerSchema = z.union([z.literal(false), z.object({ id: talkerIdSchema, handshake: z.string().min(1).max(4096) })]);

export const messageIdEventSchema = z.object({ messeage_id: talkerIdSchema });
export const typingEventSchema = z.object({ typer: talkerIdSchema, typing: z.boolean() });

export const contactSchema = z.object({
  id: talkerIdSchema,
  username: z.string().max(256).catch(''),
  avatar: z.string().max(16_384).optional().catch(undefined),
  last_messeage: rowSchema.nullish().catch(null),
  unread: z.number().int().nonnegative().optional().catch(0),
});

export const userSchema = z.object({ id: talkerIdSchema, username: z.string().max(256) });

/**
 * A pushed event checked against its schema: the data, or undefined when it does not fit.
 * A rejection is logged with the event and the issues' paths, never the content (it may hold
 * message text). Never throws, whatever arrives.
 */
export { decodeEvent } from '../decode-event';

/** The range of a JavaScript Date, in ms either side of 1970. */
const MAX_TIME_MS = 8.64e15;

/**
 * talker's times: SQLite's CURRENT_TIMESTAMP ("2026-11-22 14:05:09", UTC), an ISO string,
 * or a number (s or ms). Undefined when it is none of these, or no date at all (a number
 * outside a Date's range, which would sort a message to minus infinity).
 */
export function parseTalkerDate(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') {
    const ms = value < 1e12 ? value * 1000 : value;
    return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS ? ms : undefined;
  }
  const sqlite = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)$/.exec(value);
  const ms = Date.parse(sqlite ? `${sqlite[1]}T${sqlite[2]}Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

const KINDS: Record<Exclude<ContentType, 'text'>, AttachmentKind> = { photo: 'image', video: 'video', audio: 'audio', file: 'file' };

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/webm': 'weba',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/** A data URI's bytes and type; null when it is not one (or too large). */
export function decodeDataUri(uri: string): { mimeType: string; bytes: Uint8Array; name?: string } | null {
  if (uri.length > MEDIA_LIMIT + 1024) return null;
  const match = /^data:([^,]*?),(.*)$/s.exec(uri);
  if (!match) return null;
  const params = match[1]!.split(';');
  const mimeType = /^[\w.+-]+\/[\w.+-]+$/.test(params[0] ?? '') ? params[0]!.toLowerCase() : 'application/octet-stream';
  const base64 = params.includes('base64');
  const name = params.find((p) => p.startsWith('name='))?.slice(5);
  const body = match[2]!;
  try {
    if (base64) {
      if (!/^[A-Za-z0-9+/=\s_-]*$/.test(body)) return null;
      return { mimeType, bytes: new Uint8Array(Buffer.from(body, 'base64')), ...(name ? { name: decodeURIComponent(name) } : {}) };
    }
    return { mimeType, bytes: new Uint8Array(Buffer.from(decodeURIComponent(body), 'utf8')), ...(name ? { name: decodeURIComponent(name) } : {}) };
  } catch {
    return null;
  }
}

/** A media row's content as an attachment; null when the data URI cannot be read. */
export function toAttachment(row: TalkerRow): AttachmentData | null {
  if (row.content_type === 'text') return null;
  const decoded = decodeDataUri(row.content);
  if (!decoded) return null;
  const kind = KINDS[row.content_type];
  const extension = EXTENSIONS[decoded.mimeType] ?? 'bin';
  return {
    id: `talker-${row.id}`,
    kind,
    name: decoded.name ?? `${row.content_type}-${row.id}.${extension}`,
    mimeType: decoded.mimeType,
    bytes: decoded.bytes,
  };
}

export const UNREADABLE_MEDIA = 'An attachment that Parley could not read';

/**
 * When a message was sent, in ms. talker's times have 1 s resolution; a message that arrives
 * live (a push or our echo) was stored just now, so within its second we take the moment it
 * arrived: otherwise a reply sent in the same second as ours would sort before it, and its
 * conversation would not move to the top.
 */
export function sentAtOf(row: TalkerRow, now: number, live: boolean): number {
  const stored = parseTalkerDate(row.init_date);
  if (stored === undefined) return now;
  return live ? Math.min(Math.max(now, stored), stored + 999) : stored;
}

/** A row as Parley's message, seen by `me`: its conversation is the other party. `live`: it arrived just now (see sentAtOf). */
export function toMessage(row: TalkerRow, me: number, now: number, live = false): MessageData {
  const own = row.from_user === me;
  const peer = own ? row.to_user : row.from_user;
  const attachment = toAttachment(row);
  const text = row.content_type === 'text' ? row.content : attachment ? '' : UNREADABLE_MEDIA;
  const read = row.readen !== null && row.readen !== undefined && row.readen !== '';
  return {
    conversationId: String(peer),
    id: String(row.id),
    senderId: String(row.from_user),
    kind: 'text',
    text,
    sentAt: sentAtOf(row, now, live),
    status: own ? (read ? 'read' : row.notified ? 'delivered' : 'sent') : 'sent',
    ...(attachment ? { attachments: [attachment] } : {}),
  };
}

/** The one-to-one conversation with `peer`, as far as we know it. */
export function toConversation(me: number, peer: { id: number; username: string }, last: TalkerRow | null, unread: number, now: number): ConversationData {
  const message = last ? toMessage(last, me, now) : null;
  const at = message?.sentAt ?? 0;
  return {
    id: String(peer.id),
    kind: 'direct',
    title: peer.username || `#${peer.id}`,
    memberIds: [String(me), String(peer.id)],
    peerId: String(peer.id),
    createdAt: at,
    lastActivityAt: at,
    ...(message
      ? { lastMessage: { messageId: message.id as Id, senderId: message.senderId, text: message.text || (message.attachments?.[0]?.name ?? ''), sentAt: message.sentAt } }
      : {}),
    unreadCount: unread,
    muted: false,
    pinned: false,
  };
}
