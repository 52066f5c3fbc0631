// The composition root of the renderer's logic: one store, one cache, one outbox, one
// sync, wired to the host's API. React components call the methods below and read the
// store; nothing here imports React, so tests drive the whole client without a DOM.

import type { ParleyApi, Result, SessionInfo, User } from '../contract';
import { writeConversations } from '../data/writeThrough';
import type { ParleyDb, StoredMessage } from '../db/database';
import { Tasks } from '../lib/tasks';
import { Outbox } from '../outbox/outbox';
import { createParleyStore, type ParleyStore } from '../store';
import { subscribeToEvents, type EventSubscription } from '../sync/events';
import { Sync, type SyncDeps } from '../sync/sync';

export interface ParleyClientOptions {
  api: ParleyApi;
  db: ParleyDb;
  now?: () => number;
  newNonce?: () => string;
  onError?: (error: unknown) => void;
}

type SignInArgs = Parameters<ParleyApi['session']['signIn']>[0];
type SignUpArgs = Parameters<ParleyApi['session']['signUp']>[0];

export class ParleyClient {
  readonly store: ParleyStore;
  readonly db: ParleyDb;
  readonly outbox: Outbox;
  readonly sync: Sync;
  private readonly tasks: Tasks;
  private readonly api: ParleyApi;
  private readonly deps: SyncDeps;
  private events: EventSubscription | null = null;

  constructor(options: ParleyClientOptions) {
    this.api = options.api;
    this.db = options.db;
    this.store = createParleyStore(options.api);
    this.tasks = new Tasks(options.onError ?? ((e) => console.error('[parley]', e)));
    const data = { db: this.db, store: this.store, tasks: this.tasks, now: options.now };
    this.outbox = new Outbox({ ...data, newNonce: options.newNonce });
    this.deps = { ...data, outbox: this.outbox };
    this.sync = new Sync(this.deps);
  }

  /** Subscribes to events (once) and shows the signed-in account from cache. */
  async start(): Promise<void> {
    this.events ??= subscribeToEvents(this.api, this.sync, this.deps);
    await this.sync.reload();
  }

  stop(): void {
    this.events?.unsubscribe();
    this.events = null;
  }

  /** Resolves once every event received so far has been handled (sending may still be in flight). For tests. */
  async eventsSettled(): Promise<void> {
    await this.events?.settled();
  }

  /** Resolves once every background task (events, sync, sending) has settled. For tests. */
  idle(): Promise<void> {
    return this.tasks.idle();
  }

  signIn(args: SignInArgs): Promise<Result<SessionInfo>> {
    return this.withSession(this.api.session.signIn(args));
  }

  signUp(args: SignUpArgs): Promise<Result<SessionInfo>> {
    return this.withSession(this.api.session.signUp(args));
  }

  async signOut(): Promise<void> {
    await this.api.session.signOut({});
    this.sync.endSession(null);
  }

  openConversation(conversationId: string): Promise<void> {
    return this.sync.openConversation(conversationId);
  }

  /** Finds or creates the direct conversation with a user, then opens it. */
  async openDirect(userId: string): Promise<Result<null>> {
    const account = this.store.getState().account;
    if (!account) return { ok: false, error: { code: 'not-signed-in', message: 'Not signed in' } };
    const result = await this.api.conversations.openDirect({ accountId: account.id, userId });
    if (!result.ok) return result;
    await writeConversations({ db: this.db, store: this.store }, [result.value]);
    await this.openConversation(result.value.id);
    return { ok: true, value: null };
  }

  async searchUsers(query: string): Promise<Result<User[]>> {
    const account = this.store.getState().account;
    if (!account) return { ok: false, error: { code: 'not-signed-in', message: 'Not signed in' } };
    return this.api.users.search({ accountId: account.id, query });
  }

  send(conversationId: string, text: string): Promise<StoredMessage> {
    return this.outbox.send(conversationId, text);
  }

  retry(key: string): Promise<void> {
    return this.outbox.retry(key);
  }

  private async withSession(pending: Promise<Result<SessionInfo>>): Promise<Result<SessionInfo>> {
    const result = await pending;
    if (result.ok) await this.sync.applySession(result.value);
    return result;
  }
}
