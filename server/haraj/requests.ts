// What the Haraj front accepts, checked with bounded schemas before anything is done: the
// WebSocket's commands and the HTTP API's bodies and query parameters. A request that fails
// is ERR_BAD_REQUEST (400); nothing it carried is logged.

import { z } from 'zod';
import { codePointLength } from '../text';
import { badRequest } from './replies';

/** The longest message text, in code points (as Netalo's). */
export const TEXT_MAX = 10_000;
export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;
/** seq_ids one `reads` request may name. */
export const READS_MAX = 500;

const positiveId = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^[1-9]\d{0,14}$/).transform(Number),
]);

/** A command's `id`, echoed back as it was sent. */
const commandId = z.union([z.string().max(128), z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)]).optional();

export const authCommand = z.object({ id: commandId, access_token: z.string().max(512) });
export const peerCommand = z.object({ id: commandId, peer_id: positiveId });

/** The first key of a frame names the command; anything but exactly one of these is a bad request. */
export const COMMANDS = ['auth', 'listen', 'unlisten'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** The frame's command and its body, or the bad request's id (when one could be read). */
export function readCommand(frame: unknown): { name: CommandName; body: unknown; id: string | number | undefined } | { bad: true; id: string | number | undefined } {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return { bad: true, id: undefined };
  const keys = Object.keys(frame);
  const key = keys[0];
  const body = key === undefined ? undefined : (frame as Record<string, unknown>)[key];
  const rawId = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).id : undefined;
  const id = commandId.safeParse(rawId).success ? (rawId as string | number | undefined) : undefined;
  if (keys.length !== 1 || !(COMMANDS as readonly string[]).includes(key!)) return { bad: true, id };
  return { name: key as CommandName, body, id };
}

export const signInBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
export const refreshBody = z.object({ refresh_token: z.string().max(512) });
export const topicBody = z.object({ type: z.literal('p2p'), peer_id: positiveId });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const text = z
  .string()
  .min(1)
  .refine((t) => codePointLength(t, TEXT_MAX) <= TEXT_MAX, `at most ${TEXT_MAX} characters`)
  // A lone surrogate cannot be stored as UTF-8: it would come back as something else.
  .refine((t) => !LONE_SURROGATE.test(t), 'not well-formed Unicode');

export const messageBody = z.object({
  content: z.object({ type: z.literal('text/plain'), payload: z.object({ text }) }),
  nonce: z
    .string()
    .regex(/^[\w.:-]{1,128}$/)
    .optional(),
});

export const readsBody = z
  .object({ seq_ids: z.array(positiveId).max(READS_MAX).optional(), up_to_seq: positiveId.optional() })
  .refine((r) => r.seq_ids !== undefined || r.up_to_seq !== undefined, 'seq_ids or up_to_seq');

export const typingBody = z.object({ typing: z.boolean() });

export const historyQuery = z.object({
  before_seq: positiveId.optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform((s) => Math.min(Math.max(Number(s), 1), PAGE_MAX))
    .optional(),
});

export const usersQuery = z.object({ q: z.string().min(1).max(64) });

/** Parses or throws ERR_BAD_REQUEST (the reason is for the log: paths only, never values). */
export function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(`${what}: ${result.error.issues.slice(0, 3).map((i) => i.path.join('.') || '(root)').join(', ')}`);
  return result.data;
}
