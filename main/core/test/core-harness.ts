// A ParleyCore with no window, for integration tests: commands go straight to dispatch,
// every event batch is recorded, and a test awaits the core's own events instead of sleeping.

import { join } from 'node:path';
import type { ParleyEvent } from '../../../contract/events';
import type { Result } from '../../../contract/errors';
import { protocolFactories } from '../../protocols/registry';
import type { ProtocolAdapterFactory } from '../adapter';
import { ParleyCore } from '../core';
import { createLogger, createMemoryLogger } from '../logger';
import { FileSessionStore } from '../session-store';

export interface CoreUnderTest {
  core: ParleyCore;
  /** Every event, in order. */
  seen: ParleyEvent[];
  /** Resolves with the first event matching `test`, seen before or after this call. */
  waitFor(test: (e: ParleyEvent) => boolean): Promise<ParleyEvent>;
  /** Resolves once `test` holds over everything seen (re-checked after each batch). */
  waitUntil(test: (seen: readonly ParleyEvent[]) => boolean): Promise<void>;
  call<T>(command: string, args: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startCore(dataDir: string, factories: readonly ProtocolAdapterFactory[] = protocolFactories): Promise<CoreUnderTest> {
  const core = new ParleyCore({
    factories,
    sessionStore: new FileSessionStore({ path: join(dataDir, 'session.json'), log: createMemoryLogger() }),
    dataDir,
    defaultServerUrls: {},
    // PARLEY_TEST_LOG=1 shows the core's log while debugging a test.
    log: process.env.PARLEY_TEST_LOG ? createLogger('core-under-test', 'debug') : createMemoryLogger(),
    openExternal: () => undefined,
  });
  const seen: ParleyEvent[] = [];
  const waiters = new Set<() => void>();
  core.onEvent((batch) => {
    seen.push(...batch);
    for (const w of [...waiters]) w();
  });
  await core.start();
  const waitUntil = (test: (all: readonly ParleyEvent[]) => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!test(seen)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return {
    core,
    seen,
    waitUntil,
    async waitFor(test) {
      await waitUntil((all) => all.some(test));
      return seen.find(test)!;
    },
    async call<T>(command: string, args: unknown): Promise<T> {
      const result = (await core.dispatch(command, args)) as Result<T>;
      if (!result.ok) throw new Error(`${command}: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    stop: () => core.stop(),
  };
}

export const isOnline = (accountId: string) => (e: ParleyEvent) =>
  e.name === 'connection.changed' && e.payload.accountId === accountId && e.payload.state === 'online';

export const isOffline = (accountId: string) => (e: ParleyEvent) =>
  e.name === 'connection.changed' && e.payload.accountId === accountId && e.payload.state === 'offline';
