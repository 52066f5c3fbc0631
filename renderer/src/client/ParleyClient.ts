// The composition root of the renderer's logic: one store, one cache, one pipeline, one
// sync, wired to the host's API. React components call the methods below and read the
// store; nothing here imports React, so tests drive the whole client without a DOM.
//
// Sending belongs to main (its durable outbox, with or without a window): `send` asks main
// to queue the message and shows main's answer; every later status arrives as an event.

import {
  conversationRef,
  parseConversationRef,
  type AccountStatus,
  type Credentials,
  type Message,
  type ParleyApi,
  type Result,
  type User,
} from '../contract';
import type { ParleyDb } from '../db/database';
import { newNonce } from '../lib/nonce';
import { Tasks } from '../lib/tasks';
import { createParleyStore, type ParleyStore } from '../store';
import { Pipeline } from '../sync/pipeline';
import { PresenceWatcher } from '../sync/presence-watcher';
import { ReadMarker } from '../sync/read-marker';
import { Sync } from '../sync/sync';

export interface ParleyClientOptions {
  api: ParleyApi;
  db: ParleyDb;
  now?: () => number;
  newNonce?: () => string;
  onError?: (error: unknown) => void;
  /** Whether the user can see the window now (read marks are sent only then). Default: the document's visibility. */
  isVisible?: () => boolean;
}

type SignUpArgs = Parameters<ParleyApi['session']['signUp']>[0];

const notSignedIn = { ok: false, error: { code: 'not-signed-in', message: 'That account is not signed in' } } as const;

export class ParleyClient {
  readonly store: ParleyStore;
  readonly db: ParleyDb;
  readonly sync: Sync;
  private readonly pipeline: Pipeline;
  private readonly tasks: Tasks;
  private readonly api: ParleyApi;
  private readonly reads: ReadMarker;
  private readonly presence: PresenceWatcher;
  private readonly nonce: () => string;
  private unsubscribe: (() => void) | null = null;

  constructor(options: ParleyClientOptions) {
    this.api = options.api;
    this.db = options.db;
    this.store = createParleyStore(options.api);
    this.tasks = new Tasks(options.onError ?? ((e) => console.error('[parley]', e)));
    this.pipeline = new Pipeline(this.db, this.store);
    this.nonce = options.newNonce ?? newNonce;
    const deps = { api: this.api, db: this.db, store: this.store, pipeline: this.pipeline, tasks: this.tasks, ...(options.now ? { now: options.now } : {}) };
    this.sync = new Sync(deps);
    this.reads = new ReadMarker({ api: this.api, store: this.store, tasks: this.tasks, isVisible: options.isVisible ?? defaultVisible });
    this.presence = new PresenceWatcher({ api: this.api, store: this.store, tasks: this.tasks });
  }

  /** Subscribes to main's events (once), shows every account from the cache, then refreshes. */
  async start(): Promise<void> {
    this.unsubscribe ??= this.api.onBatch((events) => void this.sync.onBatch(events));
    this.reads.start();
    this.presence.start();
    await this.sync.start();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.reads.stop();
    this.presence.stop();
  }

  /** Resolves once every background task (events, sync, cache writes) has settled. For tests. */
  async idle(): Promise<void> {
    await this.tasks.idle();
    await this.pipeline.settled();
  }

  /** Adds an account (the others stay signed in). */
  async signIn(credentials: Credentials): Promise<Result<AccountStatus>> {
    return this.added(await this.api.session.signIn(credentials));
  }

  async signUp(args: SignUpArgs): Promise<Result<AccountStatus>> {
    return this.added(await this.api.session.signUp(args));
  }

  /** Signs one account out; main discards its unsent messages, and so does the view. */
  async signOut(accountId: string): Promise<void> {
    const result = await this.api.session.signOut({ accountId });
    if (!result.ok) return;
    await this.pipeline.run({ accountOps: [{ type: 'removed', accountId }], ops: [{ op: 'discard-unsent', accountId }] });
  }

  openConversation(ref: string): Promise<void> {
    return this.sync.openConversation(ref);
  }

  /** Finds or creates the direct conversation with a user of one account, then opens it. */
  async openDirect(accountId: string, userId: string): Promise<Result<null>> {
    if (!this.store.getState().accounts[accountId]) return notSignedIn;
    const result = await this.api.conversations.openDirect({ accountId, userId });
    if (!result.ok) return result;
    await this.pipeline.run({ ops: [{ op: 'conversation', conversation: result.value }] });
    await this.openConversation(conversationRef(accountId, result.value.id));
    return { ok: true, value: null };
  }

  async searchUsers(accountId: string, query: string): Promise<Result<User[]>> {
    if (!this.store.getState().accounts[accountId]) return notSignedIn;
    return this.api.users.search({ accountId, query });
  }

  /**
   * Asks main to queue a message in the conversation's own account. Resolves once main
   * holds it (durable) and the queued row is shown; rejects when main refused it, so the
   * composer can give the text back.
   */
  async send(ref: string, text: string): Promise<void> {
    const { accountId, conversationId } = parseConversationRef(ref);
    const result = await this.api.messages.send({ accountId, conversationId, text, nonce: this.nonce() });
    if (!result.ok) throw new Error(result.error.message);
    await this.pipeline.run({ ops: [{ op: 'message', message: result.value, mode: 'queued' }] });
  }

  /** Puts a failed message back in main's queue (same nonce); if main no longer holds it, queues it again. */
  async retry(ref: string, key: string): Promise<void> {
    const { accountId, conversationId } = parseConversationRef(ref);
    const row = this.store.getState().threads[ref]?.byKey[key];
    if (!row?.nonce || row.status !== 'failed') return;
    let result: Result<Message> = await this.api.messages.retry({ accountId, conversationId, nonce: row.nonce });
    if (!result.ok && result.error.code === 'not-found') {
      result = await this.api.messages.send({ accountId, conversationId, text: row.text, nonce: row.nonce });
    }
    if (result.ok) await this.pipeline.run({ ops: [{ op: 'message', message: result.value, mode: 'requeued' }] });
  }

  /** "Retry now": every account that is not online reconnects at once. */
  retryConnection(): void {
    this.tasks.run(() => this.api.connection.retry({}));
  }

  setTyping(ref: string, typing: boolean): void {
    const { accountId, conversationId } = parseConversationRef(ref);
    if (!this.store.getState().accounts[accountId]?.capabilities.typing) return;
    this.tasks.run(() => this.api.typing.set({ accountId, conversationId, typing }));
  }

  private async added(result: Result<AccountStatus>): Promise<Result<AccountStatus>> {
    if (!result.ok) return result;
    const status = result.value;
    const id = status.account.id;
    // Decided in turn with main's batches: its accounts.changed may start the account first.
    let known = false;
    await this.pipeline.run(() => {
      known = id in this.store.getState().accounts;
      return { accountOps: [{ type: 'added', status }], ...(known ? {} : { load: [id] }), ui: { addingAccount: null } };
    });
    if (!known) this.sync.accountArrived(id, status.connection === 'online');
    return result;
  }
}

function defaultVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState === 'visible';
}
