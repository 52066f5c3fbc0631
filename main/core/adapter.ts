// The seam between Parley's core and a chat backend. Every protocol (Netalo, talker,
// Mingdao, Haraj, AZStack) implements this interface; the core never sees a wire format.
//
// Designed against all five documents in ../shared/seeds (see main/protocols/CAPABILITIES.md):
// - connection: socket.io (Netalo, talker, Mingdao, AZStack) or raw WebSocket (Haraj)
// - sign-in: over HTTP (Netalo's reference server, Haraj, talker's /register) or over the
//   socket itself (talker `login`, AZStack `connect`); `signIn` hides which.
// - sending: over the socket with an ack (Netalo, Mingdao), an event reply (talker), or HTTP (Haraj).
// - conversations: server-side groups (Netalo, Mingdao, AZStack) or implied per peer (talker,
//   Haraj topics `p2p1_2`); `openDirectConversation` maps both to one conversation ID.
// Optional methods exist only where `capabilities` says so; the core checks the flag first.

import type {
  CallMedia,
  CallSignal,
  Capabilities,
  Conversation,
  Id,
  Message,
  Page,
  ProtocolId,
  Receipt,
  TypingState,
  Presence,
  User,
} from '../../contract/domain';
import type { Logger } from './logger';

/** What a sign-in yields and what is persisted (encrypted where the host can) across restarts. */
export interface AdapterSession {
  protocol: ProtocolId;
  serverUrl: string;
  userId: Id;
  username: string;
  displayName: string;
  /** The bearer credential: Netalo's session string, Haraj's access token, ... */
  token: string;
  /** ms since epoch, when the server said; the server stays the judge (login result 2). */
  expiresAt?: number;
}

export interface Credentials {
  serverUrl: string;
  username: string;
  password: string;
}

export interface SignUpDetails extends Credentials {
  displayName?: string;
}

/** Domain objects as an adapter produces them: the core stamps `accountId` on. */
export type ConversationData = Omit<Conversation, 'accountId'>;
export type MessageData = Omit<Message, 'accountId'>;

/**
 * Why the connection is not online, when it is not:
 * - offline: transport down; the adapter retries by itself with back-off
 * - expired: the server refused the session (Netalo login result 2); no retry
 * - conflict: the session was taken over elsewhere (Netalo login result 7); no retry
 */
export type AdapterEvent =
  | { type: 'connection'; state: 'connecting' | 'online' | 'offline'; detail?: string }
  | { type: 'session-ended'; reason: 'expired' | 'conflict' }
  | { type: 'conversation'; conversation: ConversationData }
  | { type: 'conversation-removed'; conversationId: Id }
  | { type: 'message'; message: MessageData }
  | { type: 'message-removed'; conversationId: Id; messageId: Id }
  | { type: 'receipt'; receipt: Omit<Receipt, 'accountId'> }
  | { type: 'typing'; typing: Omit<TypingState, 'accountId'> }
  | { type: 'presence'; presence: Omit<Presence, 'accountId'> }
  | { type: 'call-signal'; signal: CallSignal };

export interface ProtocolAdapter {
  readonly capabilities: Capabilities;

  /** Start connecting, and keep reconnecting with back-off until `close`. Never throws. */
  connect(): void;
  /** Stop for good: no reconnect, no further events. */
  close(): void;
  onEvent(listener: (event: AdapterEvent) => void): () => void;

  // What every protocol offers. Each throws ParleyError ('offline', 'timeout', 'forbidden', ...).
  listConversations(req: { cursor?: string; limit: number }): Promise<Page<ConversationData>>;
  /** The 1:1 conversation with a user: found if it exists, else created. */
  openDirectConversation(userId: Id): Promise<ConversationData>;
  /** Newest first; `before` is a message ID: only older messages come back. */
  listMessages(req: { conversationId: Id; before?: Id; limit: number }): Promise<Page<MessageData>>;
  /** Idempotent on `nonce`: a resend after a lost ack returns the original message. */
  sendMessage(req: { conversationId: Id; text: string; nonce: string }): Promise<MessageData>;
  getUsers(ids: Id[]): Promise<User[]>;

  // Gated by capabilities; later issues fill these in per protocol.
  searchUsers?(query: string): Promise<User[]>;
  createGroup?(req: { title: string; memberIds: Id[] }): Promise<ConversationData>;
  renameGroup?(conversationId: Id, title: string): Promise<ConversationData>;
  addMembers?(conversationId: Id, userIds: Id[]): Promise<ConversationData>;
  removeMember?(conversationId: Id, userId: Id): Promise<ConversationData>;
  leaveGroup?(conversationId: Id): Promise<void>;
  editMessage?(req: { conversationId: Id; messageId: Id; text: string }): Promise<MessageData>;
  deleteMessage?(req: { conversationId: Id; messageId: Id }): Promise<void>;
  markRead?(req: { conversationId: Id; upToMessageId: Id }): Promise<void>;
  setTyping?(req: { conversationId: Id; typing: boolean }): void;
  setMuted?(conversationId: Id, muted: boolean): Promise<void>;
  setPinned?(conversationId: Id, pinned: boolean): Promise<void>;
  setBlocked?(req: { conversationId: Id; userId: Id; blocked: boolean }): Promise<void>;
  searchMessages?(req: { conversationId?: Id; query: string }): Promise<MessageData[]>;
  startCall?(req: { conversationId: Id; media: CallMedia; calleeIds: Id[] }): Promise<{ callId: Id }>;
  sendCallSignal?(signal: CallSignal): Promise<void>;
}

/** One per protocol: signs in (however that protocol does it) and builds adapters. */
export interface ProtocolAdapterFactory {
  readonly protocol: ProtocolId;
  readonly capabilities: Capabilities;
  signIn(credentials: Credentials): Promise<AdapterSession>;
  signUp?(details: SignUpDetails): Promise<AdapterSession>;
  create(session: AdapterSession, log: Logger): ProtocolAdapter;
}
