// register_profile_token / unregister_profile_token (server/PROTOCOL.md, Profile tokens):
// stored per (user, token) in the server's SQLite file, for the caller only.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirsForFile } from '../../main/core/test/temp-dirs';
import { DATABASE_FILE, openDatabase } from '../db';
import { MAX_TOKENS_PER_USER, ProfileTokenStore } from '../netalo/profile-token-store';
import { MAX_TOKEN_LENGTH } from '../netalo/profile-tokens';
import { online, request, signUp, startTestServer, type TestServer, type TestUser } from './support';

const tempDir = tempDirsForFile();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** What the server's database holds for the user, read from the file itself. */
function storedTokens(user: TestUser): Array<{ token: string; type: number }> {
  const db = new Database(join(server.dataDir, DATABASE_FILE), { readonly: true });
  try {
    db.defaultSafeIntegers(true);
    const rows = db.prepare('SELECT token, type FROM profile_tokens WHERE uin = ? ORDER BY token').all(BigInt(user.uin)) as Array<{ token: string; type: bigint }>;
    return rows.map((r) => ({ token: r.token, type: Number(r.type) }));
  } finally {
    db.close();
  }
}

describe('register_profile_token', () => {
  it('stores the caller’s token and acks {uin, type, token}, from an object or the document’s string', async () => {
    const user = await signUp(server.url);
    const socket = await online(server, user);
    const ack = await request(socket, 'register_profile_token', { type: 3, token: 'web-token-1' });
    expect(ack).toEqual({ result: 0, uin: user.uin, type: 3, token: 'web-token-1' });
    // The document's example, with the caller's uin put in.
    const fromDocument = await request(socket, 'register_profile_token', `{'uin': ${user.uin}, 'type': 1, 'token': 'abc'}`);
    expect(fromDocument).toEqual({ result: 0, uin: user.uin, type: 1, token: 'abc' });
    expect(storedTokens(user)).toEqual([
      { token: 'abc', type: 1 },
      { token: 'web-token-1', type: 3 },
    ]);
  });

  it('registering a token again keeps one row, with the new type', async () => {
    const user = await signUp(server.url);
    const socket = await online(server, user);
    expect((await request(socket, 'register_profile_token', { uin: user.uin, type: 2, token: 'device' })).result).toBe(0);
    expect((await request(socket, 'register_profile_token', { uin: Number(user.uin), type: '4', token: 'device' })).result).toBe(0);
    expect(storedTokens(user)).toEqual([{ token: 'device', type: 4 }]);
  });

  it('refuses another user’s uin with 4, and a bad type or token with 1, storing nothing', async () => {
    const user = await signUp(server.url);
    const other = await signUp(server.url);
    const socket = await online(server, user);
    const forged = await request(socket, 'register_profile_token', { uin: other.uin, type: 1, token: 'stolen' });
    expect(forged).toMatchObject({ result: 4, reason: expect.stringMatching(/^uin:/) });
    for (const [payload, field] of [
      [{ type: 0, token: 't' }, 'type'],
      [{ type: 5, token: 't' }, 'type'],
      [{ token: 't' }, 'type'],
      [{ type: 1 }, 'token'],
      [{ type: 1, token: '' }, 'token'],
      [{ type: 1, token: 42 }, 'token'],
      [{ type: 1, token: 'x'.repeat(MAX_TOKEN_LENGTH + 1) }, 'token'],
      [{ uin: 'me', type: 1, token: 't' }, 'uin'],
    ] as const) {
      const answer = await request(socket, 'register_profile_token', payload);
      expect(answer, JSON.stringify(payload).slice(0, 80)).toMatchObject({ result: 1, reason: expect.stringMatching(new RegExp(`^${field}:`)) });
    }
    expect(storedTokens(user)).toEqual([]);
    expect(storedTokens(other)).toEqual([]);
  });
});

describe('unregister_profile_token', () => {
  it('removes the caller’s token only, acks {uin, token}, and is not an error when repeated', async () => {
    const user = await signUp(server.url);
    const other = await signUp(server.url);
    const socket = await online(server, user);
    const otherSocket = await online(server, other);
    await request(socket, 'register_profile_token', { type: 1, token: 'shared-device' });
    await request(socket, 'register_profile_token', { type: 1, token: 'kept' });
    await request(otherSocket, 'register_profile_token', { type: 1, token: 'shared-device' });

    // The document's example (it also sends `type`, which is ignored).
    const ack = await request(socket, 'unregister_profile_token', `{'uin': ${user.uin}, 'type': 1, 'token': 'shared-device'}`);
    expect(ack).toEqual({ result: 0, uin: user.uin, token: 'shared-device' });
    expect(storedTokens(user)).toEqual([{ token: 'kept', type: 1 }]);
    expect(storedTokens(other)).toEqual([{ token: 'shared-device', type: 1 }]);

    expect(await request(socket, 'unregister_profile_token', { token: 'shared-device' })).toEqual({ result: 0, uin: user.uin, token: 'shared-device' });
    expect(await request(socket, 'unregister_profile_token', { uin: other.uin, token: 'shared-device' })).toMatchObject({ result: 4 });
    expect(storedTokens(other)).toEqual([{ token: 'shared-device', type: 1 }]);
    expect(await request(socket, 'unregister_profile_token', {})).toMatchObject({ result: 1, reason: expect.stringMatching(/^token:/) });
  });

  it('keeps tokens across a restart until they are unregistered', async () => {
    const dataDir = tempDir('tokens');
    const first = await startTestServer({ dataDir });
    const user = await signUp(first.url);
    try {
      const socket = await online(first, user);
      await request(socket, 'register_profile_token', { type: 2, token: 'survives' });
    } finally {
      await first.stop();
    }
    const db = openDatabase(dataDir);
    try {
      expect(new ProfileTokenStore(db, Date.now).list(user.uin)).toEqual([{ token: 'survives', type: 2 }]);
    } finally {
      db.close();
    }
  });
});

describe('ProfileTokenStore', () => {
  it(`keeps the ${MAX_TOKENS_PER_USER} most recently registered tokens of a user`, () => {
    const db = openDatabase(tempDir('token-store'));
    try {
      let now = 1_800_000_000_000;
      const store = new ProfileTokenStore(db, () => now);
      db.prepare("INSERT INTO users (uin, username, username_key, display_name, display_name_key, password_hash, created_at) VALUES (7, 'u', 'u', 'u', 'u', 'x', 0)").run();
      for (let i = 0; i < MAX_TOKENS_PER_USER + 5; i++) {
        now += 1;
        store.register('7', `token-${i}`, 1);
      }
      // token-0 … token-4 are gone; token-5 is the oldest left. Registered again, it is the newest.
      now += 1;
      store.register('7', 'token-5', 3);
      now += 1;
      store.register('7', 'token-new', 1); // one too many: the least recently registered (token-6) goes
      const tokens = store.list('7');
      expect(tokens).toHaveLength(MAX_TOKENS_PER_USER);
      expect(tokens.slice(0, 2)).toEqual([
        { token: 'token-new', type: 1 },
        { token: 'token-5', type: 3 },
      ]);
      const kept = new Set(tokens.map((t) => t.token));
      for (const gone of ['token-0', 'token-4', 'token-6']) expect(kept.has(gone)).toBe(false);
      expect(kept.has('token-7')).toBe(true);
    } finally {
      db.close();
    }
  });
});
