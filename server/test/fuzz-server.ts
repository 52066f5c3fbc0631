// The fuzz tests' server: a test server whose database lives in memory-backed /dev/shm where
// there is one. Every committed request is an fsync (synchronous=FULL); the fuzz tests are
// about answers, not durability, and thousands of fsyncs would be most of their run time.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StartServerOptions } from '../start-server';
import { startTestServer, type TestServer } from './support';

export async function startFuzzServer(opts: Partial<StartServerOptions> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'parley-fuzz-'));
  const server = await startTestServer({ ...opts, dataDir });
  return {
    ...server,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
