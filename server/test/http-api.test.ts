import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, signUp, startTestServer, uniqueName, type TestServer } from './support';

let server: TestServer;
let api: string;

beforeAll(async () => {
  server = await startTestServer();
  api = `${server.url}/api/v1`;
});
afterAll(async () => {
  await server.stop();
});

describe('accounts over HTTP', () => {
  it('answers health', async () => {
    expect(await getJson(`${api}/health`)).toEqual({ status: 200, body: { ok: true } });
  });

  it('signs up: 201 with a 256-bit session, an expiry and the user, its uin a string below 2^53 (around 2^48)', async () => {
    const username = uniqueName('Signup');
    const before = Date.now();
    const answer = await postJson(`${api}/signup`, { username, password: 'long enough', display_name: '  Sign Up  ' });
    expect(answer.status).toBe(201);
    expect(answer.body.session).toMatch(/^[0-9a-f]{64}$/);
    expect(answer.body.expires_at as number).toBeGreaterThan(before);
    const user = answer.body.user as Record<string, unknown>;
    expect(user).toEqual({ uin: expect.any(String), username, display_name: 'Sign Up' });
    // As in the real system; --large-ids puts it above 2^53 (id-ranges.test.ts).
    expect(BigInt(user.uin as string) >= 2n ** 48n && BigInt(user.uin as string) < 2n ** 53n).toBe(true);
  });

  it('uses the username as display name when none is given', async () => {
    const user = await signUp(server.url);
    expect(user.displayName).toBe(user.username);
  });

  it('refuses a duplicate username in any letter case with 409 username-taken', async () => {
    const username = uniqueName('dup');
    await signUp(server.url, { username });
    const again = await postJson(`${api}/signup`, { username: username.toUpperCase(), password: 'long enough' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('username-taken');
  });

  it('refuses invalid sign-up details with 400 invalid-request and a reason', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ username: 'a', password: 'long enough' }, /username/],
      [{ username: 'has space', password: 'long enough' }, /username/],
      [{ username: uniqueName(), password: 'short' }, /password must be at least 8/],
      [{ username: uniqueName() }, /password is required/],
      [{ username: uniqueName(), password: 12345678 }, /password must be a string/],
      [{ username: uniqueName(), password: 'long enough', display_name: 'x'.repeat(129) }, /display_name/],
      [[1, 2], /JSON object/],
    ];
    for (const [body, reason] of cases) {
      const answer = await postJson(`${api}/signup`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toBe('invalid-request');
      expect(answer.body.reason).toMatch(reason);
    }
  });

  it('signs in with the right password (any username case), 401 with a wrong one or an unknown user', async () => {
    const user = await signUp(server.url, { password: 'the right one' });
    const ok = await postJson(`${api}/signin`, { username: user.username.toUpperCase(), password: 'the right one' });
    expect(ok.status).toBe(200);
    expect((ok.body.user as Record<string, unknown>).uin).toBe(user.uin);
    expect(ok.body.session).not.toBe(user.session);

    const wrong = await postJson(`${api}/signin`, { username: user.username, password: 'the wrong one' });
    expect(wrong).toEqual({ status: 401, body: { error: 'invalid-credentials', reason: expect.any(String) } });
    const unknown = await postJson(`${api}/signin`, { username: uniqueName('nobody'), password: 'whatever1' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid-credentials');
    const missing = await postJson(`${api}/signin`, { username: user.username });
    expect(missing.status).toBe(400);
  });

  it('answers bad JSON with 400 and a reason naming the position', async () => {
    const answer = await postJson(`${api}/signin`, '{"username": "x", ');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid-request');
    expect(answer.body.reason).toMatch(/not valid JSON.*position/);
    const empty = await postJson(`${api}/signin`, '');
    expect(empty.status).toBe(400);
  });

  it('refuses a body over 64 KiB with 413, and keeps serving', async () => {
    const answer = await postJson(`${api}/signup`, { username: uniqueName(), password: 'long enough', display_name: 'x'.repeat(70 * 1024) });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toBe('payload-too-large');
    expect((await getJson(`${api}/health`)).status).toBe(200);
  });

  it('answers unknown paths 404 and wrong methods 405', async () => {
    expect((await getJson(`${api}/nothing-here`)).status).toBe(404);
    const wrongMethod = await getJson(`${api}/signup`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.error).toBe('method-not-allowed');
  });

  it('signs out: the session then gets 401 session-expired', async () => {
    const user = await signUp(server.url);
    const headers = { Session: user.session };
    expect((await getJson(`${api}/users?q=zz`, headers)).status).toBe(200);
    expect(await postJson(`${api}/signout`, {}, headers)).toEqual({ status: 200, body: { ok: true } });
    expect(await getJson(`${api}/users?q=zz`, headers)).toEqual({
      status: 401,
      body: { error: 'session-expired', reason: expect.any(String) },
    });
    expect((await postJson(`${api}/signout`, {}, headers)).status).toBe(401);
  });
});

describe('users over HTTP', () => {
  it('needs a valid session', async () => {
    expect((await getJson(`${api}/users?q=a`)).body.error).toBe('session-expired');
    expect((await getJson(`${api}/users?q=a`, { Session: 'f'.repeat(64) })).status).toBe(401);
    expect((await getJson(`${api}/users?q=a`, { Session: 'not-a-token' })).status).toBe(401);
  });

  it('searches username and display name case-insensitively, never the caller, at most 20', async () => {
    const tag = uniqueName('zeb').toLowerCase();
    const me = await signUp(server.url, { username: `${tag}_me` });
    const byName = await signUp(server.url, { username: `${tag}_other` });
    const byDisplay = await signUp(server.url, { displayName: `Élodie ${tag.toUpperCase()} Durand` });
    await signUp(server.url, { displayName: 'someone else' });
    const answer = await getJson(`${api}/users?q=${encodeURIComponent(tag.toUpperCase())}`, { Session: me.session });
    expect(answer.status).toBe(200);
    const uins = (answer.body.users as Array<Record<string, unknown>>).map((u) => u.uin).sort();
    expect(uins).toEqual([byName.uin, byDisplay.uin].sort());
    const found = (answer.body.users as Array<Record<string, unknown>>).find((u) => u.uin === byDisplay.uin);
    expect(found).toEqual({ uin: byDisplay.uin, username: byDisplay.username, display_name: byDisplay.displayName });

    // Non-ASCII case folding, and LIKE wildcards taken literally.
    const accented = await getJson(`${api}/users?q=${encodeURIComponent('ÉLODIE')}`, { Session: me.session });
    expect((accented.body.users as unknown[]).length).toBe(1);
    const wildcard = await getJson(`${api}/users?q=${encodeURIComponent('%')}`, { Session: me.session });
    expect(wildcard.body.users).toEqual([]);

    const tag2 = uniqueName('many').toLowerCase();
    for (let i = 0; i < 22; i++) await signUp(server.url, { username: `${tag2}_${i}` });
    const many = await getJson(`${api}/users?q=${tag2}`, { Session: me.session });
    expect((many.body.users as unknown[]).length).toBe(20);
  }, 30_000);

  it('looks users up by uin, leaving unknown ones out', async () => {
    const me = await signUp(server.url);
    const other = await signUp(server.url, { displayName: 'Looked Up' });
    const answer = await getJson(`${api}/users?uins=${other.uin},1152921504606846977,${me.uin}`, { Session: me.session });
    expect(answer.status).toBe(200);
    expect(answer.body.users).toEqual([
      { uin: other.uin, username: other.username, display_name: 'Looked Up' },
      { uin: me.uin, username: me.username, display_name: me.displayName },
    ]);
    expect((await getJson(`${api}/users?uins=abc`, { Session: me.session })).status).toBe(400);
    expect((await getJson(`${api}/users?uins=${'1,'.repeat(201)}`, { Session: me.session })).status).toBe(400);
    expect((await getJson(`${api}/users`, { Session: me.session })).status).toBe(400);
    expect((await getJson(`${api}/users?q=`, { Session: me.session })).status).toBe(400);
  });
});
