// What the talker front accepts from a client, checked field by field. talker clients send
// ids as numbers; some send numeric strings: both are read. Anything else is a bad request,
// which talker answers with the bare `error` event and the number 400.

import { CONTENT_TYPES, type ContentType } from './store';

export const TEXT_LIMIT = 10_000;
/** A data URI for a photo, video, audio clip or file. */
export const MEDIA_LIMIT = 10 * 1024 * 1024;
export const LOGIN_LIMIT = 254;
export const HASH_LIMIT = 1024;

export class BadRequest extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'BadRequest';
  }
}

export function object(data: unknown): Record<string, unknown> {
  if (typeof data === 'string') {
    // Raw-WebSocket clients (and some socket.io ones) send JSON text.
    try {
      data = JSON.parse(data);
    } catch {
      throw new BadRequest('payload is not JSON');
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BadRequest('payload must be an object');
  return data as Record<string, unknown>;
}

export function talkerId(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) throw new BadRequest(`${field} must be a user id`);
  return n;
}

export function str(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0) throw new BadRequest(`${field} must be a non-empty string`);
  if (value.length > max) throw new BadRequest(`${field} is too long`);
  return value;
}

export function login(data: unknown): { login: string; hash: string } {
  const o = object(data);
  return { login: str(o.login, 'login', LOGIN_LIMIT).trim(), hash: str(o.hash, 'hash', HASH_LIMIT) };
}

export function messeage(data: unknown): { userId: number; to: number; content: string; type: ContentType } {
  const o = object(data);
  const type = o.content_type === undefined ? 'text' : o.content_type;
  if (!CONTENT_TYPES.includes(type as ContentType)) throw new BadRequest('content_type must be text, photo, video, audio or file');
  const content = str(o.content, 'content', type === 'text' ? TEXT_LIMIT : MEDIA_LIMIT);
  if (type !== 'text' && !content.startsWith('data:')) throw new BadRequest('media content must be a data URI');
  return { userId: talkerId(o.user_id, 'user_id'), to: talkerId(o.to_id, 'to_id'), content, type: type as ContentType };
}

export function read(data: unknown): { userId: number; messageId: number } {
  const o = object(data);
  return { userId: talkerId(o.user_id, 'user_id'), messageId: talkerId(o.messeage_id, 'messeage_id') };
}

export function type(data: unknown): { userId: number; to: number } {
  const o = object(data);
  return { userId: talkerId(o.user_id, 'user_id'), to: talkerId(o.to_id, 'to_id') };
}

export function block(data: unknown): { userId: number; blocked: number } {
  const o = object(data);
  return { userId: talkerId(o.user_id, 'user_id'), blocked: talkerId(o.blocked_id, 'blocked_id') };
}
