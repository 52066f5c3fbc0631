// One signed-in account at run time: its session, its adapter, its durable outbox, its
// unread counts, and the connection state the user sees. Adapter events pass through here
// in order: a message first settles any outbox entry it echoes, has its attachment bytes
// stored, and is counted as unread, before the renderer hears of it.

import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  accountKey,
  type Account,
  type AccountStatus,
  type Capabilities,
  type ConnectionState,
  type Conversation,
  type ConversationChanges,
  type Id,
  type Message,
  type CallSignal,
} from '../../contract/domain';
import type { AdapterEvent, AdapterSession, ConversationData, MessageData, ProtocolAdapter, ProtocolAdapterFactory } from './adapter';
import { ParleyError, type ErrorCode } from '../../contract/errors';
import { toContractEvent } from './adapter-events';
import { writeFileAtomic } from './atomic-file';
import type { AttachmentStore } from './attachments';
import type { AvatarImages } from './avatar-images';
import type { EventHub } from './event-hub';
import { errorName, type Logger } from './logger';
import { Outbox } from './outbox/outbox';
import { resyncAccount } from './resync';
import { SyncPositions } from './sync-positions';
import { TypingExpiry } from './typing-expiry';
import { UnreadLedger } from './unread';

export interface AccountDeps {
  factory: ProtocolAdapterFactory;
  log: Logger;
  /** The host's data directory; each account keeps its outbox and read marks below it. */
  dataDir: string;
  events: EventHub;
  attachments: AttachmentStore;
  /** Fetches group pictures into the attachment store (absent in tests that do not need them). */
  avatars?: AvatarImages;
  onSessionEnded(runtime: AccountRuntime, reason: 'expired' | 'conflict'): void;
  onSessionRenewed(runtime: AccountRuntime): void;
  onUnreadChanged(): void;
  /** The unread ledger counted this message as a new unread one: what a notification may be about. */
  onNewUnread?(runtime: AccountRuntime, message: MessageData): void;
  /** Call signalling from the adapter, for the core's call registry (it keeps the Call objects). */
  onCallSignal?(runtime: AccountRuntime, signal: CallSignal): void;
}

/** Errors that mean the connection went away mid-resync: wait for the next 'online'. */
const CONNECTION_LOST = new Set<ErrorCode>(['offline', 'timeout', 'unreachable', 'session-expired', 'conflict']);

/** Sign-out waits this long at most to withdraw the device token: the user is leaving. */
const UNREGISTER_WAIT_MS = 2_000;

export class AccountRuntime {
  readonly account: Account;
  readonly adapter: ProtocolAdapter;
  /** 'connecting' from creation until the adapter says otherwise: a start never waits for the network. */
  state: ConnectionState = 'connecting';
  detail: string | undefined;
  private unsubscribe: (() => void) | null = null;
  private closed = false;
  /** Adapter events are handled one after another: some steps (storing attachments) are async. */
  private inbound: Promise<void> = Promise.resolve();
  private readonly log: Logger;
  private readonly typing: TypingExpiry;
  /** The latest copy of every conversation the account has heard of (what request answers and blocks need). */
  private readonly conversations = new Map<Id, ConversationData>();

  private constructor(
    public session: AdapterSession,
    private readonly deps: AccountDeps,
    readonly outbox: Outbox,
    readonly unread: UnreadLedger,
    private readonly positions: SyncPositions,
    adapter: ProtocolAdapter,
    /** This desktop's push token for the account (register_profile_token): random, made once, kept on disk. */
    readonly deviceToken: string,
  ) {
    this.account = accountFromSession(session);
    this.adapter = adapter;
    this.log = deps.log;
    this.typing = new TypingExpiry((typing) => deps.events.emit('typing.changed', { typing }));
  }

  /** Reads the account's outbox and read marks from disk (no network) and builds its adapter. */
  static async open(session: AdapterSession, deps: AccountDeps): Promise<AccountRuntime> {
    const account = accountFromSession(session);
    const dir = accountDataDir(deps.dataDir, account.id);
    const log = deps.log.child(session.protocol);
    const adapter = deps.factory.create(session, log);
    const events = deps.events;
    const id = account.id;
    const outbox = await Outbox.open({
      adapter,
      senderId: session.userId,
      journalPath: join(dir, 'outbox.jsonl'),
      log: log.child('outbox'),
      report: (message) => events.emit('message.upserted', { message: { ...message, accountId: id } }),
      reportSent: (message) => void runtime.publishMessage(message),
      reportProgress: (progress) => events.emit('upload.progress', { accountId: id, ...progress }),
    });
    const unread = await UnreadLedger.open({
      path: join(dir, 'unread.json'),
      myUserId: session.userId,
      serverCounts: adapter.capabilities.unreadCounts,
      log: log.child('unread'),
      onChange: (conversationId, count) => {
        events.emit('conversation.updated', { accountId: id, conversationId, changes: { unreadCount: count } });
        deps.onUnreadChanged();
      },
    });
    const positions = await SyncPositions.open(join(dir, 'sync.json'), log.child('sync'));
    const deviceToken = await loadDeviceToken(join(dir, 'device-token'), log);
    const runtime: AccountRuntime = new AccountRuntime(session, { ...deps, log }, outbox, unread, positions, adapter, deviceToken);
    return runtime;
  }

  get id(): string {
    return this.account.id;
  }

  get capabilities(): Capabilities {
    return this.adapter.capabilities;
  }

  status(): AccountStatus {
    return {
      account: this.account,
      connection: this.state,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      capabilities: this.capabilities,
    };
  }

  /** Listen first, then connect: the adapter may report 'connecting' synchronously. */
  start(): void {
    if (this.closed || this.unsubscribe) return;
    this.unsubscribe = this.adapter.onEvent((event) => {
      if (this.closed) return;
      if (event.type === 'call-signal') {
        // At once, in arrival order, never behind a resync: a call rings now, and its media
        // negotiation has seconds, not a reconnect's catch-up, to complete.
        this.deps.onCallSignal?.(this, event.signal);
        return;
      }
      this.inbound = this.inbound
        .then(() => this.handle(event))
        .catch((e: unknown) => this.log.error('adapter event failed', { event: event.type, error: describe(e) }));
    });
    this.adapter.connect();
  }

  /** For good: no more events reach the core, even if the adapter still has some queued. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.state = 'signed-out';
    this.unsubscribe?.();
    this.unsubscribe = null;
    // The outbox first: a send the adapter abandons on close has an unknown outcome, and the
    // outbox must already be closed when that rejection arrives, so it leaves the entry as is.
    const outboxClosed = this.outbox.close();
    this.adapter.close();
    this.typing.clear();
    await Promise.all([outboxClosed, this.unread.close(), this.positions.close()]);
  }

  /**
   * Sign-out, before close: the server forgets this desktop's token. Best effort and bounded:
   * an unreachable server must not hold up signing out.
   */
  async unregisterDevice(): Promise<void> {
    const { adapter } = this;
    if (this.closed || this.state !== 'online' || !adapter.unregisterDevice) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, UNREGISTER_WAIT_MS)));
    try {
      await Promise.race([adapter.unregisterDevice(this.deviceToken), gaveUp]);
    } catch (e) {
      this.log.info('device token not withdrawn', { error: errorName(e) });
    } finally {
      clearTimeout(timer);
    }
  }

  /** The latest copy of a conversation, if the account has heard of it. */
  knownConversation(conversationId: Id): ConversationData | undefined {
    return this.conversations.get(conversationId);
  }

  /**
   * A fresh copy of a conversation (pushed, listed, or a command's answer): the unread
   * ledger takes its count, mute and request state, and every window hears of it.
   */
  upsertConversation(conversation: ConversationData): Conversation {
    const totals = this.totals();
    this.conversations.set(conversation.id, conversation);
    const unreadCount = this.unread.onConversation(conversation);
    const avatarImage = this.avatarImageFor(conversation.id, conversation.avatarUrl);
    const full: Conversation = { ...conversation, unreadCount, accountId: this.id, ...(avatarImage ? { avatarImage } : {}) };
    this.deps.events.emit('conversation.upserted', { conversation: full });
    if (this.totals() !== totals) this.deps.onUnreadChanged();
    return full;
  }

  /** Some fields changed (mute, pin, request accepted, ...): ledger first, then every window. */
  changeConversation(conversationId: Id, changes: ConversationChanges): void {
    const known = this.conversations.get(conversationId);
    if (known) this.conversations.set(conversationId, { ...known, ...changes });
    this.unread.onConversationChanged(conversationId, changes);
    const { unreadCount: _server, ...rest } = changes;
    if (changes.avatarUrl !== undefined) {
      const image = changes.avatarUrl === '' ? '' : this.avatarImageFor(conversationId, changes.avatarUrl);
      if (image !== undefined) rest.avatarImage = image;
    }
    if (Object.keys(rest).length > 0) {
      this.deps.events.emit('conversation.updated', { accountId: this.id, conversationId, changes: rest });
    }
  }

  /**
   * The group picture's hosted URL when main has it; otherwise starts fetching it and tells
   * every window once it is here (if the conversation still has that picture then).
   */
  avatarImageFor(conversationId: Id, address: string | undefined): string | undefined {
    const avatars = this.deps.avatars;
    if (!address || !avatars) return undefined;
    const cached = avatars.cached(address);
    if (cached) return cached;
    void avatars.resolve(address, this.account.serverUrl).then((hosted) => {
      if (!hosted || this.closed || this.conversations.get(conversationId)?.avatarUrl !== address) return;
      this.deps.events.emit('conversation.updated', { accountId: this.id, conversationId, changes: { avatarImage: hosted } });
    });
    return undefined;
  }

  /** Left, removed, or cleared: it leaves the list, the ledger and the badge. */
  removeConversation(conversationId: Id): void {
    this.conversations.delete(conversationId);
    const totals = this.totals();
    this.unread.forget(conversationId);
    this.positions.forget(conversationId);
    this.deps.events.emit('conversation.removed', { accountId: this.id, conversationId });
    if (this.totals() !== totals) this.deps.onUnreadChanged();
  }

  /** Both badge totals, so a change under either setting is noticed. */
  private totals(): string {
    return `${this.unread.total()}/${this.unread.total({ includeMuted: true })}`;
  }

  /** Sign-out: the account's unsent messages and read marks go with it. */
  async discardData(): Promise<void> {
    await rm(accountDataDir(this.deps.dataDir, this.id), { recursive: true, force: true });
  }

  /** A message from the server (pushed, echoed, or a settled send) on its way to the renderer. */
  async publishMessage(data: MessageData): Promise<Message> {
    const { attachments, ...rest } = data;
    const message: Message = { ...rest, accountId: this.id };
    if (attachments?.length) message.attachments = await Promise.all(attachments.map((a) => this.deps.attachments.put(a, this.id)));
    this.deps.events.emit('message.upserted', { message });
    return message;
  }

  /** A message is gone for everyone (a protocol without tombstones): the ledger forgets it, every window hears it. */
  messageRemoved(conversationId: Id, messageId: Id): void {
    this.unread.onDeleted(conversationId, messageId);
    this.deps.events.emit('message.removed', { accountId: this.id, conversationId, messageId });
  }

  /** A message from a push or a resync: settles its outbox entry, counts, then goes to the renderer. */
  private async acceptMessage(data: MessageData, position: string | undefined): Promise<void> {
    const message = await this.outbox.matchEcho(data);
    const unreadBefore = this.unread.count(message.conversationId);
    this.unread.onMessage(message);
    // Counted as new unread (not ours, not an edit, not read already): it may notify.
    if (this.unread.count(message.conversationId) > unreadBefore) this.deps.onNewUnread?.(this, message);
    await this.publishMessage(message);
    // Protocols without a change feed resume from the newest message ID.
    const at = position ?? message.id;
    if (at !== undefined) this.positions.advance(message.conversationId, at);
  }

  private acceptConversation(conversation: ConversationData): void {
    this.upsertConversation(conversation);
  }

  /**
   * Read marks made while the server could not hear them (offline, or the request failed),
   * sent before the resync lists the conversations, so the server's counts agree with mine.
   */
  private async sendUnsentReads(): Promise<void> {
    const { adapter } = this;
    if (!adapter.capabilities.readReceipts || !adapter.markRead) return;
    for (const read of this.unread.unsentReads()) {
      try {
        await adapter.markRead(read);
        this.unread.readDelivered(read.conversationId, read.upToMessageId);
      } catch (e) {
        if (e instanceof ParleyError && CONNECTION_LOST.has(e.code)) return;
        // Refused for good (the message or the conversation is gone): do not try again.
        this.log.info('read mark refused by the server', { error: errorName(e) });
        this.unread.readDelivered(read.conversationId, read.upToMessageId);
      }
    }
  }

  /** Every connect: the server may notify this desktop by its token (best effort). */
  private registerDevice(): void {
    this.adapter.registerDevice?.(this.deviceToken).catch((e: unknown) => this.log.info('device token not registered', { error: errorName(e) }));
  }

  /** Catches up; a resync cut short by the connection runs again at the next 'online'. */
  private async resync(): Promise<void> {
    const started = Date.now();
    try {
      const report = await resyncAccount({
        adapter: this.adapter,
        positions: this.positions,
        onConversation: (c) => this.acceptConversation(c),
        onMessage: (m, position) => this.acceptMessage(m, position),
        onConversationGone: (conversationId) => void this.handle({ type: 'conversation-removed', conversationId }),
      });
      this.log.info('resynced', { ...report, ms: Date.now() - started });
    } catch (e) {
      if (e instanceof ParleyError && CONNECTION_LOST.has(e.code)) {
        this.log.warn('resync interrupted; it runs again at the next reconnect', { error: errorName(e) });
        // A request that timed out on a socket that still looks connected: make sure it is alive.
        this.checkConnection();
        return;
      }
      this.log.error('resync failed', { error: errorName(e) });
    }
  }

  /** After a sleep, or when asked: probe the connection (a dead one is replaced). */
  checkConnection(): void {
    if (!this.closed) this.adapter.checkConnection?.();
  }

  /** "Retry now": skip the back-off. */
  reconnectNow(): void {
    if (!this.closed) this.adapter.reconnectNow?.();
  }

  private async handle(event: AdapterEvent): Promise<void> {
    const { events } = this.deps;
    switch (event.type) {
      case 'connection':
        this.state = event.state;
        this.detail = event.detail;
        events.emit('connection.changed', {
          accountId: this.id,
          state: event.state,
          ...(event.detail !== undefined ? { detail: event.detail } : {}),
        });
        if (event.state === 'online') {
          // Catch up before sending: the resync settles any message the server took but whose
          // ack was lost (no resend needed), and puts what we missed before what we send.
          // Sending never waits on a failed resync, though: resends are safe without it (nonce
          // or history check), and a stuck resync must not hold the user's messages.
          this.registerDevice();
          await this.sendUnsentReads();
          await this.resync();
          this.outbox.setOnline(this.state === 'online');
        } else {
          this.outbox.setOnline(false);
        }
        return;
      case 'session-ended':
        this.deps.onSessionEnded(this, event.reason);
        return;
      case 'session-renewed':
        this.session = { ...this.session, secret: event.secret, ...(event.expiresAt !== undefined ? { expiresAt: event.expiresAt } : {}) };
        this.deps.onSessionRenewed(this);
        return;
      case 'message':
        await this.acceptMessage(event.message, event.position);
        return;
      case 'conversation':
        this.acceptConversation(event.conversation);
        return;
      case 'conversation-changed':
        this.changeConversation(event.conversationId, event.changes);
        return;
      case 'conversation-removed':
        this.removeConversation(event.conversationId);
        return;
      case 'message-removed':
        this.unread.onDeleted(event.conversationId, event.messageId);
        break;
      case 'typing':
        this.typing.track({ ...event.typing, accountId: this.id });
        return;
      case 'call-signal':
        return; // handled as it arrives (start)
      default:
        break;
    }
    const contractEvent = toContractEvent(this.id, event);
    if (contractEvent) events.publish(contractEvent);
    else this.log.debug('adapter event has no contract event yet; dropped', { type: event.type });
  }
}

/** The account's device token: read from disk, or made and saved on first use. */
async function loadDeviceToken(path: string, log: Logger): Promise<string> {
  try {
    const saved = (await readFile(path, 'utf8')).trim();
    if (/^[0-9a-f]{64}$/.test(saved)) return saved;
  } catch {
    // none yet
  }
  const token = randomBytes(32).toString('hex');
  try {
    await writeFileAtomic(path, token);
  } catch (e) {
    // Registered for this run anyway; a new token next time only leaves an old one on the server.
    log.warn('could not save the device token', { error: errorName(e) });
  }
  return token;
}

export function accountFromSession(session: AdapterSession): Account {
  return {
    id: accountKey(session.protocol, session.serverUrl, session.userId),
    protocol: session.protocol,
    serverUrl: session.serverUrl,
    userId: session.userId,
    username: session.username,
    displayName: session.displayName || session.username,
  };
}

/** A directory name per account that says nothing about it and never needs escaping. */
export function accountDataDir(dataDir: string, accountId: Id): string {
  return join(dataDir, 'accounts', createHash('sha256').update(accountId).digest('hex').slice(0, 24));
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
