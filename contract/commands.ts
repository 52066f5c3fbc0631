// Every command the renderer can send to main: its argument schema (checked in main, the
// trust boundary), its result type, and the error codes it may answer with.
// Main registers its handlers from this table; the preload and the browser bridge generate
// one method per entry. Add a command here and both sides must follow, or fail to compile.

import { z } from 'zod';
import type { Account, Capabilities, ConnectionState, Conversation, Message, Page, User } from './domain';
import { MAX_MESSAGE_LENGTH } from './command-names';
import type { ErrorCode } from './errors';

/** Decimal or opaque server IDs: non-empty, bounded, printable. Never a number. */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.:@|-]+$/, 'an id is letters, digits and . : @ | - _');

const AccountIdSchema = z.string().min(1).max(512);
const ServerUrlSchema = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'the server address must be an http:// or https:// URL');
const UsernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'a username is letters, digits, dot, dash or underscore');
const PasswordSchema = z.string().min(1).max(1024);
const LimitSchema = z.number().int().min(1).max(200);
/** A nonce is client-chosen; a UUID in practice. */
export const NonceSchema = z.string().min(8).max(64).regex(/^[\w-]+$/);

/** What the renderer needs at start, before anything reaches the network. */
export interface SessionInfo {
  /** Prefill for the sign-in screen: the bundled reference server unless configured. */
  defaultServerUrl: string;
  account: Account | null;
  connection: ConnectionState;
  capabilities: Capabilities | null;
}

/**
 * Declares a command. Curried so that the result type is written and the rest inferred:
 * `command<Message>()({ args, errors })`. `result` exists only as a type.
 */
function command<R>() {
  return <A extends z.ZodType, const E extends readonly ErrorCode[]>(def: { args: A; errors: E }) =>
    def as { args: A; errors: E; result?: R };
}

const accountScoped = { accountId: AccountIdSchema };

export const commands = {
  'session.get': command<SessionInfo>()({
    args: z.object({}).strict(),
    errors: [],
  }),
  'session.signIn': command<SessionInfo>()({
    args: z
      .object({ serverUrl: ServerUrlSchema, username: UsernameSchema, password: PasswordSchema })
      .strict(),
    errors: ['invalid-argument', 'invalid-credentials', 'unreachable', 'server-error', 'timeout'],
  }),
  'session.signUp': command<SessionInfo>()({
    args: z
      .object({
        serverUrl: ServerUrlSchema,
        username: UsernameSchema,
        password: z.string().min(8, 'use at least 8 characters').max(1024),
        displayName: z.string().trim().min(1).max(64).optional(),
      })
      .strict(),
    errors: ['invalid-argument', 'username-taken', 'unreachable', 'server-error', 'timeout', 'unsupported'],
  }),
  'session.signOut': command<null>()({
    args: z.object({}).strict(),
    errors: [],
  }),
  'conversations.list': command<Page<Conversation>>()({
    args: z.object({ ...accountScoped, cursor: z.string().max(64).optional(), limit: LimitSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'server-error'],
  }),
  'conversations.openDirect': command<Conversation>()({
    args: z.object({ ...accountScoped, userId: IdSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'not-found', 'server-error'],
  }),
  'messages.list': command<Page<Message>>()({
    args: z
      .object({ ...accountScoped, conversationId: IdSchema, before: IdSchema.optional(), limit: LimitSchema })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error'],
  }),
  'messages.send': command<Message>()({
    args: z
      .object({
        ...accountScoped,
        conversationId: IdSchema,
        text: z
          .string()
          .max(MAX_MESSAGE_LENGTH)
          .refine((t) => t.trim().length > 0, 'a message cannot be empty'),
        nonce: NonceSchema,
      })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error'],
  }),
  'users.search': command<User[]>()({
    args: z.object({ ...accountScoped, query: z.string().trim().min(1).max(64) }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'server-error', 'unsupported'],
  }),
  'users.get': command<User[]>()({
    args: z.object({ ...accountScoped, ids: z.array(IdSchema).min(1).max(200) }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'server-error'],
  }),
  'links.openExternal': command<null>()({
    args: z.object({ url: z.string().max(4096) }).strict(),
    errors: ['invalid-argument', 'forbidden'],
  }),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export { COMMAND_NAMES, MAX_MESSAGE_LENGTH } from './command-names';

export type ArgsOf<C extends CommandName> = z.input<Commands[C]['args']>;
export type ParsedArgsOf<C extends CommandName> = z.output<Commands[C]['args']>;
export type ValueOf<C extends CommandName> = Exclude<Commands[C]['result'], undefined>;
export type ErrorsOf<C extends CommandName> = Commands[C]['errors'][number] | 'internal' | 'forbidden';

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}
