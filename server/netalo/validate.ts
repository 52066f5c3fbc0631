// zod schemas for every Netalo request the server implements, and the one function that
// turns a raw socket payload into a checked, normalised request (or a result-1 answer).
//
// Leniency, on purpose (see ../../shared/protocol-notes.md: "accept either form on input"):
// - the payload is a plain object or the document's single-quoted pseudo-JSON string;
// - IDs are decimal strings or JSON numbers, normalised to canonical decimal strings;
// - small integers may also come as numeric strings; optional fields may be null;
// - `occupants_uin` (the document's example) is accepted for `occupants_uins`;
// - unknown fields (appid, group_name, sender_name, ...) are ignored.
// Strictness, also on purpose: every string is bounded, every enum checked, and a reason
// names the field and the rule, never the value (which may be message text).

import { z } from 'zod';
import { parseLenientJson } from '../../main/protocols/netalo/wire/lenient-json';
import { normaliseId } from '../id-format';
import { codePointLength } from '../text';
import { MessageType } from './message-types';
import { invalidRequest } from './results';

const SYSTEM_MESSAGE_TYPE = MessageType.system;
const CALL_MESSAGE_TYPE = MessageType.call;

export const LIMITS = {
  name: 128,
  avatarUrl: 2048,
  message: 10_000,
  nonce: 64,
  attachments: 16_384,
  members: 500,
  pageSize: 100,
  defaultPageSize: 20,
  maxPageIndex: 1_000_000,
} as const;

// ---- building blocks ----
// Every field starts as z.unknown().optional(): zod 4 treats a transform's output for an
// absent key as "missing" unless the schema is optional first; our transforms then decide
// themselves what absence means (a default, "not given", or "is required").

/** The canonical ID, or an issue on ctx and z.NEVER. */
function checkId(value: unknown, ctx: z.RefinementCtx): string {
  const normalised = normaliseId(value);
  if (normalised !== null) return normalised;
  ctx.addIssue({
    code: 'custom',
    message: value === undefined ? 'is required' : 'must be an ID: a decimal string or a non-negative integer below 2^64',
  });
  return z.NEVER;
}

export const id = z.unknown().optional().transform(checkId);
/** Absent and null both mean "not given". */
export const optionalId = z
  .unknown()
  .optional()
  .transform((value, ctx) => (value === undefined || value === null ? undefined : checkId(value, ctx)));

/** An integer in [min, max], as a number or a numeric string; `fallback` when absent or null. */
export function int(min: number, max: number, fallback?: number) {
  return z.unknown().optional().transform((value, ctx) => {
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    const n = typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({
        code: 'custom',
        message: value === undefined ? 'is required' : `must be an integer from ${min} to ${max}`,
      });
      return z.NEVER;
    }
    return n;
  });
}

/** One of a few integer codes. */
export function oneOf(values: readonly number[], fallback?: number) {
  return int(Math.min(...values), Math.max(...values), fallback).refine((n) => values.includes(n), {
    message: `must be one of ${values.join(', ')}`,
  });
}

/** A string of at most `max` characters (code points), at least `min`; `fallback` when absent or null. */
export function text(max: number, opts: { min?: number; fallback?: string } = {}) {
  return z.unknown().optional().transform((value, ctx) => {
    if ((value === undefined || value === null) && opts.fallback !== undefined) return opts.fallback;
    if (typeof value !== 'string') {
      ctx.addIssue({ code: 'custom', message: value === undefined ? 'is required' : 'must be a string' });
      return z.NEVER;
    }
    const length = codePointLength(value, max);
    if (length > max) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
      return z.NEVER;
    }
    if (length < (opts.min ?? 0)) {
      ctx.addIssue({ code: 'custom', message: opts.min === 1 ? 'must not be empty' : `must be at least ${opts.min} characters` });
      return z.NEVER;
    }
    return value;
  });
}

/** A list of IDs, each once, in the order first given. */
export function idList(max: number) {
  return z
    .array(id, { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an array of IDs') })
    .max(max, `must hold at most ${max} IDs`)
    .transform((ids) => [...new Set(ids)]);
}

/** A string of at most `max` characters, or undefined when absent or null ("leave it as it is"). */
export function optionalText(max: number) {
  return z.unknown().optional().transform((value, ctx) => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      ctx.addIssue({ code: 'custom', message: 'must be a string' });
      return z.NEVER;
    }
    if (codePointLength(value, max) > max) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
      return z.NEVER;
    }
    return value;
  });
}

/** A list of IDs, or an empty list when absent or null. */
function optionalIdList(max: number) {
  return z.preprocess((value) => (value === undefined || value === null ? [] : value), idList(max));
}

const pageIndex = int(0, LIMITS.maxPageIndex, 0);
// Larger pages than the limit are clamped rather than refused: asking for more is not an error.
const pageSize = int(1, Number.MAX_SAFE_INTEGER, LIMITS.defaultPageSize).transform((n) => Math.min(n, LIMITS.pageSize));

/** The document's examples spell the member list `occupants_uin`; take it when `occupants_uins` is absent. */
function withOccupantsAlias(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (v.occupants_uins === undefined && v.occupants_uin !== undefined) return { ...v, occupants_uins: v.occupants_uin };
  }
  return value;
}

// ---- requests ----

export const GroupType = { private: 1, community: 2, public: 3 } as const;
export const SortBy = { lastMessage: 1, creation: 2 } as const;

export const listGroupRequest = z.object({
  uin: optionalId,
  pindex: pageIndex,
  psize: pageSize,
  sort_by: oneOf([SortBy.lastMessage, SortBy.creation], SortBy.lastMessage),
});

export const checkGroupRequest = z.preprocess(
  withOccupantsAlias,
  z.object({
    type: oneOf([GroupType.private, GroupType.public]),
    occupants_uins: idList(LIMITS.members),
  }),
);

export const createGroupRequest = z.preprocess(
  withOccupantsAlias,
  z.object({
    name: text(LIMITS.name, { fallback: '' }),
    type: oneOf([GroupType.private, GroupType.community, GroupType.public]),
    avatar_url: text(LIMITS.avatarUrl, { fallback: '' }),
    owner_uin: optionalId,
    occupants_uins: idList(LIMITS.members),
  }),
);

/** leave_group, delete_conversation, mute/unmute/pin/unpin_group, accept_group: a group and nothing else. */
export const groupIdRequest = z.object({ group_id: id });

/**
 * update_group: each field absent (or null) stays as it is. push_all adds members,
 * pull_all removes them (server/PROTOCOL.md).
 */
export const updateGroupRequest = z.object({
  group_id: id,
  name: optionalText(LIMITS.name),
  avatar_url: optionalText(LIMITS.avatarUrl),
  owner_uin: optionalId,
  type: z.preprocess((value) => (value === null ? undefined : value), oneOf([GroupType.private, GroupType.community, GroupType.public]).optional()),
  push_all: optionalIdList(LIMITS.members),
  pull_all: optionalIdList(LIMITS.members),
});

export const blockUserRequest = z.object({
  group_id: id,
  blocked_uin: id,
});

/** The document's own unblock example sends `blocked_uin`: either is read, `unblocked_uin` first. */
export const unblockUserRequest = z.preprocess(
  (value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      if ((v.unblocked_uin === undefined || v.unblocked_uin === null) && v.blocked_uin !== undefined) return { ...v, unblocked_uin: v.blocked_uin };
    }
    return value;
  },
  z.object({ group_id: id, unblocked_uin: id }),
);

/** `event`: only the type at first; typing (8/9) then needs its group. Other types are ignored. */
export const eventTypeRequest = z.object({ type: int(0, 2 ** 31 - 1) });
export const typingEventRequest = z.object({ type: int(0, 2 ** 31 - 1), group_id: id });

export const listMessageRequest = z.object({
  group_id: id,
  last_message_id: optionalId,
  last_seen_message_id: optionalId,
  /** Parley's resync extension (server/PROTOCOL.md): every change after this change_id, oldest first. */
  changed_after: optionalId,
  pindex: pageIndex,
  psize: pageSize,
});

/**
 * An edit: new text. Real clients also send update_message with a `status` and an empty
 * `message` to mark a message received or seen (protocol notes): that form is a receipt.
 */
export const updateMessageRequest = z
  .object({
    group_id: id,
    message_id: id,
    message: text(LIMITS.message, { fallback: '' }),
    status: z
      .unknown()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === null) return undefined;
        const n = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value;
        if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 100) return n;
        ctx.addIssue({ code: 'custom', message: 'must be an integer from 0 to 100' });
        return z.NEVER;
      }),
  })
  .refine((m) => m.message !== '' || m.status !== undefined, { message: 'must not be empty', path: ['message'] });

export const deleteMessageRequest = z.object({
  group_id: id,
  message_id: id,
});

/**
 * Real clients spell it `attachments`; the document's `attactments` is a typo (protocol
 * notes). Either is read; `attachments` wins when both are there.
 */
function withAttachmentsAlias(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (v.attachments !== undefined && v.attachments !== null) return { ...v, attactments: v.attachments };
  }
  return value;
}

/** Attachments as a client sends them: a string, or a JSON value (a list of files) kept as its JSON text. */
const attachmentsField = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === null || value === '') return '';
    const textForm = typeof value === 'string' ? value : JSON.stringify(value);
    if (textForm.length > LIMITS.attachments) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${LIMITS.attachments} characters` });
      return z.NEVER;
    }
    return textForm;
  });

export const createMessageRequest = z.preprocess(
  withAttachmentsAlias,
  z
    .object({
      group_id: id,
      type: int(0, 1000, 1),
      // Empty only when the message carries attachments (checked below).
      message: text(LIMITS.message, { fallback: '' }),
      // Real clients send no nonce: deduplicate only when there is one.
      nonce: text(LIMITS.nonce, { fallback: '' }),
      version: int(0, 2 ** 32 - 1, 0),
      sender_name: text(LIMITS.name, { fallback: '' }),
      attactments: attachmentsField,
    })
    .refine((m) => m.message !== '' || m.attactments !== '', { message: 'must not be empty without attachments', path: ['message'] })
    .refine((m) => m.type !== SYSTEM_MESSAGE_TYPE, { message: `${SYSTEM_MESSAGE_TYPE} is a system message: only the server writes those`, path: ['type'] })
    .refine((m) => m.type !== CALL_MESSAGE_TYPE, { message: `${CALL_MESSAGE_TYPE} is a call's history line: only the server writes those`, path: ['type'] }),
);

// ---- the entry point ----

/**
 * A socket payload → the checked request. Throws RequestError (result 1) with a reason such
 * as "group_id: must be an ID: ..." or "payload is not valid JSON: ... at position 12".
 */
export function parseRequest<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = parseLenientJson(value, { allowSingleQuotes: true });
    } catch (e) {
      throw invalidRequest(`payload is not valid JSON: ${(e as Error).message}`);
    }
  }
  // No payload at all is an empty request: list_group needs no fields.
  if (value === undefined || value === null) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('payload must be an object');
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'payload';
    throw invalidRequest(`${field}: ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}
