// Sign-in throttling (per account, per address, exponential back-off) and the cap on
// concurrent password hashing: the units with a hand-moved clock, then over HTTP.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashGate, HashGateBusyError, PER_ACCOUNT } from '../hash-gate';
import { DEFAULT_LIMITS } from '../limits';
import { SignInThrottle, SignInThrottledError } from '../sign-in-throttle';
import { getJson, online, postJson, request, signUp, startTestServer, uniqueName, type TestServer } from './support';

const rules = { perAccount: DEFAULT_LIMITS.signInPerAccount, perAddress: { ...DEFAULT_LIMITS.signInPerAddress, freeFailures: 8 } };

function waitOf(work: () => unknown): number {
  try {
    work();
  } catch (e) {
    if (e instanceof SignInThrottledError) return e.retryAfterMs;
    throw e;
  }
  return 0;
}

describe('SignInThrottle', () => {
  it('lets 5 failures through, then backs off 1 s, 2 s, 4 s… after the last failure', () => {
    let now = 1_000_000;
    const throttle = new SignInThrottle(rules, () => now);
    for (let i = 0; i < 5; i++) throttle.begin('alice', 'a1'); // five wrong passwords
    expect(waitOf(() => throttle.begin('ALICE', 'a2'))).toBe(1000); // any case, any address
    now += 1000;
    throttle.begin('alice', 'a2'); // the sixth, wrong again
    expect(waitOf(() => throttle.begin('alice', 'a3'))).toBe(2000);
    now += 2000;
    throttle.begin('alice', 'a3');
    expect(waitOf(() => throttle.begin('alice', 'a3'))).toBe(4000);
  });

  it('caps the wait, and forgets failures after the window', () => {
    let now = 0;
    const capped = new SignInThrottle({ ...rules, perAccount: { ...rules.perAccount, maxDelayMs: 5000 } }, () => now);
    for (let i = 0; i < 12; i++) {
      now += 10_000;
      capped.begin('carol', `y${i}`);
    }
    expect(waitOf(() => capped.begin('carol', 'z'))).toBe(5000);
    now += rules.perAccount.windowMs + 1;
    expect(waitOf(() => capped.begin('carol', 'z'))).toBe(0);
  });

  it('a success resets the account, but only takes back its own attempt at the address', () => {
    const throttle = new SignInThrottle(rules, () => 0);
    for (let i = 0; i < 4; i++) throttle.begin('dave', 'addr');
    throttle.begin('dave', 'addr').succeeded();
    for (let i = 0; i < 4; i++) throttle.begin('dave', 'addr'); // 4 more: the account starts again from 0
    // …but the address has 8 failures now: its 9th attempt must wait, whichever account.
    expect(() => throttle.begin('erin', 'addr')).toThrow(SignInThrottledError);
  });

  it('counts attempts in flight, so that a burst of guesses cannot all slip through', () => {
    const throttle = new SignInThrottle(rules, () => 0);
    const started = Array.from({ length: 5 }, () => throttle.begin('frank', `p${Math.random()}`));
    expect(() => throttle.begin('frank', 'q')).toThrow(SignInThrottledError);
    for (const attempt of started) attempt.cancelled(); // never judged (busy): they do not count
    expect(waitOf(() => throttle.begin('frank', 'q'))).toBe(0);
  });
});

describe('HashGate', () => {
  it('runs at most `concurrency` at once, queues `queue` more, refuses the rest', async () => {
    const gate = new HashGate({ concurrency: 2, queue: 1 });
    let running = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const work = () =>
      gate.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((r) => releases.push(r));
        running -= 1;
      });
    const runs = [work(), work(), work()];
    await expect(work()).rejects.toBeInstanceOf(HashGateBusyError);
    expect(releases).toHaveLength(2); // the third waits for a slot
    releases.shift()!();
    for (let i = 0; i < 20 && releases.length < 2; i++) await new Promise((r) => setImmediate(r));
    expect(releases).toHaveLength(2); // …and gets the one just freed
    releases.splice(0).forEach((r) => r());
    await Promise.all(runs);
    expect(most).toBe(2);
  });

  it('takes at most PER_ACCOUNT checks of one account at once, while other accounts still get in', async () => {
    const gate = new HashGate({ concurrency: 1, queue: 64 });
    const releases: Array<() => void> = [];
    const work = (account: string) => gate.run(() => new Promise<void>((r) => releases.push(r)), account);
    /** Ends each check as it starts, until all of `runs` are done. */
    const settle = async (runs: Array<Promise<void>>) => {
      let done = false;
      void Promise.all(runs).then(() => (done = true));
      while (!done) {
        releases.splice(0).forEach((r) => r());
        await new Promise((r) => setImmediate(r));
      }
    };
    const alices = Array.from({ length: PER_ACCOUNT }, () => work('alice'));
    await expect(work('alice')).rejects.toBeInstanceOf(HashGateBusyError);
    const bob = work('bob');
    await settle([...alices, bob]);
    // Alice's checks are over: her room is back.
    await settle([work('alice')]);
  });
});

describe('sign-in throttling over HTTP', () => {
  let now = Date.now();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: () => now, limits: { hashing: { concurrency: 1, queue: 2 } } });
  });
  afterAll(async () => {
    await server.stop();
  });
  const signIn = (username: string, password: string) => postJson(`${server.url}/api/v1/signin`, { username, password });

  it('refuses the 6th attempt after 5 failures with 429, Retry-After and a reason, even with the right password', async () => {
    const user = await signUp(server.url, { password: 'the right one' });
    for (let i = 0; i < 5; i++) expect((await signIn(user.username, `wrong ${i}`)).status).toBe(401);
    const res = await fetch(`${server.url}/api/v1/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: 'the right one' }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toEqual({ error: 'too-many-attempts', reason: 'too many failed sign-ins for this account: try again in 1 s' });

    // After the wait, one more failure doubles it.
    now += 1000;
    expect((await signIn(user.username, 'wrong again')).status).toBe(401);
    const doubled = await fetch(`${server.url}/api/v1/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: 'the right one' }),
    });
    expect(doubled.status).toBe(429);
    expect(doubled.headers.get('retry-after')).toBe('2');

    // Then the right password works, and resets the account's counter.
    now += 2000;
    expect((await signIn(user.username, 'the right one')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await signIn(user.username, `wrong ${i}`)).status).toBe(401);
    now += 60 * 60_000 + 1; // and the window forgets them
  }, 30_000);

  it('throttles an unknown username like a known one (no hint which exists)', async () => {
    const ghost = uniqueName('ghost');
    for (let i = 0; i < 5; i++) expect((await signIn(ghost, 'whatever1')).status).toBe(401);
    expect((await signIn(ghost, 'whatever1')).status).toBe(429);
    now += 60 * 60_000 + 1;
  }, 30_000);

  it('caps concurrent password checks: past the queue, 503 busy with Retry-After, and others are still served', async () => {
    const someone = await signUp(server.url);
    const watcher = await online(server, someone);
    // 20 sign-ins at once for 20 different accounts: 1 hashing, 2 waiting, the rest refused
    // (more get through only if some arrive after a hash has finished: a slow machine).
    const answers = Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const res = await fetch(`${server.url}/api/v1/signin`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: uniqueName(`flood${i}`), password: 'not-a-password' }),
        });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as unknown };
      }),
    );
    // Meanwhile the server keeps answering everything else.
    expect((await getJson(`${server.url}/api/v1/health`)).status).toBe(200);
    expect((await request(watcher, 'list_group', {})).result).toBe(0);
    const statuses = (await answers).map((a) => a.status);
    const refused = statuses.filter((s) => s === 503).length;
    expect(refused).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 401).length + refused).toBe(20);
    const busy = (await answers).find((a) => a.status === 503);
    expect(busy?.body).toEqual({ error: 'busy', reason: expect.stringMatching(/busy/) });
    expect(busy?.retryAfter).toBe('1');
    now += 60 * 60_000 + 1;
  }, 30_000);
});

describe('sign-in throttling per address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { signInPerAddress: { freeFailures: 3 } } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('backs off an address that fails on many accounts, each below its own limit', async () => {
    const users = await Promise.all([signUp(server.url), signUp(server.url), signUp(server.url), signUp(server.url)]);
    for (const u of users.slice(0, 3)) expect((await postJson(`${server.url}/api/v1/signin`, { username: u.username, password: 'wrong one' })).status).toBe(401);
    const next = await postJson(`${server.url}/api/v1/signin`, { username: users[3]!.username, password: 'correct horse' });
    expect(next).toEqual({ status: 429, body: { error: 'too-many-attempts', reason: expect.stringMatching(/for this address/) } });
  });
});
