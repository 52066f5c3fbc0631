// One signed-in account at run time: its session, its adapter and the connection state the
// user sees. The core keeps these in a map by account ID, so several accounts at once need
// no new structure, only a sign-in flow that does not replace the current one.

import { accountKey, type Account, type Capabilities, type ConnectionState } from '../../contract/domain';
import type { AdapterEvent, AdapterSession, ProtocolAdapter, ProtocolAdapterFactory } from './adapter';
import type { Logger } from './logger';

export class AccountRuntime {
  readonly account: Account;
  readonly adapter: ProtocolAdapter;
  /** 'connecting' from creation until the adapter says otherwise: a start never waits for the network. */
  state: ConnectionState = 'connecting';
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(
    readonly session: AdapterSession,
    factory: ProtocolAdapterFactory,
    log: Logger,
  ) {
    this.account = accountFromSession(session);
    this.adapter = factory.create(session, log.child(session.protocol));
  }

  get id(): string {
    return this.account.id;
  }

  get capabilities(): Capabilities {
    return this.adapter.capabilities;
  }

  /** Listen first, then connect: the adapter may report 'connecting' synchronously. */
  start(onEvent: (event: AdapterEvent) => void): void {
    if (this.closed || this.unsubscribe) return;
    this.unsubscribe = this.adapter.onEvent((event) => {
      if (!this.closed) onEvent(event);
    });
    this.adapter.connect();
  }

  /** For good: no more events reach the core, even if the adapter still has some queued. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.state = 'signed-out';
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.adapter.close();
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
