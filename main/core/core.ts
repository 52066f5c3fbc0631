// Parley's host-agnostic client engine. A host (Electron, the browser host) builds one,
// calls start(), forwards untrusted commands to dispatch() and contract events from
// onEvent() to its windows. The core owns accounts and their adapters; it never touches
// the OS except through what the host injects (the session store, openExternal).

import type { SessionInfo } from '../../contract/commands';
import type { ProtocolId } from '../../contract/domain';
import { ParleyError, type Result } from '../../contract/errors';
import { AccountRuntime } from './account';
import type { AdapterEvent, AdapterSession, ProtocolAdapterFactory } from './adapter';
import { SESSION_ENDED_MESSAGES, toContractEvent } from './adapter-events';
import { createDispatcher, type CommandHandlers, type Dispatcher } from './dispatch';
import { EventHub, type ParleyEventListener } from './event-hub';
import { EXTERNAL_PROTOCOLS } from './external-links';
import type { Logger } from './logger';
import type { SessionStore } from './session-store';

export interface ParleyCoreOptions {
  /** Every protocol this build can speak; the first one signs new accounts in. */
  factories: readonly ProtocolAdapterFactory[];
  sessionStore: SessionStore;
  /** Prefill for the sign-in screen. */
  defaultServerUrl: string;
  log: Logger;
  /** Host-specific (Electron's shell, the browser host's launcher); called with http(s) URLs only. */
  openExternal: (url: string) => Promise<void> | void;
}

/** What a host needs from the core, and all it gets. */
export interface HostedCore {
  dispatch(command: unknown, rawArgs: unknown): Promise<Result<unknown>>;
  onEvent(listener: ParleyEventListener): () => void;
}

export class ParleyCore implements HostedCore {
  /** By account ID. One entry for now; the structures already allow several. */
  private readonly accounts = new Map<string, AccountRuntime>();
  private readonly events: EventHub;
  private readonly dispatcher: Dispatcher;
  private readonly log: Logger;
  /** Commands wait for the saved session to be read (disk only), never for the network. */
  private restored: Promise<void> | null = null;
  /** Sign-in, sign-out and an ended session change the same state: one at a time. */
  private sessionQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: ParleyCoreOptions) {
    this.log = opts.log.child('core');
    this.events = new EventHub(this.log);
    this.dispatcher = createDispatcher(this.handlers(), this.log.child('dispatch'));
  }

  /** Restores the saved session, if any, and starts connecting in the background. */
  start(): Promise<void> {
    this.restored ??= this.restoreSavedSession();
    return this.restored;
  }

  /** Closes every adapter; the saved session stays for the next start. */
  stop(): void {
    for (const runtime of this.accounts.values()) runtime.close();
    this.accounts.clear();
  }

  async dispatch(command: unknown, rawArgs: unknown): Promise<Result<unknown>> {
    await this.restored;
    return this.dispatcher.dispatch(command, rawArgs);
  }

  onEvent(listener: ParleyEventListener): () => void {
    return this.events.on(listener);
  }

  // --- sessions ---------------------------------------------------------------------------

  private async restoreSavedSession(): Promise<void> {
    let session: AdapterSession | null;
    try {
      session = await this.opts.sessionStore.load();
    } catch (e) {
      this.log.error('could not load the saved session; starting signed out', { error: describe(e) });
      return;
    }
    if (!session) return;
    const factory = this.factoryFor(session.protocol);
    if (!factory) {
      this.log.warn('saved session is for a protocol this build cannot speak', { protocol: session.protocol });
      return;
    }
    try {
      this.addAccount(new AccountRuntime(session, factory, this.opts.log));
      this.log.info('restored saved session', { protocol: session.protocol });
    } catch (e) {
      this.log.error('could not restore the saved session', { error: describe(e) });
    }
  }

  private async signIn(obtain: (factory: ProtocolAdapterFactory) => Promise<AdapterSession>): Promise<SessionInfo> {
    const factory = this.signInFactory();
    // The network part runs outside the queue: a slow server must not hold up a sign-out.
    const session = await obtain(factory);
    return this.serialise(async () => {
      const runtime = new AccountRuntime(session, factory, this.opts.log);
      // One account at a time for now: a new sign-in replaces the current one.
      for (const previous of [...this.accounts.values()]) this.removeAccount(previous);
      try {
        await this.opts.sessionStore.save(session);
      } catch (e) {
        // Signed in for this run anyway; the user signs in again after a restart.
        this.log.error('could not save the session', { error: describe(e) });
      }
      this.addAccount(runtime);
      this.log.info('signed in', { protocol: session.protocol });
      return this.sessionInfo();
    });
  }

  private signOut(): Promise<null> {
    return this.serialise(async () => {
      for (const runtime of [...this.accounts.values()]) this.removeAccount(runtime);
      await this.clearSavedSession();
      this.events.emit('session.changed', { accountId: null, capabilities: null });
      this.log.info('signed out');
      return null;
    });
  }

  /** Registers the account, tells the renderer, then connects (so its events follow this one). */
  private addAccount(runtime: AccountRuntime): void {
    this.accounts.set(runtime.id, runtime);
    this.events.emit('session.changed', { accountId: runtime.id, capabilities: runtime.capabilities });
    runtime.start((event) => this.onAdapterEvent(runtime, event));
  }

  private removeAccount(runtime: AccountRuntime): void {
    if (this.accounts.get(runtime.id) === runtime) this.accounts.delete(runtime.id);
    runtime.close();
  }

  private onAdapterEvent(runtime: AccountRuntime, event: AdapterEvent): void {
    // An adapter replaced or closed meanwhile speaks for nobody.
    if (this.accounts.get(runtime.id) !== runtime) return;
    switch (event.type) {
      case 'connection':
        runtime.state = event.state;
        this.events.emit('connection.changed', {
          accountId: runtime.id,
          state: event.state,
          ...(event.detail !== undefined ? { detail: event.detail } : {}),
        });
        return;
      case 'session-ended':
        this.endSession(runtime, event.reason);
        return;
      default: {
        const contractEvent = toContractEvent(runtime.id, event);
        if (contractEvent) this.events.publish(contractEvent);
        else this.log.debug('adapter event has no contract event yet; dropped', { type: event.type });
      }
    }
  }

  /** The server ended the session (expired, or taken over elsewhere): forget it, say why. */
  private endSession(runtime: AccountRuntime, reason: 'expired' | 'conflict'): void {
    this.removeAccount(runtime);
    this.log.info('session ended by the server', { reason });
    this.events.emit('connection.changed', { accountId: runtime.id, state: 'signed-out' });
    this.events.emit('session.ended', { accountId: runtime.id, reason, message: SESSION_ENDED_MESSAGES[reason] });
    // Queued, so a sign-in that follows quickly saves its session after this removal, not before.
    void this.serialise(() => this.clearSavedSession());
  }

  private async clearSavedSession(): Promise<void> {
    try {
      await this.opts.sessionStore.clear();
    } catch (e) {
      this.log.error('could not clear the saved session', { error: describe(e) });
    }
  }

  private serialise<T>(job: () => Promise<T>): Promise<T> {
    const run = this.sessionQueue.then(job);
    this.sessionQueue = run.catch(() => undefined);
    return run;
  }

  private sessionInfo(): SessionInfo {
    const runtime = this.primaryAccount();
    return {
      defaultServerUrl: this.opts.defaultServerUrl,
      account: runtime?.account ?? null,
      connection: runtime?.state ?? 'signed-out',
      capabilities: runtime?.capabilities ?? null,
    };
  }

  /** The account session.get reports: the only one, for now. */
  private primaryAccount(): AccountRuntime | undefined {
    return this.accounts.values().next().value;
  }

  private requireAccount(accountId: string): AccountRuntime {
    const runtime = this.accounts.get(accountId);
    if (!runtime) throw new ParleyError('not-signed-in', 'That account is not signed in. Please sign in again.');
    return runtime;
  }

  private factoryFor(protocol: ProtocolId): ProtocolAdapterFactory | undefined {
    return this.opts.factories.find((f) => f.protocol === protocol);
  }

  private signInFactory(): ProtocolAdapterFactory {
    const factory = this.opts.factories[0];
    if (!factory) throw new Error('no protocol adapters are registered');
    return factory;
  }

  // --- command handlers -------------------------------------------------------------------

  private handlers(): CommandHandlers {
    return {
      'session.get': async () => this.sessionInfo(),
      'session.signIn': (args) => this.signIn((factory) => factory.signIn(args)),
      'session.signUp': (args) =>
        this.signIn((factory) => {
          if (!factory.capabilities.signUp || !factory.signUp) {
            throw new ParleyError('unsupported', 'This server does not let you create an account from Parley.');
          }
          return factory.signUp(args);
        }),
      'session.signOut': () => this.signOut(),

      'conversations.list': async ({ accountId, cursor, limit }) => {
        const page = await this.requireAccount(accountId).adapter.listConversations({
          limit,
          ...(cursor !== undefined ? { cursor } : {}),
        });
        return { ...page, items: page.items.map((c) => ({ ...c, accountId })) };
      },
      'conversations.openDirect': async ({ accountId, userId }) => {
        const conversation = await this.requireAccount(accountId).adapter.openDirectConversation(userId);
        return { ...conversation, accountId };
      },

      'messages.list': async ({ accountId, conversationId, before, limit }) => {
        const page = await this.requireAccount(accountId).adapter.listMessages({
          conversationId,
          limit,
          ...(before !== undefined ? { before } : {}),
        });
        return { ...page, items: page.items.map((m) => ({ ...m, accountId })) };
      },
      'messages.send': async ({ accountId, conversationId, text, nonce }) => {
        const message = await this.requireAccount(accountId).adapter.sendMessage({ conversationId, text, nonce });
        return { ...message, accountId };
      },

      'users.search': async ({ accountId, query }) => {
        const { adapter } = this.requireAccount(accountId);
        if (!adapter.capabilities.userSearch || !adapter.searchUsers) {
          throw new ParleyError('unsupported', 'This server does not support searching for people.');
        }
        return adapter.searchUsers(query);
      },
      'users.get': async ({ accountId, ids }) => this.requireAccount(accountId).adapter.getUsers(ids),

      'links.openExternal': async ({ url }) => {
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw new ParleyError('invalid-argument', 'That is not a valid link.');
        }
        if (!EXTERNAL_PROTOCOLS.has(parsed.protocol)) {
          this.log.warn('refused to open a non-web link', { protocol: parsed.protocol });
          throw new ParleyError('forbidden', 'Parley only opens web links (http and https).');
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
