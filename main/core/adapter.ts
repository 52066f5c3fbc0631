// The seam between Parley's core and a chat backend. Every protocol (Netalo, talker,
// Mingdao, Haraj, AZStack) implements this interface; the core never sees a wire format.
//
// Designed against all five documents in ../shared/seeds (see main/protocols/CAPABILITIES.md):
// - connection: socket.io (Netalo, talker, Mingdao, AZStack) or raw WebSocket (Haraj)
// - sign-in: over HTTP (Netalo's reference server, Haraj) or on the socket itself (talker
//   `login`, AZStack's two-step 29 → 179); `signIn` hides which, and what it keeps to
//   reconnect later is an opaque, versioned secret that only the adapter reads.
// - sending: an ack with a nonce (Netalo), an ack without one (Mingdao), an echo event
//   (talker) or HTTP (Haraj): `sendConfirmation` says which, so the core knows whether a
//   resend after an unknown outcome is safe or must be settled against history first.
// - conversations: server-side groups (Netalo, Mingdao, AZStack) or implied per peer (talker,
//   Haraj topics `p2p1_2`); `openDirectConversation` maps both to one conversation ID.
// - history: only where `capabilities.history` (Mingdao has no history call; Haraj's is on
//   its companion HTTP API).
// Optional methods exist only where `capabilities` says so; the core checks the flag first.

import type {
  AttachmentKind,
  CallMedia,
  CallIceServer,
  CallMediaSignal,
  CallSignal,
  Capabilities,
  Conversation,
  ConversationChanges,
  Id,
  Message,
  Page,
  ProtocolId,
  Receipt,
  SignInField,
  TypingState,
  Presence,
  User,
} from '../../contract/domain';
import type { Credentials } from '../../contract/commands';
import type { Logger } from './logger';
import { ParleyError } from '../../contract/errors';

/**
 * What a sign-in yields and what is persisted (encrypted where the host can) across
 * restarts. `secret` is the adapter's alone: Netalo's session string, Haraj's access and
 * refresh tokens, talker's login hash. `version` lets an adapter change its format and
 * still read what an older Parley stored.
 */
export interface AdapterSession {
  protocol: ProtocolId;
  serverUrl: string;
  userId: Id;
  username: string;
  displayName: string;
  secret: { version: number; value: string };
  /** ms since epoch, when the server said; the server stays the judge. */
  expiresAt?: number;
}

export type CredentialsOf<P extends ProtocolId> = Extract<Credentials, { protocol: P }>;

export interface SignUpDetails {
  serverUrl: string;
  username: string;
  password: string;
  displayName?: string;
}

/** An attachment as an adapter hands it over: the core keeps the bytes and gives the renderer a URL. */
export interface AttachmentData {
  id: string;
  kind: AttachmentKind;
  name: string;
  mimeType: string;
  /** The file itself, when the protocol carried it inline (talker's data URIs). */
  bytes?: Uint8Array;
  /** Size in bytes when `bytes` is absent. */
  size?: number;
  /**
   * Where the adapter can fetch the bytes later (`fetchAttachment`), when the protocol sends
   * a reference rather than the file (Netalo's uploads). Opaque to the core; stable for a file.
   */
  source?: string;
  /** An image's pixel size, when the protocol says. */
  width?: number;
  height?: number;
}

/** A file staged on disk by the core, for an adapter to upload. */
export interface OutgoingFile {
  path: string;
  name: string;
  mimeType: string;
  size: number;
  width?: number;
  height?: number;
}

/** What an upload answered: what `sendMessage` then names. Kept in the outbox, so a restart sends without uploading again. */
export interface UploadedFile {
  /** The server's ID for the file. */
  fileId: string;
  name: string;
  mimeType: string;
  size: number;
  width?: number;
  height?: number;
}

/** Domain objects as an adapter produces them: the core stamps `accountId` on and stores attachment bytes. */
export type ConversationData = Omit<Conversation, 'accountId'>;
export type MessageData = Omit<Message, 'accountId' | 'attachments'> & { attachments?: AttachmentData[] };

/**
 * How the server confirms a send, which decides what the core may do when it does not know
 * whether a send arrived (a timeout, a crash while sending):
 * - nonce: the server deduplicates on the message's nonce: resending is always safe (Netalo)
 * - ack:   an acknowledgement without deduplication (Mingdao)
 * - echo:  the stored message comes back as an event, nothing else (talker)
 * - http:  an HTTP answer (Haraj)
 * For all but `nonce`, an unknown outcome is settled with `findSentMessage` before any resend.
 */
export type SendConfirmation = 'nonce' | 'ack' | 'echo' | 'http';

/**
 * Why the connection is not online, when it is not:
 * - offline: transport down; the adapter retries by itself with back-off
 * - session-ended expired: the server refused the session; no retry
 * - session-ended conflict: the session was taken over elsewhere; no retry
 */
export type AdapterEvent =
  | { type: 'connection'; state: 'connecting' | 'online' | 'offline'; detail?: string }
  | { type: 'session-ended'; reason: 'expired' | 'conflict' }
  /** The adapter renewed its credentials (Haraj's refresh token): the core stores the new secret. */
  | { type: 'session-renewed'; secret: AdapterSession['secret']; expiresAt?: number }
  | { type: 'conversation'; conversation: ConversationData }
  | { type: 'conversation-changed'; conversationId: Id; changes: ConversationChanges }
  | { type: 'conversation-removed'; conversationId: Id }
  /** `position`: where this message stands in its conversation's change feed (see listChanges). */
  | { type: 'message'; message: MessageData; position?: string }
  | { type: 'message-removed'; conversationId: Id; messageId: Id }
  | { type: 'receipt'; receipt: Omit<Receipt, 'accountId'> }
  /** `expiresAt` set by protocols whose typing lapses by itself (talker: 1.5 s after the last `type`). */
  | { type: 'typing'; typing: Omit<TypingState, 'accountId'> }
  | { type: 'presence'; presence: Omit<Presence, 'accountId'> }
  | { type: 'call-signal'; signal: CallSignal };

export interface ChangePage {
  items: Array<{ message: MessageData; position: string }>;
  /** More changes wait after the last item. */
  more: boolean;
  /** With no `after`: the conversation's current position. */
  head?: string;
}

export interface GroupUpdate {
  conversationId: Id;
  title?: string;
  avatarUrl?: string;
  addMemberIds?: Id[];
  removeMemberIds?: Id[];
  ownerId?: Id;
}

export interface SendRequest {
  conversationId: Id;
  text: string;
  /** The core's client nonce: sent where the protocol takes one, used to match an ack otherwise. */
  nonce: string;
  /** Files already uploaded (`uploadFile`), sent with `text` as their caption. */
  attachments?: UploadedFile[];
}

export interface ProtocolAdapter {
  readonly capabilities: Capabilities;
  readonly sendConfirmation: SendConfirmation;

  /** Start connecting, and keep reconnecting with back-off until `close`. Never throws. */
  connect(): void;
  /** Stop for good: no reconnect, no further events. */
  close(): void;
  onEvent(listener: (event: AdapterEvent) => void): () => void;

  // What every protocol offers. Each throws ParleyError ('offline', 'timeout', 'forbidden', ...).
  listConversations(req: { cursor?: string; limit: number }): Promise<Page<ConversationData>>;
  /** The 1:1 conversation with a user: found if it exists, else created. */
  openDirectConversation(userId: Id): Promise<ConversationData>;
  /**
   * Sends one message. Throws ParleyError 'offline' only when nothing left this machine
   * (safe to queue again); 'timeout' when the outcome is unknown; anything else when the
   * server refused it.
   */
  sendMessage(req: SendRequest): Promise<MessageData>;
  getUsers(ids: Id[]): Promise<User[]>;

  /**
   * Where `capabilities.attachments` and `attachmentLimits`: uploads a staged file. Throws
   * ParleyError 'offline' / 'timeout' / 'unreachable' when it may be tried again,
   * 'invalid-argument' when the server refused the file for good; an aborted `signal`
   * rejects with 'cancelled' semantics (any error, the core knows it cancelled).
   */
  uploadFile?(req: { file: OutgoingFile; signal: AbortSignal; onProgress: (sent: number, total: number) => void }): Promise<UploadedFile>;
  /** The bytes behind an AttachmentData `source` (fetched once; the core keeps them). */
  fetchAttachment?(source: string, opts: { signal?: AbortSignal }): Promise<Uint8Array>;

  /** Where `capabilities.history`. Newest first; `before` is a message ID: only older messages come back. */
  listMessages?(req: { conversationId: Id; before?: Id; limit: number }): Promise<Page<MessageData>>;
  /**
   * Resync: everything in a conversation created, edited or deleted after `after`, oldest
   * change first, each with its position. Without `after`, no items: only `head`, the
   * position a first sync starts from. Positions are decimal strings that grow with every
   * change, so the core keeps the largest it has seen. Adapters without it are resynced
   * through `listMessages` (new messages only).
   */
  listChanges?(req: { conversationId: Id; after?: string; limit: number }): Promise<ChangePage>;
  /**
   * Probes the live connection (after a sleep, or when it has been quiet): one request with a
   * short deadline; no answer means the socket is dead though it looks connected, and it is
   * replaced.
   */
  checkConnection?(): void;
  /** Reconnect at once, skipping the back-off delay (the user pressed "Retry now"). */
  reconnectNow?(): void;
  /**
   * Where `sendConfirmation` is not `nonce`: looks in the server's history for a message of
   * ours that a send with an unknown outcome may have stored (same text, not before
   * `notBefore` ms, not one of `exclude`). Null when it is not there: a resend is then safe.
   */
  findSentMessage?(req: { conversationId: Id; text: string; notBefore: number; exclude: Id[] }): Promise<MessageData | null>;

  // Gated by capabilities; later issues fill these in per protocol.
  searchUsers?(query: string): Promise<User[]>;
  /** Where `capabilities.groups`. The caller is a member and the owner. */
  createGroup?(req: { title: string; memberIds: Id[]; groupType?: 'community' | 'public' }): Promise<ConversationData>;
  /** Where `capabilities.groupAdmin`: any of these changes at once, by the owner. */
  updateGroup?(req: GroupUpdate): Promise<ConversationData>;
  leaveGroup?(conversationId: Id): Promise<void>;
  /** Where `capabilities.clearHistory`: clears the user's copy of the history; they stay a member. */
  clearHistory?(conversationId: Id): Promise<void>;
  /** Where `capabilities.messageRequests`: the user accepts a conversation a stranger started. */
  acceptRequest?(conversationId: Id): Promise<void>;
  /**
   * The device token the server may notify this desktop by (Netalo register_profile_token,
   * type web). Sent at every sign-in and connect; withdrawn at sign-out.
   */
  registerDevice?(token: string): Promise<void>;
  unregisterDevice?(token: string): Promise<void>;
  /**
   * Where `capabilities.editMessages`: my own message's new text, for everyone. Answers with
   * the server's new version. The server refuses someone else's message: 'forbidden', in
   * its words.
   */
  editMessage?(req: { conversationId: Id; messageId: Id; text: string }): Promise<MessageData>;
  /**
   * Where `capabilities.deleteMessages`: deletes my own message for everyone. Answers with
   * the server's tombstone where the protocol has one (Netalo), else nothing (the core then
   * reports the message removed).
   */
  deleteMessage?(req: { conversationId: Id; messageId: Id }): Promise<MessageData | void>;
  /** Where `capabilities.readReceipts`: tells the server; the core keeps the unread count itself. */
  markRead?(req: { conversationId: Id; upToMessageId: Id }): Promise<void>;
  /** Where `capabilities.typing`: the adapter repeats or stops the protocol's packets as it needs. */
  setTyping?(req: { conversationId: Id; typing: boolean }): void;
  /** Where `capabilities.presence`: the users on screen now (Haraj listen/unlisten). Replaces the last list. */
  watchPresence?(userIds: Id[]): void;
  setMuted?(conversationId: Id, muted: boolean): Promise<void>;
  setPinned?(conversationId: Id, pinned: boolean): Promise<void>;
  setBlocked?(req: { conversationId: Id; userId: Id; blocked: boolean }): Promise<void>;
  searchMessages?(req: { conversationId?: Id; query: string }): Promise<MessageData[]>;
  /**
   * Where `capabilities.nudge`: shakes the conversation's other members (Mingdao "shake shake" /
   * "group shake"). Answers with the timeline line to show on my side (kind 'nudge'), where
   * the protocol stores one; incoming nudges arrive as `message` events of kind 'nudge'.
   */
  sendNudge?(conversationId: Id): Promise<MessageData | void>;

  // Calls, where `capabilities.calls`: signalling only. The core keeps the Call objects and
  // their state machine (main/core/calls/); incoming signalling arrives as `call-signal` events.
  /**
   * Places a call to the conversation's other members. `busy`: the server answered that the
   * callee is in another call (the call is over at once; the server keeps its line).
   */
  startCall?(req: { conversationId: Id; media: CallMedia }): Promise<CallStarted>;
  /**
   * Answers a call: accept (join; a group call may be joined late while it runs), reject,
   * timeout (rang out here), failed, busy (this device is in another call). Accepting
   * answers with the participants already in the call.
   */
  answerCall?(req: { callId: Id; conversationId: Id; answer: CallAnswer }): Promise<{ joinedIds: Id[] }>;
  /**
   * Leaves the call (hangs up; a caller before any answer cancels it). `reason` tells the
   * others why, where the protocol can (Netalo on Parley's server: stop_call `reason`).
   */
  stopCall?(req: { callId: Id; conversationId: Id; reason?: 'hung-up' | 'failed' | 'quit' | 'signed-out' }): Promise<void>;
  /** The server's status of a call (after a reconnect: is the call still running?). */
  callStatus?(req: { callId: Id; conversationId: Id }): Promise<'ongoing' | 'timeout' | 'finished'>;
  /** Media negotiation to one participant (ice_sdp / ice_candidate). */
  sendCallMedia?(req: { callId: Id; conversationId: Id; toUserId: Id; signal: CallMediaSignal }): Promise<void>;
  /** A call event to some participants (Netalo `event` types 1, 3, 4, 5, 6). */
  sendCallEvent?(req: { callId: Id; conversationId: Id; toUserIds: Id[]; event: CallEventOut }): Promise<void>;
}

export type CallAnswer = 'accept' | 'reject' | 'timeout' | 'failed' | 'busy';

export type CallStarted =
  /**
   * `callerId` other than me: the conversation already had a call running (the server answers
   * with that call); the core joins it (`answerCall` accept). `joinedIds`: who is in it now.
   */
  | {
      busy?: false;
      callId: Id;
      calleeIds: Id[];
      group: boolean;
      startedAt: number;
      callerId?: Id;
      joinedIds?: Id[];
      /** The caller makes the WebRTC offer, while ringing (Call.callerOffers: AZStack, Netalo 1:1). */
      callerOffers?: boolean;
      /** STUN / TURN servers for this call (Call.iceServers). */
      iceServers?: CallIceServer[];
    }
  | { busy: true; callId?: Id };

export type CallEventOut =
  | { type: 'received' }
  | { type: 'cancel' }
  | { type: 'video-request' }
  | { type: 'media-state'; audioMuted: boolean; videoOn: boolean };

/** One per protocol: signs in (however that protocol does it) and builds adapters. */
export interface ProtocolAdapterFactory<P extends ProtocolId = ProtocolId> {
  readonly protocol: P;
  /** The product's own name, for the protocol picker and account badges. */
  readonly label: string;
  /** What the sign-in form must ask for. */
  readonly signInFields: readonly SignInField[];
  readonly capabilities: Capabilities;
  /** Said under the sign-in form (e.g. why sign-up is not offered). */
  readonly note?: string;
  /**
   * The core hands over only credentials whose `protocol` is this factory's; the parameter
   * is the whole union so that every factory is a ProtocolAdapterFactory (a parameter of
   * CredentialsOf<P> would make P invariant). Use `credentialsFor` to narrow.
   */
  signIn(credentials: Credentials): Promise<AdapterSession>;
  signUp?(details: SignUpDetails): Promise<AdapterSession>;
  create(session: AdapterSession, log: Logger): ProtocolAdapter;
}

/** Narrows sign-in credentials to one protocol's; anything else is a caller's mistake. */
export function credentialsFor<P extends ProtocolId>(protocol: P, credentials: Credentials): CredentialsOf<P> {
  if (credentials.protocol !== protocol) {
    throw new ParleyError('invalid-argument', `These are ${credentials.protocol} credentials, not ${protocol} ones`);
  }
  return credentials as CredentialsOf<P>;
}
