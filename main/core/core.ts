// Parley's host-agnostic client engine. A host (Electron, the browser host) builds one,
// calls start(), forwards untrusted commands to dispatch() and contract event batches from
// onEvent() to its windows. The core owns every signed-in account, its adapter, its durable
// outbox and its unread counts, so sending and the badge work with no window open; it never
// touches the OS except through what the host injects (the session store, openExternal).

import { join } from 'node:path';
import type { Credentials, SessionInfo } from '../../contract/commands';
import type { AccountStatus, Call, CallMedia, CallSignal, ConnectionState, Conversation, NotificationRequest, ProtocolId, ProtocolInfo, Settings, SignInField } from '../../contract/domain';
import { ParleyError, type Result } from '../../contract/errors';
import { AccountRuntime } from './account';
import type { AdapterSession, ConversationData, MessageData, ProtocolAdapterFactory, SignUpDetails } from './adapter';
import { SESSION_ENDED_MESSAGES } from './adapter-events';
import { AttachmentStore } from './attachments';
import { AvatarImages } from './avatar-images';
import { createDispatcher, type CommandContext, type CommandHandlers, type Dispatcher } from './dispatch';
import { conversationCommands } from './conversation-commands';
import { messageCommands } from './message-commands';
import { fileCommands, type SaveFile } from './file-commands';
import { CallRegistry } from './calls/call-registry';
import { EventHub, type ParleyEventListener, type Scheduler } from './event-hub';
import { MESSAGE_LINK_PROTOCOLS } from './external-links';
import { followLanguageSetting } from './i18n';
import type { Logger } from './logger';
import type { WindowReport } from './notification-policy';
import { Notifier } from './notifier';
import type { SessionStore } from './session-store';
import { SettingsStore } from './settings-store';
import { startWakeWatch } from './wake-watch';
import { formatDebugInfo, type SupportHost } from './debug-info';

export interface ParleyCoreOptions {
  /** Every protocol this build can speak. */
  factories: readonly ProtocolAdapterFactory[];
  sessionStore: SessionStore;
  /** The host's private data directory: outboxes, read marks and attachments live below it. */
  dataDir: string;
  /** Prefill for the sign-in form's server field, per protocol. */
  defaultServerUrls: Partial<Record<ProtocolId, string>>;
  /** Prefill for the sign-in form's other fields, per protocol (the bundled AZStack demo app: sign-in-prefill.ts). */
  signInPrefill?: Partial<Record<ProtocolId, Partial<Record<SignInField, string>>>>;
  log: Logger;
  /** Host-specific (Electron's shell, the browser host's launcher); called with http(s) URLs only. */
  openExternal: (url: string) => Promise<void> | void;
  /** For tests: how event batches wait for the end of the turn. */
  scheduleEvents?: Scheduler;
  /**
   * How a notification main decided on is shown, and closed again (by tag). Electron shows
   * OS notifications itself; without these (the browser host) the core sends the windows
   * `notification.show` / `notification.close` events and the page shows them.
   */
  notify?: (notification: NotificationRequest) => void;
  closeNotification?: (tag: string) => void;
  /** How `files.save` saves where the user chooses (Electron); absent, the page downloads it (browser host). */
  saveFile?: SaveFile;
  /** Added for issue 10 (G): the host's versions and logs folder, for Help's "Copy debug info" and "Open logs folder". */
  support?: SupportHost;
}

/** What a host needs from the core, and all it gets. */
export interface HostedCore {
  /** `context`: which window sent the command (the host's own ID for it: a webContents, a socket). */
  dispatch(command: unknown, rawArgs: unknown, context?: CommandContext): Promise<Result<unknown>>;
  /** Each batch of events, without the states a later event of it overwrites (event-coalescing.ts). */
  onEvent(listener: ParleyEventListener): () => void;
  /** A window the host passed as a command's context is gone: the calls it held are hung up. */
  windowClosed(windowId: string): void;
}

export class ParleyCore implements HostedCore {
  /** By account ID, in the order they were added. */
  private readonly accounts = new Map<string, AccountRuntime>();
  private readonly events: EventHub;
  private readonly dispatcher: Dispatcher;
  private readonly log: Logger;
  readonly attachments: AttachmentStore;
  private readonly avatars: AvatarImages;
  /** Commands wait for the saved accounts to be read (disk only), never for the network. */
  private restored: Promise<void> | null = null;
  /** Sign-in, sign-out and an ended session change the same list: one at a time. */
  private sessionQueue: Promise<unknown> = Promise.resolve();
  private unreadScheduled = false;
  private stopWakeWatch: (() => void) | undefined;
  private readonly settingsStore: SettingsStore;
  private readonly notifier: Notifier;
  private readonly calls: CallRegistry;

  constructor(private readonly opts: ParleyCoreOptions) {
    this.log = opts.log.child('core');
    this.events = new EventHub(this.log, opts.scheduleEvents);
    this.calls = new CallRegistry({
      account: (accountId) => {
        const runtime = this.accounts.get(accountId);
        return runtime ? { id: runtime.id, userId: runtime.account.userId, adapter: runtime.adapter } : undefined;
      },
      emit: (name, payload) => this.events.emit(name, payload),
      log: this.log.child('calls'),
    });
    this.dispatcher = createDispatcher(this.handlers(), this.log.child('dispatch'));
    this.attachments = new AttachmentStore(join(opts.dataDir, 'attachments'), this.log.child('attachments'));
    // A received file the server only names is fetched, on first view, through its account.
    this.attachments.setRemoteFetcher(async (accountId, source) => {
      const adapter = this.accounts.get(accountId)?.adapter;
      if (!adapter?.fetchAttachment) throw new ParleyError('not-signed-in', 'the account of that file is not signed in');
      return adapter.fetchAttachment(source, {});
    });
    this.avatars = new AvatarImages({ store: this.attachments, log: this.log.child('avatars') });
    this.settingsStore = new SettingsStore(join(opts.dataDir, 'settings.json'), this.log.child('settings'));
    // Notifications and the tray speak the language chosen in settings (main/core/i18n.ts).
    followLanguageSetting(() => this.settingsStore.get().language);
    this.notifier = new Notifier({
      log: this.log.child('notifications'),
      settings: () => this.settingsStore.get(),
      notify: opts.notify ?? ((notification) => this.events.emit('notification.show', { notification })),
      closeNotification: opts.closeNotification ?? ((tag) => this.events.emit('notification.close', { tag })),
      myUserId: (accountId) => this.accounts.get(accountId)?.account.userId,
      userName: async (accountId, userId) => {
        const runtime = this.accounts.get(accountId);
        const [user] = runtime ? await runtime.adapter.getUsers([userId]) : [];
        return user ? user.displayName || user.username : undefined;
      },
    });
    // The notifier hears what the windows hear: conversations (titles, mute), reads, sign-outs.
    this.events.on((batch) => this.notifier.onEvents(batch));
    // So do the calls: reconnects (is the call still on?) and call lines (it is over).
    this.events.on((batch) => this.calls.onEvents(batch));
  }

  /** Restores the saved accounts and starts connecting them in the background. */
  start(): Promise<void> {
    this.stopWakeWatch ??= startWakeWatch({
      onWake: (sleptMs) => {
        this.log.info('the machine slept; checking every connection', { sleptMs });
        this.checkConnections();
      },
    });
    this.restored ??= Promise.all([this.settingsStore.load(), this.restoreSavedAccounts()]).then(() => undefined);
    return this.restored;
  }

  /** Closes every adapter; the saved accounts and their outboxes stay for the next start. */
  async stop(): Promise<void> {
    this.stopWakeWatch?.();
    this.stopWakeWatch = undefined;
    this.notifier.stop();
    // While the adapters are still open: the others hear that this user quit.
    await this.calls.stop();
    const runtimes = [...this.accounts.values()];
    this.accounts.clear();
    await Promise.all(runtimes.map((r) => r.close()));
  }

  async dispatch(command: unknown, rawArgs: unknown, context?: CommandContext): Promise<Result<unknown>> {
    await this.restored;
    return this.dispatcher.dispatch(command, rawArgs, context);
  }

  windowClosed(windowId: string): void {
    this.calls.windowClosed(windowId);
  }

  /**
   * The user answered a ringing call from an OS notification (Electron): every window hears
   * `call.answerRequested` and the one that shows it answers with `calls.answer`, since the
   * media runs in a window. Declining needs no window: `calls.answer` {accept: false}.
   */
  requestAnswer(accountId: string, callId: string, media: CallMedia): void {
    this.calls.requestAnswer(accountId, callId, media);
  }

  /** Every call main knows of (what `calls.list` answers): for the desktop's tray and power handling. */
  activeCalls(): Call[] {
    return this.calls.list();
  }

  /** For the windows and the desktop: each batch without the states it overwrites (event-coalescing.ts). */
  onEvent(listener: ParleyEventListener): () => void {
    return this.events.on(listener, { coalesce: true });
  }

  /** The badge total over every account: muted conversations left out unless the setting says otherwise. */
  unreadTotal(): number {
    let total = 0;
    for (const runtime of this.accounts.values()) total += this.accountUnread(runtime);
    return total;
  }

  private accountUnread(runtime: AccountRuntime): number {
    return runtime.unread.total({ includeMuted: this.settingsStore.get().includeMutedInBadge });
  }

  /** The user's settings as main acts on them now. */
  settings(): Settings {
    return this.settingsStore.get();
  }

  /** Changes settings (a window's dialog, or the tray's Do Not Disturb); every window hears `settings.changed`. */
  async updateSettings(changes: Partial<Settings>): Promise<Settings> {
    const { settings, changed } = await this.settingsStore.set(changes);
    if (changed.length > 0) {
      this.events.emit('settings.changed', { settings });
      if (changed.includes('includeMutedInBadge')) this.unreadChanged();
    }
    return settings;
  }

  /** Added for issue 10 (G): Help's "Copy debug info" (the Electron menu's and the settings' alike). */
  debugInfo(): string {
    const connections: Record<string, number> = {};
    for (const state of this.connectionStates()) connections[state] = (connections[state] ?? 0) + 1;
    return formatDebugInfo({
      host: this.opts.support ?? { kind: 'unknown host', appVersion: 'unknown', versions: process.versions },
      protocols: this.opts.factories.map((f) => f.protocol),
      accounts: this.accounts.size,
      connections,
    });
  }

  /** What a window shows (its `ui.report`), for the notification policy. */
  reportWindow(report: WindowReport): void {
    this.notifier.reportWindow(report);
  }

  /** The host hid or closed its window: nobody is looking, whatever the page reported last. */
  windowHidden(): void {
    this.notifier.windowHidden();
  }

  /** Asks the windows to open a conversation (a clicked notification, the tray). */
  openConversation(accountId: string, conversationId: string): void {
    this.events.emit('conversation.open', { accountId, conversationId });
  }

  /** Each signed-in account's connection, for the tray's offline image. */
  connectionStates(): ConnectionState[] {
    return [...this.accounts.values()].map((r) => r.state);
  }

  /** For tests: settles once every message counted so far has had its notification decided. */
  notificationsSettled(): Promise<void> {
    return this.notifier.idle();
  }

  /**
   * The machine woke up (Electron's powerMonitor 'resume', or the core's own clock-gap
   * watch): every account probes its connection, and a dead one is replaced at once instead
   * of after socket.io's ping timeout.
   */
  checkConnections(): void {
    for (const runtime of this.accounts.values()) runtime.checkConnection();
  }

  /** For tests: the outbox of an account, to await its drain. */
  runtime(accountId: string): AccountRuntime | undefined {
    return this.accounts.get(accountId);
  }

  // --- accounts -----------------------------------------------------------------------------

  private async restoreSavedAccounts(): Promise<void> {
    let sessions: AdapterSession[];
    try {
      sessions = await this.opts.sessionStore.load();
    } catch (e) {
      this.log.error('could not load the saved accounts; starting signed out', { error: describe(e) });
      return;
    }
    for (const session of sessions) {
      const factory = this.factoryFor(session.protocol);
      if (!factory) {
        this.log.warn('saved account is for a protocol this build cannot speak', { protocol: session.protocol });
        continue;
      }
      try {
        this.addAccount(await AccountRuntime.open(session, this.accountDeps(factory)));
        this.log.info('restored saved account', { protocol: session.protocol });
      } catch (e) {
        this.log.error('could not restore a saved account', { protocol: session.protocol, error: describe(e) });
      }
    }
  }

  private async signIn(factory: ProtocolAdapterFactory, obtain: () => Promise<AdapterSession>): Promise<AccountStatus> {
    // The network part runs outside the queue: a slow server must not hold up a sign-out.
    const session = await obtain();
    return this.serialise(async () => {
      const runtime = await AccountRuntime.open(session, this.accountDeps(factory));
      // Signing in again to an account that is signed in replaces its session; others stay.
      const previous = this.accounts.get(runtime.id);
      if (previous) {
        await this.calls.accountGone(previous.id);
        await this.removeAccount(previous);
      }
      // Saved before it connects: once the account is online, a restart finds it.
      this.accounts.set(runtime.id, runtime);
      await this.saveAccounts();
      this.addAccount(runtime);
      this.log.info('signed in', { protocol: session.protocol, accounts: this.accounts.size });
      return runtime.status();
    });
  }

  private signOut(accountId: string): Promise<null> {
    return this.serialise(async () => {
      const runtime = this.accounts.get(accountId);
      if (!runtime) return null;
      // While the adapter is still open: the server stops holding this desktop's token, and
      // the others in a call hear that this user signed out.
      await this.calls.accountGone(accountId);
      await runtime.unregisterDevice();
      await this.removeAccount(runtime);
      await runtime.discardData();
      await this.saveAccounts();
      this.events.emit('connection.changed', { accountId, state: 'signed-out' });
      this.log.info('signed out', { protocol: runtime.account.protocol, accounts: this.accounts.size });
      return null;
    });
  }

  /** Registers the account, tells the renderer, then connects (so its events follow this one). */
  private addAccount(runtime: AccountRuntime): void {
    this.accounts.set(runtime.id, runtime);
    this.announceAccounts();
    // Its counts from disk join the badge at once (a restart), before any server copy moves them.
    this.unreadChanged();
    runtime.start();
  }

  private async removeAccount(runtime: AccountRuntime): Promise<void> {
    if (this.accounts.get(runtime.id) === runtime) this.accounts.delete(runtime.id);
    await runtime.close();
    this.announceAccounts();
    this.unreadChanged();
  }

  private announceAccounts(): void {
    this.events.emit('accounts.changed', { accounts: this.statuses() });
  }

  private statuses(): AccountStatus[] {
    return [...this.accounts.values()].map((r) => r.status());
  }

  /**
   * The server ended one account's session (expired, or taken over elsewhere): forget the
   * session, say why. The other accounts are untouched, and this one's outbox stays on disk:
   * signing in again sends what it holds.
   */
  private endSession(runtime: AccountRuntime, reason: 'expired' | 'conflict'): void {
    void this.serialise(async () => {
      if (this.accounts.get(runtime.id) !== runtime) return;
      await this.calls.accountGone(runtime.id);
      await this.removeAccount(runtime);
      await this.saveAccounts();
      this.log.info('session ended by the server', { reason, protocol: runtime.account.protocol });
      this.events.emit('connection.changed', { accountId: runtime.id, state: 'signed-out' });
      this.events.emit('session.ended', { accountId: runtime.id, reason, message: SESSION_ENDED_MESSAGES[reason] });
    });
  }

  private async saveAccounts(): Promise<void> {
    try {
      await this.opts.sessionStore.save([...this.accounts.values()].map((r) => r.session));
    } catch (e) {
      // Signed in for this run anyway; the user signs in again after a restart.
      this.log.error('could not save the accounts', { error: describe(e) });
    }
  }

  private accountDeps(factory: ProtocolAdapterFactory) {
    return {
      factory,
      log: this.opts.log,
      dataDir: this.opts.dataDir,
      events: this.events,
      attachments: this.attachments,
      avatars: this.avatars,
      onSessionEnded: (runtime: AccountRuntime, reason: 'expired' | 'conflict') => this.endSession(runtime, reason),
      onSessionRenewed: () => void this.serialise(() => this.saveAccounts()),
      onUnreadChanged: () => this.unreadChanged(),
      onNewUnread: (runtime: AccountRuntime, message: MessageData) => this.notifier.onNewUnread(runtime.id, message),
      onCallSignal: (runtime: AccountRuntime, signal: CallSignal) => {
        if (this.accounts.get(runtime.id) === runtime) this.calls.onSignal(runtime.id, signal);
      },
    };
  }

  /** One `unread.changed` per turn, however many conversations changed in it. */
  private unreadChanged(): void {
    if (this.unreadScheduled) return;
    this.unreadScheduled = true;
    queueMicrotask(() => {
      this.unreadScheduled = false;
      const byAccount: Record<string, number> = {};
      for (const runtime of this.accounts.values()) byAccount[runtime.id] = this.accountUnread(runtime);
      this.events.emit('unread.changed', { total: this.unreadTotal(), byAccount });
    });
  }

  private serialise<T>(job: () => Promise<T>): Promise<T> {
    const run = this.sessionQueue.then(job);
    this.sessionQueue = run.catch(() => undefined);
    return run;
  }

  private requireAccount(accountId: string): AccountRuntime {
    const runtime = this.accounts.get(accountId);
    if (!runtime) throw new ParleyError('not-signed-in', 'That account is not signed in. Please sign in again.');
    return runtime;
  }

  private factoryFor(protocol: ProtocolId): ProtocolAdapterFactory | undefined {
    return this.opts.factories.find((f) => f.protocol === protocol);
  }

  private requireFactory(protocol: ProtocolId): ProtocolAdapterFactory {
    const factory = this.factoryFor(protocol);
    if (!factory) throw new ParleyError('unsupported', `This version of Parley cannot sign in to ${protocol} yet.`);
    return factory;
  }

  private protocolInfo(f: ProtocolAdapterFactory): ProtocolInfo {
    return {
      protocol: f.protocol,
      label: f.label,
      fields: [...f.signInFields],
      defaultServerUrl: this.opts.defaultServerUrls[f.protocol] ?? '',
      ...(this.opts.signInPrefill?.[f.protocol] ? { prefill: { ...this.opts.signInPrefill[f.protocol] } } : {}),
      capabilities: f.capabilities,
      ...(f.note ? { note: f.note } : {}),
    };
  }

  /** Server copies of conversations, with main's unread count on them. */
  private withUnread(runtime: AccountRuntime, items: readonly ConversationData[]): Conversation[] {
    // The notifier learns titles and mute state from what the windows list, too.
    for (const c of items) this.notifier.learn(runtime.id, c);
    return items.map((c) => {
      const avatarImage = runtime.avatarImageFor(c.id, c.avatarUrl);
      return { ...c, accountId: runtime.id, unreadCount: runtime.unread.onConversation(c), ...(avatarImage ? { avatarImage } : {}) };
    });
  }

  // --- command handlers -------------------------------------------------------------------

  private handlers(): CommandHandlers {
    return {
      'session.get': async (): Promise<SessionInfo> => ({
        protocols: this.opts.factories.map((f) => this.protocolInfo(f)),
        accounts: this.statuses(),
      }),
      'session.signIn': (credentials: Credentials) => {
        const factory = this.requireFactory(credentials.protocol);
        return this.signIn(factory, () => factory.signIn(credentials));
      },
      'session.signUp': ({ protocol, ...details }) => {
        const factory = this.requireFactory(protocol);
        const signUp = factory.signUp?.bind(factory);
        if (!factory.capabilities.signUp || !signUp) {
          throw new ParleyError('unsupported', `Accounts for ${factory.label} cannot be created from Parley. ${factory.note ?? ''}`.trim());
        }
        return this.signIn(factory, () => signUp(details satisfies SignUpDetails));
      },
      'session.signOut': ({ accountId }) => this.signOut(accountId),

      'conversations.list': async ({ accountId, cursor, limit }) => {
        const runtime = this.requireAccount(accountId);
        const page = await runtime.adapter.listConversations({ limit, ...(cursor !== undefined ? { cursor } : {}) });
        return { ...page, items: this.withUnread(runtime, page.items) };
      },
      'conversations.openDirect': async ({ accountId, userId }) => {
        const runtime = this.requireAccount(accountId);
        const conversation = await runtime.adapter.openDirectConversation(userId);
        return this.withUnread(runtime, [conversation])[0]!;
      },
      'conversations.markRead': async ({ accountId, conversationId, upToMessageId, upToSentAt }) => {
        const runtime = this.requireAccount(accountId);
        runtime.unread.markRead(conversationId, {
          sentAt: upToSentAt ?? Date.now(),
          ...(upToMessageId !== undefined ? { id: upToMessageId } : {}),
        });
        const { adapter } = runtime;
        if (upToMessageId !== undefined && adapter.capabilities.readReceipts && adapter.markRead) {
          // The count is main's and already zero; telling the server is best effort.
          adapter.markRead({ conversationId, upToMessageId }).catch((e: unknown) =>
            this.log.info('read mark not delivered to the server', { error: describe(e) }),
          );
        }
        return null;
      },

      'messages.list': async ({ accountId, conversationId, before, limit }) => {
        const runtime = this.requireAccount(accountId);
        const { adapter } = runtime;
        if (!adapter.capabilities.history || !adapter.listMessages) {
          throw new ParleyError('unsupported', 'This server keeps no message history for Parley to load.');
        }
        const page = await adapter.listMessages({ conversationId, limit, ...(before !== undefined ? { before } : {}) });
        // My own messages without a nonce (talker, AZStack: the protocol has none) get the
        // nonce of the send they are, so the renderer shows one row, not the copy beside it.
        const matched = await Promise.all(page.items.map((m) => (m.nonce ? m : runtime.outbox.matchEcho(m, { fromHistory: true }))));
        const items = await Promise.all(
          matched.map(async ({ attachments, ...m }) => ({
            ...m,
            accountId,
            ...(attachments?.length ? { attachments: await Promise.all(attachments.map((a) => this.attachments.put(a, accountId))) } : {}),
          })),
        );
        return { ...page, items };
      },
      'messages.send': async ({ accountId, conversationId, text, nonce }) => {
        const runtime = this.requireAccount(accountId);
        if (runtime.capabilities.messaging === 'receive-only') {
          throw new ParleyError('unsupported', 'This account can only receive messages.');
        }
        return { ...(await runtime.outbox.enqueue({ conversationId, text, nonce })), accountId };
      },
      'messages.retry': async ({ accountId, conversationId, nonce }) => {
        const runtime = this.requireAccount(accountId);
        return { ...(await runtime.outbox.retry(conversationId, nonce)), accountId };
      },
      'messages.pending': async ({ accountId }) =>
        this.requireAccount(accountId)
          .outbox.pending()
          .map((m) => ({ ...m, accountId })),

      'connection.retry': async ({ accountId }) => {
        const runtimes = accountId === undefined ? [...this.accounts.values()] : [this.requireAccount(accountId)];
        for (const runtime of runtimes) runtime.reconnectNow();
        return null;
      },

      'typing.set': async ({ accountId, conversationId, typing }) => {
        const { adapter } = this.requireAccount(accountId);
        if (adapter.capabilities.typing) adapter.setTyping?.({ conversationId, typing });
        return null;
      },
      'presence.watch': async ({ accountId, userIds }) => {
        const { adapter } = this.requireAccount(accountId);
        if (adapter.capabilities.presence) adapter.watchPresence?.(userIds);
        return null;
      },

      'users.search': async ({ accountId, query }) => {
        const { adapter } = this.requireAccount(accountId);
        if (!adapter.capabilities.userSearch || !adapter.searchUsers) {
          throw new ParleyError('unsupported', 'This server does not support searching for people.');
        }
        return adapter.searchUsers(query);
      },
      'users.get': async ({ accountId, ids }) => this.requireAccount(accountId).adapter.getUsers(ids),

      // Placeholders while issue 6 lands: each is replaced by its real handler.
      ...conversationCommands((accountId) => this.requireAccount(accountId), this.log),
      ...messageCommands((accountId) => this.requireAccount(accountId)),
      // calls.*: the call registry (calls/call-registry.ts) keeps every call and its window.
      ...this.calls.commands(),
      ...fileCommands({
        requireAccount: (accountId) => this.requireAccount(accountId),
        // Read when a command runs: the store is made after the handlers.
        attachments: () => this.attachments,
        events: this.events,
        log: this.log.child('files'),
        ...(this.opts.saveFile ? { saveFile: this.opts.saveFile } : {}),
      }),
      'settings.get': async () => this.settings(),
      'settings.set': (changes) => this.updateSettings(changes),
      'ui.report': async (report) => {
        this.reportWindow(report);
        // A window reports as it starts (and when the user comes back to it): it learns the
        // badge total then, instead of waiting for the next change (the title, the tab icon).
        this.unreadChanged();
        return null;
      },

      // Added for issue 10 (G): Help. Counts and versions only (debug-info.ts).
      'support.debugInfo': async () => this.debugInfo(),
      'support.openLogsFolder': async () => {
        const open = this.opts.support?.openLogsFolder;
        if (!open) throw new ParleyError('unsupported', 'This host cannot open folders: the logs are in the folder the debug info names.');
        await open();
        return null;
      },

      'links.openExternal': async ({ url }) => {
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw new ParleyError('invalid-argument', 'That is not a valid link.');
        }
        if (!MESSAGE_LINK_PROTOCOLS.has(parsed.protocol)) {
          this.log.warn('refused to open a non-web link', { protocol: parsed.protocol });
          throw new ParleyError('forbidden', 'Parley only opens web and e-mail links (http, https and mailto).');
        }
        await this.opts.openExternal(parsed.href);
        return null;
      },
    };
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
