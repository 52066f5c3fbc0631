// The normalised domain model: what every protocol adapter produces and what the core,
// the renderer, its store and its cache all speak. Nothing here is protocol-specific.
//
// IDs are strings everywhere. Real Netalo IDs are uint64 values above 2^53, which a
// JavaScript number cannot hold exactly; a string ID never passes through a number.

/** A server-side identifier: decimal digits for Netalo, opaque for other protocols. */
export type Id = string;

/** The backends Parley knows of. Which of them this build can sign in to: `session.get`'s `protocols`. */
export const PROTOCOLS = ['netalo', 'talker', 'mingdao', 'haraj', 'azstack'] as const;
export type ProtocolId = (typeof PROTOCOLS)[number];

/**
 * One signed-in identity on one server. `id` is Parley's local key for the account:
 * stable across restarts, unique across protocols and servers (see `accountKey`).
 */
export interface Account {
  id: string;
  protocol: ProtocolId;
  serverUrl: string;
  userId: Id;
  username: string;
  displayName: string;
}

export function accountKey(protocol: ProtocolId, serverUrl: string, userId: Id): string {
  return `${protocol}|${serverUrl}|${userId}`;
}

/** One account as the UI shows it: who, how its connection is, and what its protocol can do. */
export interface AccountStatus {
  account: Account;
  connection: ConnectionState;
  /** Why the connection is not online, in words for the user, when known. */
  detail?: string;
  capabilities: Capabilities;
}

/** What the sign-in form asks for. Each protocol names the fields it needs (see ProtocolInfo). */
/**
 * What the sign-in form asks for. Each protocol names the fields it needs (see ProtocolInfo).
 * appId and publicKey: AZStack's app (its RSA public key encrypts the sign-in token).
 */
export type SignInField = 'serverUrl' | 'username' | 'login' | 'password' | 'appId' | 'publicKey';

/** A protocol this build can sign in to, and what its sign-in form needs. */
export interface ProtocolInfo {
  protocol: ProtocolId;
  /** The product's own name, shown in the protocol picker and on each account's badge. */
  label: string;
  fields: SignInField[];
  /** Prefill for the server field: the bundled reference server's front for this protocol. */
  defaultServerUrl: string;
  /**
   * Prefill for other fields, where the host knows them: the bundled server's AZStack demo
   * app (appId and publicKey), so that its sign-in works without pasting a key.
   */
  prefill?: Partial<Record<SignInField, string>>;
  capabilities: Capabilities;
  /** Shown under the form when the protocol cannot do something users expect (e.g. sign up here). */
  note?: string;
}

/**
 * The state of an account's live connection, as the user should understand it.
 * - connecting: first attempt after start or sign-in
 * - online: connected and authenticated; commands reach the server
 * - offline: not connected; the adapter keeps retrying with back-off
 * - signed-out: the session ended (expired, signed in elsewhere, or signed out); no retry
 */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'signed-out';

export interface User {
  id: Id;
  username: string;
  displayName: string;
  avatarUrl?: string;
}

export type ConversationKind = 'direct' | 'group';

export interface MessagePreview {
  messageId?: Id;
  senderId: Id;
  text: string;
  sentAt: number; // ms since epoch
  /** A group change ("Alice added Carol"): the list says it in the user's language, without "You:". */
  system?: SystemEvent;
  /** A call line ("Missed video call"): the list words it, without "You:". */
  call?: CallRecord;
  /** 'nudge': the list says "Bob nudged you" / "You nudged Bob", never "You: …". Absent: a text message (or system / call as above). */
  kind?: 'nudge';
}

export interface Conversation {
  accountId: string;
  id: Id;
  kind: ConversationKind;
  /** What the list shows: the peer's name for a direct conversation, the group name otherwise. */
  title: string;
  memberIds: Id[];
  /** For a direct conversation: the other member. */
  peerId?: Id;
  /** The picture's address as the server has it (a web address): shown in the group's settings. */
  avatarUrl?: string;
  /**
   * The picture itself, fetched by main and served from the host's own origin (the renderer
   * loads no remote image). Absent until fetched; '' when the picture was removed.
   */
  avatarImage?: string;
  createdAt: number; // ms since epoch
  /** Sort key of the conversation list: the newest message's time, else creation time. */
  lastActivityAt: number;
  lastMessage?: MessagePreview;
  /** Unread messages as main keeps them (server counts where the protocol has them, else counted locally). */
  unreadCount: number;
  muted: boolean;
  pinned: boolean;
  /** Absent: everything the account's capabilities allow. Mingdao's "ban speak" sets send to false. */
  permissions?: ConversationPermissions;
  /** Groups: who may change the group (rename, members, owner). Only the owner, on Netalo. */
  ownerId?: Id;
  /** Groups: who may find and join it. Absent for direct conversations. */
  groupType?: GroupType;
  /**
   * A message request: someone the user has never talked to started it, and the user has not
   * accepted it yet. It does not notify, and its sender sees no presence, typing or read
   * receipts from the user, until accepted (Accept / Delete / Block).
   */
  request?: boolean;
  /** Users blocked in this conversation: their messages are refused by the server. */
  blockedUserIds?: Id[];
  /**
   * Where the protocol reports them per member (Netalo's received_list / seen_list): the
   * newest message each other member has received and seen. My messages' delivered / seen
   * state and a group's "seen by N" are computed from this, never stored per message.
   */
  memberReceipts?: MemberReceipt[];
}

export type GroupType = 'private' | 'community' | 'public';

export interface MemberReceipt {
  userId: Id;
  /** Received everything up to and including this message. */
  deliveredUpTo?: Id;
  /** Seen everything up to and including this message. */
  readUpTo?: Id;
}

export interface ConversationPermissions {
  send: boolean;
  /** Why sending is not allowed, in words for the user. */
  reason?: string;
}

/** A partial update of a conversation: only the fields that changed (a rename, a new unread count, ...). */
export type ConversationChanges = Partial<
  Pick<
    Conversation,
    | 'title'
    | 'memberIds'
    | 'avatarUrl'
    | 'avatarImage'
    | 'lastActivityAt'
    | 'lastMessage'
    | 'unreadCount'
    | 'muted'
    | 'pinned'
    | 'permissions'
    | 'ownerId'
    | 'groupType'
    | 'request'
    | 'blockedUserIds'
    | 'memberReceipts'
  >
>;

/**
 * A file that came with a message. The bytes stay in main: `url` is served by the host
 * (app://parley/attachments/… in Electron, /attachments/… in the browser host) and is
 * absent while main does not hold the bytes. Message rows never carry file contents.
 */
export interface Attachment {
  /** Unique within the message. */
  id: string;
  kind: AttachmentKind;
  name: string;
  /** bytes */
  size: number;
  mimeType: string;
  url?: string;
  /** Pixel size of an image, when known before it loads: the view reserves its space (no layout jump). */
  width?: number;
  height?: number;
}

/**
 * What a protocol's server takes as an attachment, so the renderer refuses a file before
 * reading it. `mimeTypes` are exact media types; `maxBytes` is per file.
 */
export interface AttachmentLimits {
  maxBytes: number;
  mimeTypes: readonly string[];
}

/** What `files.save` did: saved where the user chose (Electron), or a download for the page to start (browser host). */
export type SaveResult = { saved: true; path: string } | { saved: false } | { download: string };

export type AttachmentKind = 'image' | 'video' | 'audio' | 'file';

/**
 * queued: written to the outbox, not yet handed to the server (offline or waiting its turn)
 * sending: handed to the server, no acknowledgement yet
 * sent: acknowledged by the server (it has an `id`)
 * delivered / read: receipts, for protocols that report them
 * failed: the server refused it for good; the user may retry
 */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** nudge: Mingdao's "shake" (a line in the timeline; the receiver's window shakes or the conversation nudges). */
export type MessageKind = 'text' | 'system' | 'call' | 'nudge';

export interface Message {
  accountId: string;
  conversationId: Id;
  /** The server's ID; absent until the server acknowledged the message. */
  id?: Id;
  /** Client-chosen, unique per sender: makes a resend safe and matches an ack to its message. */
  nonce?: string;
  senderId: Id;
  kind: MessageKind;
  text: string;
  sentAt: number; // ms since epoch
  status: MessageStatus;
  /** Why a message failed, in words for the user. */
  error?: string;
  editedAt?: number;
  deleted?: boolean;
  attachments?: Attachment[];
  /** For `kind: 'system'`: what happened, so the UI can say it in the user's language with current names. */
  system?: SystemEvent;
  /** For `kind: 'call'`: the call this line records (written by the server when the call ended). */
  call?: CallRecord;
}

/**
 * A call in the timeline. `outcome` is the call's, the same for everyone; each side words it
 * (a `missed` call from Alice is "Missed call" for Bob and "No answer" for Alice).
 * - ended: it was answered; `durationMs` is how long it lasted
 * - declined: the callee declined
 * - missed: nobody answered (timeout), or the caller cancelled before an answer
 * - busy: the callee was in another call
 * A missed or busy call counts as unread, and notifies, for everyone but the caller.
 */
export interface CallRecord {
  callId: Id;
  media: CallMedia;
  outcome: 'ended' | 'declined' | 'missed' | 'busy';
  callerId: Id;
  durationMs?: number;
}

/**
 * A change to a group, shown as a line in its timeline ("Alice added Carol"). `text` on the
 * message is the server's own wording, shown when the UI does not know the action.
 */
export interface SystemEvent {
  action: 'created' | 'renamed' | 'avatar-changed' | 'members-added' | 'member-removed' | 'member-left' | 'owner-changed' | 'other';
  actorId: Id;
  /** Who was added or removed, or the new owner. */
  userIds?: Id[];
  /** The new name, for `created` and `renamed`. */
  title?: string;
}

/**
 * Compares two IDs of one protocol: decimal IDs by value (longer is larger; never through
 * a number), anything else as text. Netalo's IDs grow with time, so this orders messages.
 */
export function compareIds(a: Id, b: Id): number {
  const decimal = /^\d+$/;
  if (decimal.test(a) && decimal.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The stable identity of a message within its conversation, before and after the server's
 * ack: the sender's nonce when there is one (our own messages always have one: main's outbox
 * gives each a client nonce even where the protocol has none), else the server ID. A
 * message's full identity is (accountId, conversationId, key): server IDs are unique only
 * per conversation on some protocols (AZStack), and adapters encode composite IDs where a
 * protocol needs them.
 */
export function messageKey(m: Pick<Message, 'senderId' | 'nonce' | 'id'>): string {
  if (m.nonce) return `n:${m.senderId}:${m.nonce}`;
  if (m.id) return `i:${m.id}`;
  throw new Error('a message needs a nonce or an id');
}

/** A delivery or read mark: "everything up to this message" or a list of messages (talker, AZStack). */
export interface Receipt {
  accountId: string;
  conversationId: Id;
  userId: Id;
  kind: 'delivered' | 'read';
  /** Everything up to and including this message. */
  upToMessageId?: Id;
  /** Exactly these messages. */
  messageIds?: Id[];
}

export interface TypingState {
  accountId: string;
  conversationId: Id;
  userId: Id;
  typing: boolean;
  /** ms since epoch after which `typing: true` lapses unless renewed; main sends the `false` itself. */
  expiresAt?: number;
}

export interface Presence {
  accountId: string;
  userId: Id;
  online: boolean;
  lastSeenAt?: number;
  statusText?: string;
}

export type CallMedia = 'audio' | 'video';

/**
 * Where a call stands for this account (main's view: signalling only; whether the media
 * flows is the renderer's, which holds the peer connections).
 * - calling:  I placed it; no callee's device has it yet
 * - ringing:  I placed it and at least one callee's device rings (the server said "received")
 * - incoming: someone calls me and I have not answered
 * - in-call:  I am in it (I placed it and someone accepted, or I accepted)
 * - ended:    over for me (see `endReason`); a group call may still run for others (`ongoing`)
 */
export type CallPhase = 'calling' | 'ringing' | 'incoming' | 'in-call' | 'ended';

/**
 * Why a call ended, from this user's side.
 * - hung-up: I hung up (or cancelled before an answer)
 * - remote-hung-up: the other side hung up, or the last other participant left
 * - cancelled: the caller gave up before I answered (a missed call)
 * - declined: the callee declined (caller's side), or I declined (callee's side)
 * - no-answer: nobody answered within the ring time (30 s): a timeout on both sides
 * - busy: the callee is in another call
 * - failed: the connection failed (ICE failed, or a participant vanished past the grace period)
 * - answered-elsewhere: I accepted or declined on another device
 * - signed-out / quit: my account signed out, or Parley quit, during the call
 * - full: the group call already has its 4 participants
 * - unavailable: the server refused the call (not a member, calls not possible here)
 */
export type CallEndReason =
  | 'hung-up'
  | 'remote-hung-up'
  | 'cancelled'
  | 'declined'
  | 'no-answer'
  | 'busy'
  | 'failed'
  | 'answered-elsewhere'
  | 'signed-out'
  | 'quit'
  | 'full'
  | 'unavailable';

/**
 * Another participant, as signalling tells it:
 * - invited: rung, not answered; joined: in the call; left: was in it and left;
 *   declined: said no; missed: never answered (timeout) or was not reachable.
 */
export interface CallParticipant {
  userId: Id;
  state: 'invited' | 'joined' | 'left' | 'declined' | 'missed';
  /** From the participant's own call events (5 / 6 and their data): shown on their tile. */
  audioMuted: boolean;
  videoOn: boolean;
}

/** A call as main keeps it, sent whole on every change (`call.updated`). */
export interface Call {
  accountId: string;
  callId: Id;
  conversationId: Id;
  /** A group conversation's call: a mesh of at most MAX_CALL_PARTICIPANTS. */
  group: boolean;
  direction: 'outgoing' | 'incoming';
  callerId: Id;
  /** What the call was placed as. */
  media: CallMedia;
  phase: CallPhase;
  /** What I send, as I last told the others (`calls.setMedia`). */
  local: { audioMuted: boolean; videoOn: boolean };
  /** Everyone in the call but me. */
  participants: CallParticipant[];
  /** ms since epoch */
  startedAt: number;
  /** When I joined (the call became `in-call` for me). */
  joinedAt?: number;
  endedAt?: number;
  endReason?: CallEndReason;
  /** A group call that still runs for others after it ended for me: "Join" is offered. */
  ongoing?: boolean;
  /** Someone asked to turn this audio call into video (event 4), not answered yet. */
  videoRequestFrom?: Id;
  /**
   * Who makes the WebRTC offer. Absent: whoever joins later (the callee once accepted; in a
   * Netalo group call, each later joiner). True, in 1:1 calls: the caller, while it rings,
   * because the protocol's ring carries the offer (AZStack's 186), or because it saves a relay
   * (Netalo, where the server relays the signals of a callee it still rings). The callee's
   * window answers that offer with the accept, or offers itself if none came (mesh.ts).
   */
  callerOffers?: boolean;
  /** STUN / TURN servers the protocol gave for this call (AZStack's `ice_server`); absent: none. */
  iceServers?: CallIceServer[];
}

/** One entry of RTCConfiguration.iceServers. */
export interface CallIceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export const MAX_CALL_PARTICIPANTS = 4;
/** How long a call rings before it ends as `no-answer` (the server enforces it too). */
export const CALL_RING_MS = 30_000;

/** Media negotiation between two participants, relayed by the server; media never passes through main. */
export type CallMediaSignal =
  | { type: 'offer' | 'answer'; sdp: string }
  | { type: 'candidate'; candidate: string; sdpMid: string | null; sdpMLineIndex: number | null };

/**
 * Signalling as an adapter speaks it to the core (the core keeps the Call objects; the
 * renderer sees `call.updated` and `call.signal`).
 */
export type CallSignal =
  /** A call for me (Netalo start_call), or the full state of one I asked about. */
  | { kind: 'invite'; callId: Id; conversationId: Id; callerId: Id; calleeIds: Id[]; media: CallMedia; group: boolean; startedAt: number; joinedIds?: Id[]; callerOffers?: boolean; iceServers?: CallIceServer[] }
  /** A callee's device rings (event 3). */
  | { kind: 'received'; callId: Id; conversationId: Id; fromUserId: Id }
  /** A participant answered (answer_call); from my own user ID: I answered on another device. */
  | { kind: 'answer'; callId: Id; conversationId: Id; fromUserId: Id; answer: 'accept' | 'reject' | 'timeout' | 'failed' | 'busy' }
  /**
   * A participant left (stop_call with a uin), or the whole call ended (`ended`: the server's
   * call_status). `reason`: why they left, where the server says (Parley's stop_call `reason`).
   */
  | { kind: 'left'; callId: Id; conversationId: Id; fromUserId: Id; ended?: 'timeout' | 'finished'; reason?: 'hung-up' | 'failed' | 'quit' | 'signed-out' }
  /** Media negotiation from one participant to me. */
  | { kind: 'media'; callId: Id; conversationId: Id; fromUserId: Id; signal: CallMediaSignal }
  /** A participant's microphone / camera state (events 5 / 6 with data). */
  | { kind: 'media-state'; callId: Id; conversationId: Id; fromUserId: Id; audioMuted?: boolean; videoOn: boolean }
  /** A participant asks to turn the call into video (event 4). */
  | { kind: 'video-request'; callId: Id; conversationId: Id; fromUserId: Id }
  /** The caller cancelled before an answer (event 1). */
  | { kind: 'cancel'; callId: Id; conversationId: Id; fromUserId: Id };

export interface Page<T> {
  items: T[];
  /** Pass back to get the next (older) page; absent when there is none. */
  nextCursor?: string;
}

/**
 * What a protocol can do. The UI reads this instead of asking which protocol it talks to.
 * The full matrix, protocol by protocol, is in main/protocols/CAPABILITIES.md.
 */
export interface Capabilities {
  /** Which way messages flow: a receive-only bridge hides the composer, a send-only one the history. */
  messaging: 'send-receive' | 'receive-only' | 'send-only';
  signUp: boolean;
  directConversations: boolean;
  groups: boolean;
  groupAdmin: boolean;
  history: boolean;
  editMessages: boolean;
  deleteMessages: boolean;
  deliveryReceipts: boolean;
  readReceipts: boolean;
  unreadCounts: boolean;
  typing: boolean;
  presence: boolean;
  mute: boolean;
  pin: boolean;
  block: boolean;
  attachments: boolean;
  search: boolean;
  calls: boolean;
  userSearch: boolean;
  /** Conversations from strangers arrive as requests to accept, delete or block (Netalo on Parley's server). */
  messageRequests: boolean;
  /** "Delete conversation": clears my copy of the history while I stay a member. */
  clearHistory: boolean;
  /** Send a nudge that shakes the other side's window (Mingdao "shake shake" / "group shake"). */
  nudge: boolean;
  /** Where `attachments`: which files can be sent (absent: nothing can be uploaded). */
  attachmentLimits?: AttachmentLimits;
}

/** The user's preferences that main acts on (badge, notifications, tray). Stored by main. */
export interface Settings {
  /** Count muted conversations in the badge, tray and title. Off by default. */
  includeMutedInBadge: boolean;
  /** Show the message text in notifications; off shows only who wrote. */
  notificationPreviews: boolean;
  /** No notifications at all while on (the badge still counts). */
  doNotDisturb: boolean;
  /** Electron: closing the window hides it to the tray instead of quitting. */
  closeToTray: boolean;
  /** Added for issue 10 (H1): light, dark, or follow the system's prefers-color-scheme live. */
  theme: ThemeChoice;
  /** Added for issue 10 (H1): how large the whole interface is drawn (TEXT_SCALE gives the factor). */
  textSize: TextSize;
  /**
   * Added for issue 10 (H1): the media devices calls start with ('' = the system's default).
   * A device ID is the browser's, per origin: saved per device like every setting here.
   */
  microphoneId: string;
  cameraId: string;
  speakerId: string;
  /** Added for issue 10 (E): the interface language; 'system' follows the system's preferred languages. */
  language: LanguageChoice;
  /** Added for issue 10 (G): Electron: Parley starts (hidden to the tray) when the user logs in. Off by default. */
  startAtLogin: boolean;
  /**
   * Added for issue 10 (G): Electron: the spell-checker's language: a BCP 47 tag ('en-US', 'pl'),
   * 'system' (the interface language, else the OS's) or 'off'. macOS always uses its own checker.
   */
  spellCheckLanguage: string;
}

/** Added for issue 10 (G): a spell-check language as settings.set accepts it: 'system', 'off' or a BCP 47 tag. */
export const SPELL_CHECK_LANGUAGE_PATTERN = /^(system|off|[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?)$/;

/** Added for issue 10 (E): the languages Parley has a catalogue for, and 'system' (follow the system). */
export const LANGUAGE_CHOICES = ['system', 'en', 'zh', 'ar', 'vi', 'pl'] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/** Added for issue 10 (H1): the theme choices; 'system' follows prefers-color-scheme. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** Added for issue 10 (H1): the text sizes, smallest first, and the zoom each one applies. */
export const TEXT_SIZES = ['small', 'default', 'large', 'larger'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];
export const TEXT_SCALE: Readonly<Record<TextSize, number>> = Object.freeze({ small: 0.9, default: 1, large: 1.15, larger: 1.3 });

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  includeMutedInBadge: false,
  notificationPreviews: true,
  doNotDisturb: false,
  closeToTray: true,
  startAtLogin: false,
  spellCheckLanguage: 'system',
  theme: 'system',
  textSize: 'default',
  microphoneId: '',
  cameraId: '',
  speakerId: '',
  language: 'system',
});

/** A notification main decided to show; the browser host shows it with the Notification API. */
export interface NotificationRequest {
  /** One per conversation: a newer notification for it replaces the older one (a burst coalesces). */
  tag: string;
  accountId: string;
  conversationId: Id;
  title: string;
  body: string;
  /** Messages this notification stands for (a coalesced burst says "3 new messages"). */
  count: number;
  /** An incoming call (not a message): stays up until main closes it; Electron adds Accept / Decline. */
  call?: { callId: Id; media: CallMedia };
}

/**
 * A conversation's key across accounts: the renderer's store and lists key by this. `#`
 * never occurs in an ID (IdSchema) and a normalised server URL has no fragment, so the
 * last `#` splits it unambiguously.
 */
export function conversationRef(accountId: string, conversationId: Id): string {
  return `${accountId}#${conversationId}`;
}

export function parseConversationRef(ref: string): { accountId: string; conversationId: Id } {
  const at = ref.lastIndexOf('#');
  return { accountId: ref.slice(0, at), conversationId: ref.slice(at + 1) };
}
