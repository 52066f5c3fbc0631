// Every command the renderer can send to main: its argument schema (checked in main, the
// trust boundary), its result type, and the error codes it may answer with.
// Main registers its handlers from this table; the preload and the browser bridge generate
// one method per entry. Add a command here and both sides must follow, or fail to compile.

import { z } from 'zod';
import { LANGUAGE_CHOICES, PROTOCOLS, SPELL_CHECK_LANGUAGE_PATTERN, TEXT_SIZES, THEME_CHOICES } from './domain';
import type { AccountStatus, Call, Conversation, Message, Page, ProtocolInfo, SaveResult, Settings, User } from './domain';
import { MAX_FILE_BYTES, MAX_MESSAGE_LENGTH } from './command-names';
import type { ErrorCode } from './errors';

/** Decimal or opaque server IDs: non-empty, bounded, printable. Never a number. */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.:@|-]+$/, 'an id is letters, digits and . : @ | - _');

const AccountIdSchema = z.string().min(1).max(512);
/** Added for issue 10 (H1): a media device's ID as the browser names it ('' = the default device). */
const DeviceIdSchema = z.string().max(256);
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
/** talker signs in with a username or an email address. */
const LoginSchema = z.string().trim().min(2).max(254).regex(/^[^\s]+$/, 'a login is a username or an email address');
const UsernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'a username is letters, digits, dot, dash or underscore');
const PasswordSchema = z.string().min(1).max(1024);
const LimitSchema = z.number().int().min(1).max(200);
const GroupTitleSchema = z.string().trim().min(1, 'a group needs a name').max(64);
/** A nonce is client-chosen; a UUID in practice. */
export const NonceSchema = z.string().min(8).max(64).regex(/^[\w-]+$/);

/** What the renderer needs at start, before anything reaches the network. */
export interface SessionInfo {
  /** The protocols this build can sign in to, and what each sign-in form needs. */
  protocols: ProtocolInfo[];
  /** Every signed-in account, in the order they were added. */
  accounts: AccountStatus[];
}

/**
 * What each protocol's sign-in needs: a union keyed by protocol. Netalo signs in over HTTP
 * with a username; talker on its socket with a username or email (`login`). Later
 * protocols add their own member (AZStack: app ID and public key; Haraj: token renewal is
 * the adapter's business, not the form's).
 */
export const CredentialsSchema = z.discriminatedUnion('protocol', [
  z.object({ protocol: z.literal('netalo'), serverUrl: ServerUrlSchema, username: UsernameSchema, password: PasswordSchema }).strict(),
  z.object({ protocol: z.literal('talker'), serverUrl: ServerUrlSchema, login: LoginSchema, password: PasswordSchema }).strict(),
  /** Haraj: `POST /chat/sessions` {username, password} (protocol notes). */
  z.object({ protocol: z.literal('haraj'), serverUrl: ServerUrlSchema, username: UsernameSchema, password: PasswordSchema }).strict(),
  /** Mingdao: an account (email or phone) and password for the pss_id session (server/PROTOCOL.md, Mingdao). */
  z.object({ protocol: z.literal('mingdao'), serverUrl: ServerUrlSchema, login: LoginSchema, password: PasswordSchema }).strict(),
  /**
   * AZStack: the app's ID and RSA public key (base64 SPKI, as the SDK's `publicKey`), the
   * user's AZStack ID (`azStackUserId`, in `username`) and `userCredentials` (`password`; may be
   * empty where the app checks none).
   */
  z
    .object({
      protocol: z.literal('azstack'),
      serverUrl: ServerUrlSchema,
      appId: z.string().trim().min(1, 'enter the app ID').max(128),
      publicKey: z
        .string()
        .trim()
        .min(64, 'paste the app\'s public key')
        .max(8192)
        .regex(/^[A-Za-z0-9+/=\s-]+$/, 'the public key is base64 (with or without the PEM lines)'),
      username: z.string().trim().min(1).max(128),
      password: z.string().max(1024),
    })
    .strict(),
]);
export type Credentials = z.output<typeof CredentialsSchema>;

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
  /** Adds an account; the others stay signed in. Signing in again to the same account replaces its session. */
  'session.signIn': command<AccountStatus>()({
    args: CredentialsSchema,
    errors: ['invalid-argument', 'invalid-credentials', 'unreachable', 'server-error', 'timeout', 'unsupported'],
  }),
  'session.signUp': command<AccountStatus>()({
    args: z
      .object({
        protocol: z.enum(PROTOCOLS),
        serverUrl: ServerUrlSchema,
        username: UsernameSchema,
        password: z.string().min(8, 'use at least 8 characters').max(1024),
        displayName: z.string().trim().min(1).max(64).optional(),
      })
      .strict(),
    errors: ['invalid-argument', 'username-taken', 'unreachable', 'server-error', 'timeout', 'unsupported'],
  }),
  /** Signs one account out; its unsent messages are discarded with it. */
  'session.signOut': command<null>()({
    args: z.object({ ...accountScoped }).strict(),
    errors: ['invalid-argument'],
  }),
  'conversations.list': command<Page<Conversation>>()({
    args: z.object({ ...accountScoped, cursor: z.string().max(64).optional(), limit: LimitSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'server-error'],
  }),
  'conversations.openDirect': command<Conversation>()({
    args: z.object({ ...accountScoped, userId: IdSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'not-found', 'server-error'],
  }),
  /** Tells main the user has read the conversation (up to a message, else all of it). */
  'conversations.markRead': command<null>()({
    args: z
      .object({
        ...accountScoped,
        conversationId: IdSchema,
        upToMessageId: IdSchema.optional(),
        /** The newest read message's time: later arrivals count as unread again. */
        upToSentAt: z.number().int().nonnegative().optional(),
      })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in'],
  }),
  /** Only where `capabilities.groups`. The caller is always a member and the owner. */
  'conversations.createGroup': command<Conversation>()({
    args: z
      .object({
        ...accountScoped,
        title: GroupTitleSchema,
        memberIds: z.array(IdSchema).min(1).max(255),
        groupType: z.enum(['community', 'public']).optional(),
      })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'not-found', 'server-error', 'unsupported'],
  }),
  /** Only where `capabilities.groupAdmin`, by the owner: any of the changes at once. */
  'conversations.updateGroup': command<Conversation>()({
    args: z
      .object({
        ...accountScoped,
        conversationId: IdSchema,
        title: GroupTitleSchema.optional(),
        avatarUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2048)]).optional(),
        addMemberIds: z.array(IdSchema).max(255).optional(),
        removeMemberIds: z.array(IdSchema).max(255).optional(),
        ownerId: IdSchema.optional(),
      })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  /** Leaves a group; an owner who leaves hands ownership on. */
  'conversations.leave': command<null>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  /** "Delete conversation": clears my history of it; I stay a member, and new messages bring it back. */
  'conversations.clearHistory': command<null>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  'conversations.setMuted': command<null>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema, muted: z.boolean() }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  'conversations.setPinned': command<null>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema, pinned: z.boolean() }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  /**
   * Where `capabilities.nudge`: shakes the other side's window (Mingdao "shake shake"; in a
   * group, "group shake" to every member). Main sends at most one per conversation every 10 s (more are dropped, not errors); the nudge is a timeline line.
   */
  'conversations.nudge': command<null>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  /** Blocks or unblocks a user in a conversation: the server then refuses their messages there. */
  'conversations.setBlocked': command<null>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema, userId: IdSchema, blocked: z.boolean() }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  /**
   * Answers a message request: accept it; delete it (clear it, and leave it if a group); or
   * block its sender (block, then delete).
   */
  'conversations.answerRequest': command<null>()({
    args: z
      .object({ ...accountScoped, conversationId: IdSchema, answer: z.enum(['accept', 'delete', 'block']) })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  /** Only where `capabilities.history`: Mingdao and Haraj have no history call. */
  'messages.list': command<Page<Message>>()({
    args: z
      .object({ ...accountScoped, conversationId: IdSchema, before: IdSchema.optional(), limit: LimitSchema })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  /**
   * Queues a message in main's durable outbox and answers with it as queued; main sends it
   * (with or without a window) and reports every status change as `message.upserted`.
   * The nonce is the renderer's, so a repeated call (a double click, a resent frame) queues
   * one message, not two.
   */
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
    errors: ['invalid-argument', 'not-signed-in', 'forbidden', 'unsupported'],
  }),
  /**
   * Only where `capabilities.editMessages`: replaces the text of one of my own sent messages
   * for everyone. Answers with the server's new version (edited marker set); every window
   * also hears it as `message.upserted`. The server refuses someone else's message
   * ('forbidden', with its reason).
   */
  'messages.edit': command<Message>()({
    args: z
      .object({
        ...accountScoped,
        conversationId: IdSchema,
        messageId: IdSchema,
        text: z
          .string()
          .max(MAX_MESSAGE_LENGTH)
          .refine((t) => t.trim().length > 0, 'a message cannot be empty'),
      })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  /**
   * Only where `capabilities.deleteMessages`: deletes one of my own sent messages for
   * everyone; every window then shows the "deleted" placeholder in its place.
   */
  'messages.delete': command<null>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema, messageId: IdSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported'],
  }),
  /**
   * Only where `capabilities.attachments`: queues a file (or image) like `messages.send`
   * queues text. Main stages the bytes on disk with the outbox entry, uploads them, then
   * sends the message; `upload.progress` reports the upload, `messages.cancelUpload` stops
   * it. A file over the protocol's `attachmentLimits` or of a type it refuses is answered
   * 'invalid-argument' at once, before anything is staged or uploaded.
   */
  'messages.sendFile': command<Message>()({
    args: z
      .object({
        ...accountScoped,
        conversationId: IdSchema,
        nonce: NonceSchema,
        name: z.string().trim().min(1).max(255),
        mimeType: z.string().max(255).regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type such as image/png'),
        bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength > 0, 'the file is empty').refine((b) => b.byteLength <= MAX_FILE_BYTES, 'the file is too large'),
        caption: z.string().max(MAX_MESSAGE_LENGTH).optional(),
        width: z.number().int().min(1).max(100_000).optional(),
        height: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'forbidden', 'unsupported'],
  }),
  /** Stops a file's upload; the message stays, failed ("cancelled"), and can be retried. */
  'messages.cancelUpload': command<null>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema, nonce: NonceSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'not-found'],
  }),
  /**
   * Saves an attachment (its `/attachments/…` URL) where the user chooses: Electron asks with
   * a save dialog and reports `download.progress`; the browser host answers `{download}`, a
   * URL the page opens to let the browser download it.
   */
  'files.save': command<SaveResult>()({
    args: z.object({ url: z.string().max(512).regex(/^\/attachments\/[0-9a-f]{32}$/, 'an attachment URL') }).strict(),
    errors: ['invalid-argument', 'not-found', 'unsupported'],
  }),
  /** Puts a failed message back in the queue (same nonce, so a protocol that deduplicates still can). */
  'messages.retry': command<Message>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema, nonce: NonceSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'not-found'],
  }),
  /**
   * Everything main's outbox holds for the account: unsent messages and the recently sent
   * ones, so a window that was closed while they were sent can settle its copies.
   */
  'messages.pending': command<Message[]>()({
    args: z.object({ ...accountScoped }).strict(),
    errors: ['invalid-argument', 'not-signed-in'],
  }),
  /** "Retry now": reconnect the account (or every account) at once instead of after the back-off. */
  'connection.retry': command<null>()({
    args: z.object({ accountId: AccountIdSchema.optional() }).strict(),
    errors: ['invalid-argument', 'not-signed-in'],
  }),
  /** Only where `capabilities.typing`; main repeats or expires it as the protocol needs. */
  'typing.set': command<null>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema, typing: z.boolean() }).strict(),
    errors: ['invalid-argument', 'not-signed-in'],
  }),
  /** The users whose presence is on screen now; replaces the previous list for the account. */
  'presence.watch': command<null>()({
    args: z.object({ ...accountScoped, userIds: z.array(IdSchema).max(500) }).strict(),
    errors: ['invalid-argument', 'not-signed-in'],
  }),
  'users.search': command<User[]>()({
    args: z.object({ ...accountScoped, query: z.string().trim().min(1).max(64) }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'server-error', 'unsupported'],
  }),
  'users.get': command<User[]>()({
    args: z.object({ ...accountScoped, ids: z.array(IdSchema).min(1).max(200) }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'server-error'],
  }),
  'settings.get': command<Settings>()({
    args: z.object({}).strict(),
    errors: [],
  }),
  /** Changes some settings; answers with all of them. Every window hears `settings.changed`. */
  'settings.set': command<Settings>()({
    args: z
      .object({
        includeMutedInBadge: z.boolean().optional(),
        notificationPreviews: z.boolean().optional(),
        doNotDisturb: z.boolean().optional(),
        closeToTray: z.boolean().optional(),
        // Added for issue 10 (H1): theme, text size and the media devices calls start with.
        theme: z.enum(THEME_CHOICES).optional(),
        textSize: z.enum(TEXT_SIZES).optional(),
        microphoneId: DeviceIdSchema.optional(),
        cameraId: DeviceIdSchema.optional(),
        speakerId: DeviceIdSchema.optional(),
        // Added for issue 10 (E): the interface language.
        language: z.enum(LANGUAGE_CHOICES).optional(),
        // Added for issue 10 (G): start at login and the spell-checker's language (Electron).
        startAtLogin: z.boolean().optional(),
        spellCheckLanguage: z.string().max(35).regex(SPELL_CHECK_LANGUAGE_PATTERN, "'system', 'off' or a language tag such as en-US").optional(),
      })
      .strict(),
    errors: ['invalid-argument'],
  }),
  /**
   * What this window shows, so that main's notification policy knows whether the user is
   * looking: sent on focus, blur, visibility changes and when another conversation opens.
   */
  'ui.report': command<null>()({
    args: z
      .object({
        focused: z.boolean(),
        visible: z.boolean(),
        openConversation: z.object({ accountId: AccountIdSchema, conversationId: IdSchema }).strict().nullable(),
      })
      .strict(),
    errors: ['invalid-argument'],
  }),
  /** Every call main knows of (ringing, in progress, or a group call still running): for a window that opens mid-call. */
  'calls.list': command<Call[]>()({
    args: z.object({}).strict(),
    errors: [],
  }),
  /**
   * Only where `capabilities.calls`: calls a conversation (a direct one, or a group of at
   * most MAX_CALL_PARTICIPANTS who join). This window then holds the call's media. A callee
   * in another call answers at once with the call `ended` as `busy`; not an error.
   */
  'calls.start': command<Call>()({
    args: z.object({ ...accountScoped, conversationId: IdSchema, media: z.enum(['audio', 'video']) }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'unsupported', 'conflict'],
  }),
  /**
   * Accepts (with the camera on or off) or declines an incoming call; accepting a group call
   * that still runs (`ongoing`) joins it late. An accepting window holds the call's media.
   */
  'calls.answer': command<Call>()({
    args: z
      .object({ ...accountScoped, callId: IdSchema, accept: z.boolean(), media: z.enum(['audio', 'video']).optional() })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'timeout', 'forbidden', 'not-found', 'server-error', 'conflict'],
  }),
  /**
   * Hangs up (or cancels a call not yet answered). `failed`: the window's media connection
   * failed (ICE failed, or the peer vanished past the grace period); the call ends as failed.
   * Leaving a group call leaves it running for the others.
   */
  'calls.hangup': command<null>()({
    args: z.object({ ...accountScoped, callId: IdSchema, reason: z.enum(['hung-up', 'failed']).optional() }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'not-found'],
  }),
  /** Media negotiation to one participant (simple-peer's offer, answer and ICE candidates). */
  'calls.signal': command<null>()({
    args: z
      .object({
        ...accountScoped,
        callId: IdSchema,
        toUserId: IdSchema,
        signal: z.discriminatedUnion('type', [
          z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(64 * 1024) }).strict(),
          z
            .object({
              type: z.literal('candidate'),
              candidate: z.string().max(2048),
              sdpMid: z.string().max(64).nullable(),
              sdpMLineIndex: z.number().int().min(0).max(64).nullable(),
            })
            .strict(),
        ]),
      })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'not-found'],
  }),
  /** My microphone and camera state, told to the other participants (events 5 / 6). */
  'calls.setMedia': command<null>()({
    args: z
      .object({ ...accountScoped, callId: IdSchema, audioMuted: z.boolean().optional(), videoOn: z.boolean().optional() })
      .strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'not-found'],
  }),
  /** Asks the others to turn this audio call into video (event 4); they answer by turning their camera on. */
  'calls.requestVideo': command<null>()({
    args: z.object({ ...accountScoped, callId: IdSchema }).strict(),
    errors: ['invalid-argument', 'not-signed-in', 'offline', 'not-found'],
  }),
  'links.openExternal': command<null>()({
    args: z.object({ url: z.string().max(4096) }).strict(),
    errors: ['invalid-argument', 'forbidden'],
  }),
  /**
   * Added for issue 10 (G): Help > Copy debug info: the app's version, the OS, the runtime's
   * versions, the protocols this build speaks and how many accounts are signed in. Plain text
   * to paste into a bug report: no names, no server addresses, no tokens.
   */
  'support.debugInfo': command<string>()({
    args: z.object({}).strict(),
    errors: [],
  }),
  /** Added for issue 10 (G): Help > Open logs folder, in the OS's file manager (Electron; the browser host answers 'unsupported'). */
  'support.openLogsFolder': command<null>()({
    args: z.object({}).strict(),
    errors: ['unsupported'],
  }),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export { COMMAND_NAMES, MAX_FILE_BYTES, MAX_MESSAGE_LENGTH } from './command-names';

export type ArgsOf<C extends CommandName> = z.input<Commands[C]['args']>;
export type ParsedArgsOf<C extends CommandName> = z.output<Commands[C]['args']>;
export type ValueOf<C extends CommandName> = Exclude<Commands[C]['result'], undefined>;
export type ErrorsOf<C extends CommandName> = Commands[C]['errors'][number] | 'internal' | 'forbidden';

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}
