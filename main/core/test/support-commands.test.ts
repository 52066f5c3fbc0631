// Help's two commands through the core's dispatcher: the debug info says versions and counts
// and nothing that names anyone (no username, server, token), and opening the logs folder is
// the host's (the browser host has none: 'unsupported').

import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { protocolFactories } from '../../protocols/registry';
import { ParleyCore } from '../core';
import { formatDebugInfo } from '../debug-info';
import { createMemoryLogger } from '../logger';
import { FileSessionStore } from '../session-store';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();

function core(support?: ConstructorParameters<typeof ParleyCore>[0]['support']) {
  const dataDir = tempDir('support');
  return new ParleyCore({
    factories: protocolFactories,
    sessionStore: new FileSessionStore({ path: join(dataDir, 'session.json'), log: createMemoryLogger() }),
    dataDir,
    defaultServerUrls: {},
    log: createMemoryLogger(),
    openExternal: () => undefined,
    ...(support ? { support } : {}),
  });
}

describe('support.debugInfo', () => {
  it('names the version, the system, the runtimes, the protocols and the account count', async () => {
    const c = core({ kind: 'Electron', appVersion: '1.2.3', versions: { electron: '45.5.0', chrome: '142.0', node: '22.1.0' } });
    await c.start();
    const result = await c.dispatch('support.debugInfo', {});
    expect(result.ok).toBe(true);
    const text = (result as { value: string }).value;
    expect(text).toMatch(/^Parley 1\.2\.3 \(Electron\)\nOS: .+\nRuntime: electron 45\.5\.0, chrome 142\.0, node 22\.1\.0\nProtocols: netalo, .+\nAccounts: 0$/);
    await c.stop();
  });

  it('says accounts by number and connection state only, and the home folder as ~', () => {
    const text = formatDebugInfo({
      host: { kind: 'Browser host', appVersion: '0.1.0', versions: { node: '20.1.0' }, logsDir: '/home/alice/parley/logs' },
      protocols: ['netalo', 'talker'],
      accounts: 2,
      connections: { online: 1, offline: 1, connecting: 0 },
      os: { type: 'Linux', release: '6.1', arch: 'x64', platform: 'linux' },
      home: '/home/alice',
    });
    expect(text).toBe(
      'Parley 0.1.0 (Browser host)\nOS: Linux 6.1 (linux, x64)\nRuntime: node 20.1.0\nProtocols: netalo, talker\nAccounts: 2 (online 1, offline 1)\nLogs: ~/parley/logs',
    );
    expect(text).not.toContain('alice');
  });
});

describe('support.openLogsFolder', () => {
  it("is the host's to do", async () => {
    const openLogsFolder = vi.fn(async () => undefined);
    const c = core({ kind: 'Electron', appVersion: '1', versions: {}, openLogsFolder });
    expect(await c.dispatch('support.openLogsFolder', {})).toEqual({ ok: true, value: null });
    expect(openLogsFolder).toHaveBeenCalledOnce();
  });

  it("answers 'unsupported' where the host cannot open folders (the browser host)", async () => {
    const c = core({ kind: 'Browser host', appVersion: '1', versions: {} });
    const result = await c.dispatch('support.openLogsFolder', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});
