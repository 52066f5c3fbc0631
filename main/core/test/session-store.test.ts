import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../logger';
import { FileSessionStore, type SessionCipher } from '../session-store';
import { fakeSession } from './fake-adapter';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();

function tempPath(): { dir: string; path: string } {
  const dir = tempDir('store');
  return { dir, path: join(dir, 'session.json') };
}

/** Reversible and visibly not plain text: enough to prove the store uses what it is given. */
const rot13Cipher: SessionCipher = {
  encrypt: (plain) => Buffer.from(plain.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 84) % 26) + 97)), 'utf8'),
  decrypt: (data) => data.toString('utf8').replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 84) % 26) + 97)),
};

describe('FileSessionStore', () => {
  it('is empty at first, keeps every account, forgets them all when the list is empty', async () => {
    const { path } = tempPath();
    const store = new FileSessionStore({ path, log: createMemoryLogger() });
    expect(await store.load()).toEqual([]);
    const two = [fakeSession(), fakeSession({ protocol: 'talker', secret: { version: 1, value: 'talker-secret' } })];
    await store.save(two);
    expect(await new FileSessionStore({ path, log: createMemoryLogger() }).load()).toEqual(two);
    await store.save([]);
    expect(await store.load()).toEqual([]);
    await store.save([]); // clearing twice is fine
  });

  it("reads Parley 0.1's single-session file (version 1, a Netalo token) as one account", async () => {
    const { path } = tempPath();
    const { secret, ...rest } = fakeSession();
    writeFileSync(path, JSON.stringify({ version: 1, session: { ...rest, token: secret.value } }));
    expect(await new FileSessionStore({ path, log: createMemoryLogger() }).load()).toEqual([fakeSession()]);
  });

  it('writes a private file atomically, leaving no temporary files', async () => {
    const { dir, path } = tempPath();
    const store = new FileSessionStore({ path, log: createMemoryLogger() });
    await Promise.all([store.save([fakeSession({ username: 'a1' })]), store.save([fakeSession({ username: 'b2' })])]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['session.json']);
    expect((await store.load())[0]?.username).toBe('b2');
  });

  it('encrypts with the cipher it is given', async () => {
    const { path } = tempPath();
    const store = new FileSessionStore({ path, log: createMemoryLogger(), cipher: rot13Cipher });
    await store.save([fakeSession()]);
    expect(readFileSync(path, 'utf8')).not.toContain('alice');
    expect(await store.load()).toEqual([fakeSession()]);
  });

  it('works with an async cipher (Electron 45: safeStorage.encryptStringAsync), reading what a sync one wrote', async () => {
    const { path } = tempPath();
    const asyncCipher: SessionCipher = {
      encrypt: async (plain) => rot13Cipher.encrypt(plain),
      decrypt: async (data) => rot13Cipher.decrypt(data),
    };
    await new FileSessionStore({ path, log: createMemoryLogger(), cipher: rot13Cipher }).save([fakeSession()]);
    const store = new FileSessionStore({ path, log: createMemoryLogger(), cipher: asyncCipher });
    expect(await store.load()).toEqual([fakeSession()]);
    await store.save([fakeSession({ username: 'bob' })]);
    expect(readFileSync(path, 'utf8')).not.toContain('bob');
    expect((await store.load())[0]?.username).toBe('bob');
  });

  it('treats an encrypted file it cannot decrypt as signed out', async () => {
    const { path } = tempPath();
    await new FileSessionStore({ path, log: createMemoryLogger(), cipher: rot13Cipher }).save([fakeSession()]);
    const log = createMemoryLogger();
    expect(await new FileSessionStore({ path, log }).load()).toEqual([]);
    expect(log.lines.join('\n')).toMatch(/corrupt/);
  });

  it.each([
    ['not JSON', '{"version":1,"session":'],
    ['wrong shape', '{"version":1,"session":{"protocol":"netalo"}}'],
    ['unknown protocol', JSON.stringify({ version: 1, session: { ...fakeSession(), protocol: 'gopher' } })],
    ['future version', JSON.stringify({ version: 3, sessions: [fakeSession()] })],
    ['v1 with a v2 secret', JSON.stringify({ version: 1, session: fakeSession() })],
    ['empty', ''],
  ])('treats a corrupt file (%s) as signed out and logs it without its content', async (_name, content) => {
    const { path } = tempPath();
    writeFileSync(path, content);
    const log = createMemoryLogger();
    expect(await new FileSessionStore({ path, log }).load()).toEqual([]);
    expect(log.lines.join('\n')).toMatch(/WARN.*corrupt/);
    expect(log.lines.join('\n')).not.toContain('f'.repeat(64));
  });
});
