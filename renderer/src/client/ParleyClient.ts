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
  type ArgsOf,
  type ConversationChanges,
  type Credentials,
  type Message,
  type ParleyApi,
  type Result,
  type ParleyEvent,
  type SaveResult,
  type Settings,
  type User,
} from '../contract';
import type { ParleyDb } from '../db/database';
import { forgetAccountData } from '../db/forget-account';
import { newNonce } from '../lib/nonce';
import { Tasks } from '../lib/tasks';
import { createParleyStore, type ParleyStore } from '../store';
import { History } from '../sync/history';
import { Pipeline } from '../sync/pipeline';
import { PresenceWatcher } from '../sync/presence-watcher';
import { ReadMarker } from '../sync/read-marker';
import { Sync } from '../sync/sync';
import { UiReporter, browserPageSignals, type PageSignals } from '../sync/ui-reporter';
import { UserDirectory } from '../sync/user-directory';

export interface ParleyClientOptions {
  api: ParleyApi;
  db: ParleyDb;
  now?: () => number;
  newNonce?: () => string;
  onError?: (error: unknown) => void;
  /** Whether the user is looking at the window now (read marks are sent only then). Default: the document is visible and focused. */
  isVisible?: () => boolean;
  /** Focus and visibility for `ui.report` (main's notification policy). Default: the browser's; none outside a page. */
  page?: PageSignals | null;
  /** The waits before asking again for a list that failed (sync.ts LIST_RETRY_MS); tests make them short. */
  listRetryMs?: readonly number[];
}

type SignUpArgs = Parameters<ParleyApi['session']['signUp']>[0];

const notSignedIn = { ok: false, error: { code: 'not-signed-in', message: 'That account is not signed in' } } as const;

export class ParleyClient {
  readonly store: ParleyStore;
  readonly db: ParleyDb;
  readonly sync: Sync;
  /** Older (and, for a detached window, newer) pages of the open thread: sync/history.ts. */
  readonly history: History;
  private readonly pipeline: Pipeline;
  private readonly tasks: Tasks;
  private readonly api: ParleyApi;
  private readonly reads: ReadMarker;
  private readonly presence: PresenceWatcher;
  private readonly uiReporter: UiReporter | null;
  private readonly users: UserDirectory;
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
    this.sync = new Sync({ ...deps, ...(options.listRetryMs ? { listRetryMs: options.listRetryMs } : {}) });
    this.history = new History({ api: this.api, db: this.db, store: this.store, pipeline: this.pipeline, ...(options.now ? { now: options.now } : {}) });
    this.reads = new ReadMarker({ api: this.api, store: this.store, tasks: this.tasks, isVisible: options.isVisible ?? defaultVisible, settled: () => this.pipeline.settled() });
    this.presence = new PresenceWatcher({ api: this.api, store: this.store, tasks: this.tasks });
    const page = options.page === undefined ? (typeof window === 'undefined' ? null : browserPageSignals(window)) : options.page;
    this.uiReporter = page ? new UiReporter({ api: this.api, store: this.store, tasks: this.tasks, page }) : null;
    this.users = new UserDirectory({ api: this.api, store: this.store, pipeline: this.pipeline, tasks: this.tasks });
  }

  /** Subscribes to main's events (once), shows every account from the cache, then refreshes. */
  async start(): Promise<void> {
    this.unsubscribe ??= this.api.onBatch((events) => void this.sync.onBatch(events));
    this.reads.start();
    this.presence.start();
    this.uiReporter?.start();
    this.users.start();
    await this.sync.start();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.reads.stop();
    this.presence.stop();
    this.uiReporter?.stop();
    this.users.stop();
    this.sync.stop();
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

  /**
   * Signs one account out; main discards its unsent messages, and so does the view. With
   * `forgetLocalData`, this device's cache of the account goes too (db/forget-account.ts).
   */
  async signOut(accountId: string, options: { forgetLocalData?: boolean } = {}): Promise<Result<null>> {
    const result = await this.api.session.signOut({ accountId });
    if (!result.ok) return result;
    await this.pipeline.run({ accountOps: [{ type: 'removed', accountId }], ops: [{ op: 'discard-unsent', accountId }] });
    if (options.forgetLocalData) {
      await this.pipeline.settled();
      await forgetAccountData(this.db, accountId);
    }
    return { ok: true, value: null };
  }

  /**
   * Opens a conversation on its newest messages, or with `focusKey` (a message's `key`, e.g.
   * a search result) on the cached messages around that one: the list then scrolls it into
   * view and highlights it (ui store `focusMessage`, cleared once shown). Then the server's
   * newest page is merged in where the protocol keeps history.
   */
  async openConversation(ref: string, options: { focusKey?: string } = {}): Promise<void> {
    await this.history.open(ref, options.focusKey);
    await this.sync.fetchNewestMessages(ref);
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

  /** Creates a group with the user as its owner, then opens it. */
  async createGroup(accountId: string, group: Omit<ArgsOf<'conversations.createGroup'>, 'accountId'>): Promise<Result<null>> {
    if (!this.store.getState().accounts[accountId]) return notSignedIn;
    const result = await this.api.conversations.createGroup({ accountId, ...group });
    if (!result.ok) return result;
    await this.pipeline.run({ ops: [{ op: 'conversation', conversation: result.value }] });
    await this.openConversation(conversationRef(accountId, result.value.id));
    return { ok: true, value: null };
  }

  /** The owner's changes to a group (rename, avatar, members, owner); shows the server's copy at once. */
  async updateGroup(ref: string, changes: Omit<ArgsOf<'conversations.updateGroup'>, 'accountId' | 'conversationId'>): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    const result = await this.api.conversations.updateGroup({ accountId, conversationId, ...changes });
    if (!result.ok) return result;
    await this.pipeline.run({ ops: [{ op: 'conversation', conversation: result.value }] });
    return { ok: true, value: null };
  }

  /** Leaves a group: it leaves the list (and its cached messages with it). */
  leaveGroup(ref: string): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    return this.thenRemove(ref, this.api.conversations.leave({ accountId, conversationId }));
  }

  /** "Delete conversation": clears this user's copy; they stay a member, and a new message brings it back. */
  clearHistory(ref: string): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    return this.thenRemove(ref, this.api.conversations.clearHistory({ accountId, conversationId }));
  }

  async setMuted(ref: string, muted: boolean): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    return this.thenChange(ref, await this.api.conversations.setMuted({ accountId, conversationId, muted }), { muted });
  }

  async setPinned(ref: string, pinned: boolean): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    return this.thenChange(ref, await this.api.conversations.setPinned({ accountId, conversationId, pinned }), { pinned });
  }

  async setBlocked(ref: string, userId: string, blocked: boolean): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    const result = await this.api.conversations.setBlocked({ accountId, conversationId, userId, blocked });
    const now = this.store.getState().conversationsByRef[ref]?.blockedUserIds ?? [];
    const blockedUserIds = blocked ? [...new Set([...now, userId])] : now.filter((id) => id !== userId);
    return this.thenChange(ref, result, { blockedUserIds });
  }

  /**
   * Nudges the conversation's other side (where `capabilities.nudge`). Main sends at most one
   * per conversation every 10 s and publishes the timeline line ("You nudged Bob") as a message.
   */
  nudge(ref: string): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    return this.api.conversations.nudge({ accountId, conversationId });
  }

  /** A message request: accept it (the composer opens), or delete it / block its sender (it leaves the list). */
  async answerRequest(ref: string, answer: 'accept' | 'delete' | 'block'): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    const asked = this.api.conversations.answerRequest({ accountId, conversationId, answer });
    if (answer !== 'accept') return this.thenRemove(ref, asked);
    return this.thenChange(ref, await asked, { request: false });
  }

  /** Main answered a change it will also report as an event: show it now rather than after the event. */
  private async thenChange(ref: string, result: Result<null>, changes: ConversationChanges): Promise<Result<null>> {
    if (!result.ok) return result;
    const { accountId, conversationId } = parseConversationRef(ref);
    await this.pipeline.run({ ops: [{ op: 'conversation-updated', accountId, conversationId, changes }] });
    return result;
  }

  private async thenRemove(ref: string, asked: Promise<Result<null>>): Promise<Result<null>> {
    const result = await asked;
    if (!result.ok) return result;
    const { accountId, conversationId } = parseConversationRef(ref);
    await this.pipeline.run({ ops: [{ op: 'conversation-removed', accountId, conversationId }] });
    return result;
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
    // Sending shows your message: a window reading the past (history.ts) goes back to the newest.
    await this.history.jumpToNewest(ref);
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

  /**
   * Replaces the text of one of my sent messages for everyone. Shows the server's new
   * version at once (main also reports it to every window); a refusal comes back in the
   * server's words (someone else's message, offline, ...).
   */
  async editMessage(ref: string, messageId: string, text: string): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    const result = await this.api.messages.edit({ accountId, conversationId, messageId, text });
    if (!result.ok) return result;
    await this.pipeline.run({ ops: [{ op: 'message', message: result.value }] });
    return { ok: true, value: null };
  }

  /** Deletes one of my sent messages for everyone; main reports the placeholder to every window. */
  deleteMessage(ref: string, messageId: string): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    return this.api.messages.delete({ accountId, conversationId, messageId });
  }

  /** Main's settings (badge, notifications, tray). */
  getSettings(): Promise<Result<Settings>> {
    return this.api.settings.get({});
  }

  /** Changes some settings; every window (this one too) hears `settings.changed`. */
  setSettings(changes: ArgsOf<'settings.set'>): Promise<Result<Settings>> {
    return this.api.settings.set(changes);
  }

  onSettingsChanged(listener: (settings: Settings) => void): () => void {
    return this.api.on('settings.changed', (p) => listener(p.settings));
  }

  /** A link from a message, opened by main in the system browser (or mail program) after main checks it again. */
  openLink(url: string): Promise<Result<null>> {
    return this.api.links.openExternal({ url });
  }

  /**
   * Queues a file (or image) in main's outbox: main stages it, uploads it (`upload.progress`)
   * and sends it. The queued row shows at once; a refusal (too large, a refused type) comes
   * back as the Result, before anything was uploaded.
   */
  async sendFile(ref: string, file: Omit<ArgsOf<'messages.sendFile'>, 'accountId' | 'conversationId' | 'nonce'>): Promise<Result<Message>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    const result = await this.api.messages.sendFile({ accountId, conversationId, nonce: this.nonce(), ...file });
    if (result.ok) await this.pipeline.run({ ops: [{ op: 'message', message: result.value, mode: 'queued' }] });
    return result;
  }

  /** Stops a file's upload; the message stays, failed, and can be retried. */
  cancelUpload(ref: string, nonce: string): Promise<Result<null>> {
    const { accountId, conversationId } = parseConversationRef(ref);
    return this.api.messages.cancelUpload({ accountId, conversationId, nonce });
  }

  /** Saves an attachment where the user chooses (Electron), or answers a URL for the browser to download. */
  saveFile(url: string): Promise<Result<SaveResult>> {
    return this.api.files.save({ url });
  }

  /** Upload and download progress, straight from main (not cached: it is over once the transfer is). */
  onTransferProgress(listener: (event: ParleyEvent) => void): () => void {
    return this.api.onBatch((events) => {
      for (const e of events) if (e.name === 'upload.progress' || e.name === 'download.progress' || e.name === 'message.upserted') listener(e);
    });
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
  // Visible is not enough: a window behind another one is visible but not being read.
  return typeof document === 'undefined' || (document.visibilityState === 'visible' && document.hasFocus());
}
