// The browser host as its tests start it: a core with the fake adapter (data under `base`)
// and a web host on a free loopback port serving `rendererDir`, whose files each test writes.
import { join } from 'node:path';
import { ParleyCore } from '../../core/core';
import { createMemoryLogger } from '../../core/logger';
import { MemorySessionStore } from '../../core/session-store';
import { fakeAdapterFactory, type FakeAdapterFactory } from '../../core/test/fake-adapter';
import { startWebHost, type WebHost } from '../web-host';

export interface TestHost {
  core: ParleyCore;
  host: WebHost;
  /** The fake adapters' factory: a test plays the chat server through `factory.latest`. */
  factory: FakeAdapterFactory;
  /** Closes the host, then stops the core. */
  stop(): Promise<void>;
}

export async function startTestHost(base: string, rendererDir: string): Promise<TestHost> {
  const factory = fakeAdapterFactory();
  const core = new ParleyCore({
    factories: [factory],
    sessionStore: new MemorySessionStore(),
    dataDir: join(base, 'data'),
    defaultServerUrls: { netalo: 'http://127.0.0.1:7450' },
    log: createMemoryLogger(),
    openExternal: () => undefined,
  });
  await core.start();
  const host = await startWebHost({ core, attachments: core.attachments, port: 0, host: '127.0.0.1', rendererDir, log: createMemoryLogger() });
  const stop = async () => {
    await host.close();
    await core.stop();
  };
  return { core, host, factory, stop };
}
