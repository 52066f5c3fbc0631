// One signed-in account at run time: its session, its adapter, its durable outbox, its
// unread counts, and the connection state the user sees. Adapter events pass through here
// in order: a message first settles any outbox entry it echoes, has its attachment bytes
// stored, and is counted as unread, before the renderer hears of it.

import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  accountKey,
  type Account,
  type AccountStatus,
  type Capabilities,
  type ConnectionState,
  type Id,
  type Message,
} from '../../contract/domain';
import type { AdapterEvent, AdapterSession, MessageData, ProtocolAdapter, ProtocolAdapterFactory } from './adapter';
import { toContractEvent } from './adapter-events';
import type { AttachmentStore } from './attachments';
import type { EventHub } from './event-hub';
import type { Logger } from './logger';
import { Outbox } from './outbox/outbox';
import { TypingExpiry } from './typing-expiry';
import { UnreadLedger } from './unread';

export interface AccountDeps {
  factory: ProtocolAdapterFactory;
  log: Logger;
  /** The host's data directory; each account keeps its outbox and read marks below it. */
  dataDir: string;
  events: EventHub;
  attachments: AttachmentStore;
  onSessionEnded(runtime: AccountRuntime, reason: 'expired' | 'conflict'): void;
  onSessionRenewed(runtime: AccountRuntime): void;
  onUnreadChanged(): void;
}

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

  private constructor(
    public session: AdapterSession,
    private readonly deps: AccountDeps,
    readonly outbox: Outbox,
    readonly unread: UnreadLedger,
    adapter: ProtocolAdapter,
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
    const runtime: AccountRuntime = new AccountRuntime(session, { ...deps, log }, outbox, unread, adapter);
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
    await Promise.all([outboxClosed, this.unread.close()]);
  }

  /** Sign-out: the account's unsent messages and read marks go with it. */
  async discardData(): Promise<void> {
    await rm(accountDataDir(this.deps.dataDir, this.id), { recursive: true, force: true });
  }

  /** A message from the server (pushed, echoed, or a settled send) on its way to the renderer. */
  async publishMessage(data: MessageData): Promise<Message> {
    const { attachments, ...rest } = data;
    const message: Message = { ...rest, accountId: this.id };
    if (attachments?.length) message.attachments = await Promise.all(attachments.map((a) => this.deps.attachments.put(a)));
    this.deps.events.emit('message.upserted', { message });
    return message;
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
        this.outbox.setOnline(event.state === 'online');
        return;
      case 'session-ended':
        this.deps.onSessionEnded(this, event.reason);
        return;
      case 'session-renewed':
        this.session = { ...this.session, secret: event.secret, ...(event.expiresAt !== undefined ? { expiresAt: event.expiresAt } : {}) };
        this.deps.onSessionRenewed(this);
        return;
      case 'message': {
        const message = await this.outbox.matchEcho(event.message);
        this.unread.onMessage(message);
        await this.publishMessage(message);
        return;
      }
      case 'conversation': {
        const unreadCount = this.unread.onConversation(event.conversation);
        events.emit('conversation.upserted', { conversation: { ...event.conversation, unreadCount, accountId: this.id } });
        return;
      }
      case 'conversation-changed': {
        this.unread.onConversationChanged(event.conversationId, event.changes);
        const { unreadCount: _server, ...changes } = event.changes;
        if (Object.keys(changes).length > 0) {
          events.emit('conversation.updated', { accountId: this.id, conversationId: event.conversationId, changes });
        }
        return;
      }
      case 'conversation-removed':
        this.unread.forget(event.conversationId);
        break;
      case 'typing':
        this.typing.track({ ...event.typing, accountId: this.id });
        return;
      default:
        break;
    }
    const contractEvent = toContractEvent(this.id, event);
    if (contractEvent) events.publish(contractEvent);
    else this.log.debug('adapter event has no contract event yet; dropped', { type: event.type });
  }
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
