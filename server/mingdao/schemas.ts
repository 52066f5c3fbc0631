// zod schemas for every payload the Mingdao front receives, each bounded (strings, arrays,
// numbers), and `parsePayload`, which turns a raw socket argument into a checked request
// or a BadPayload whose reason names the field and the rule, never the value.
//
// Lenient where real clients differ: IDs as decimal strings or JSON numbers; small
// integers (type) as numbers or numeric strings ("clear unread" documents `type: string`);
// a payload as an object or its JSON text; unknown fields ignored.

import { z } from 'zod';
import { normaliseId } from '../id-format';

export const LIMITS = {
  text: 10_000,
  name: 128,
  url: 2048,
  short: 128,
  members: 500,
  pageSize: 500,
  defaultPageSize: 100,
} as const;

export class BadPayload extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'BadPayload';
  }
}

/** An account, group or message id: a decimal string or a non-negative safe integer, as its canonical string. */
export const id = z.union([z.string().max(20), z.number()]).transform((value, ctx) => {
  const normalised = normaliseId(value);
  if (normalised !== null && normalised !== '0') return normalised;
  ctx.addIssue({ code: 'custom', message: 'must be an id: a decimal string or a positive integer' });
  return z.NEVER;
});

/** An integer in [min, max], as a number or a numeric string. */
export function int(min: number, max: number) {
  return z.union([z.number(), z.string().max(12)]).transform((value, ctx) => {
    const n = typeof value === 'string' && /^-?\d{1,10}$/.test(value) ? Number(value) : value;
    if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
    ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
    return z.NEVER;
  });
}

const str = (max: number) => z.string().max(max);
const nonEmpty = (max: number) => z.string().min(1).max(max);

/** The document's `file` object (we store and pass it on; no upload service here). */
const file = z.object({
  url: str(LIMITS.url).optional(),
  id: str(LIMITS.short).optional(),
  aid: str(LIMITS.short).optional(),
  ft: str(32).optional(),
  key: str(512).optional(),
  hash: str(256).optional(),
  size: z.number().int().min(0).max(2 ** 40).optional(),
  name: str(512).optional(),
  len: z.number().min(0).max(1e7).optional(),
  isEmotion: z.boolean().optional(),
});

const card = z.object({
  title: nonEmpty(512),
  md: str(32).optional(),
  text: str(2000).optional(),
  url: nonEmpty(LIMITS.url),
  pic: str(LIMITS.url).optional(),
  entityid: str(LIMITS.short).optional(),
});

const messageBody = {
  msg: str(LIMITS.text).optional().default(''),
  type: int(1, 5).optional().default(1),
  file: file.nullish(),
  card: card.nullish(),
  refer: z.object({ msgid: id }).nullish(),
};

/** What each kind of message needs besides its type: text, a file, or a card. */
function complete(m: { msg: string; type: number; file?: unknown; card?: unknown }, ctx: z.RefinementCtx): void {
  if (m.type === 1 && m.msg.length === 0) ctx.addIssue({ code: 'custom', path: ['msg'], message: 'must not be empty for a text message' });
  if (m.type >= 2 && m.type <= 4 && !m.file) ctx.addIssue({ code: 'custom', path: ['file'], message: 'is required for type 2, 3 and 4' });
  if (m.type === 5 && !m.card) ctx.addIssue({ code: 'custom', path: ['card'], message: 'is required for type 5' });
}

const nothing = z.union([z.object({}), z.null(), z.undefined()]);
const inboxValue = z.string().regex(/^[a-z]{1,32}$/);
/** A session's id: an account or group id for types 1 and 2; for inbox types (3-100) their value name, e.g. "system". */
const sessionRef = z.object({ type: int(1, 100), id: z.union([z.string().max(32), z.number()]) }).transform((s, ctx) => {
  if (s.type <= 2) {
    const normalised = normaliseId(s.id);
    if (normalised === null || normalised === '0') {
      ctx.addIssue({ code: 'custom', path: ['id'], message: 'must be an account or group id' });
      return z.NEVER;
    }
    return { type: s.type, id: normalised };
  }
  return { type: s.type, id: String(s.id) };
});

export const schemas = {
  'send message': z.object({ touser: id, ...messageBody }).superRefine(complete),
  'send group message': z.object({ togroup: id, ...messageBody }).superRefine(complete),
  sessions: z.union([z.object({ page: int(1, 1_000_000).optional(), size: int(1, LIMITS.pageSize).optional() }), z.null(), z.undefined()]),
  'session info': sessionRef,
  'unread count': nothing,
  'all unread': nothing,
  'inbox unread': nothing,
  // The document has types 1 and 2; an inbox type (3-100) clears that inbox session too.
  'clear unread': sessionRef,
  'clear all unread': nothing,
  'remove session': sessionRef,
  'sticky on top': z.intersection(sessionRef, z.object({ top: z.boolean() })),
  'withdraw user message': z.object({ id, touser: id }),
  'withdraw group message': z.object({ id, togroup: id }),
  'shake shake': z.object({ aid: id, messageId: str(LIMITS.short).optional() }),
  'group shake': z.object({ toUser: z.array(id).max(LIMITS.members).optional().default([]), gid: id, messageId: str(LIMITS.short).optional() }),
  'remove contact': z.object({ id }),
  'current chat': z.object({ id: z.union([str(32), z.number()]) }),
  'clear chat': nothing,
  operate: z.union([z.record(z.string().max(64), z.unknown()), z.null(), z.undefined()]),
  'clear notification': z.object({ type: inboxValue, value: z.number().int().min(0).max(1e9).optional(), clear: z.boolean().optional() }),
  'voice as read': z.object({ messageId: id }),
  'upload token': z.union([z.object({ type: int(1, 3).optional() }), z.null(), z.undefined()]),
  'create group': z.object({ name: nonEmpty(LIMITS.name), members: z.array(id).min(1).max(LIMITS.members) }),
  'add group members': z.object({ gid: id, members: z.array(id).min(1).max(LIMITS.members) }),
  'remove group member': z.object({ gid: id, aid: id }),
  'exit group': z.object({ gid: id }),
  'rename group': z.object({ gid: id, name: nonEmpty(LIMITS.name) }),
  'add group admin': z.object({ gid: id, aid: id }),
  'remove group admin': z.object({ gid: id, aid: id }),
  'set group notice': z.object({ gid: id, isPush: z.boolean() }),
  'ban speak': z.object({ gid: id }),
  'permit speak': z.object({ gid: id }),
} as const;

export type EventName = keyof typeof schemas;
export type Payload<E extends EventName> = z.output<(typeof schemas)[E]>;

export const EVENTS = Object.keys(schemas) as EventName[];

/** The checked payload of `event`, or a BadPayload naming what is wrong. */
export function parsePayload<E extends EventName>(event: E, raw: unknown): Payload<E> {
  let data = raw;
  if (typeof data === 'string') {
    // Some clients send the JSON text of the object. (The transport bounds its size.)
    try {
      data = JSON.parse(data);
    } catch {
      throw new BadPayload('the payload is not JSON');
    }
  }
  const result = schemas[event].safeParse(data);
  if (result.success) return result.data as Payload<E>;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? issue.path.map(String).join('.') : 'payload';
  throw new BadPayload(`invalid payload: ${where} ${issue?.message ?? 'is not valid'}`);
}

/** An inbox session's value name for its type (the document's list), and back. */
export const INBOX_VALUES: Record<number, string> = { 3: 'system', 4: 'post', 5: 'calendar', 6: 'task', 7: 'knowledge', 100: 'public' };
export function inboxTypeOf(value: string): number | undefined {
  const found = Object.entries(INBOX_VALUES).find(([, v]) => v === value);
  return found ? Number(found[0]) : undefined;
}
