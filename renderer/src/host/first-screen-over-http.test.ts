import { describe, expect, it } from 'vitest';
import { ACCESS_KEY_HEADER, FIRST_SCREEN_PATH } from '../contract';
import { firstScreenOverHttp } from './first-screen-over-http';

const conversation = { accountId: 'a1', id: 'c1', kind: 'direct', title: 'Bob', memberIds: [], createdAt: 1, lastActivityAt: 2, unreadCount: 3, muted: false, pinned: false };
const answer = {
  session: { protocols: [{ protocol: 'netalo', label: 'Netalo' }], accounts: [{ account: { id: 'a1', protocol: 'netalo', username: 'alice', userId: 'u1' }, connection: 'online' }] },
  pages: [{ accountId: 'a1', items: [conversation] }],
};

function fakeFetch(reply: () => Promise<Response> | Response) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetchFn = ((url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return Promise.resolve().then(reply);
  }) as typeof fetch;
  return { fetchFn, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('firstScreenOverHttp', () => {
  it('asks the host once, with POST and the key in a header (never the URL), and hands over its answer', async () => {
    const { fetchFn, calls } = fakeFetch(() => json(answer));
    expect(await firstScreenOverHttp('the-key', 50, fetchFn)).toEqual(answer);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${FIRST_SCREEN_PATH}?limit=50`);
    expect(calls[0]!.url).not.toContain('the-key');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', headers: { [ACCESS_KEY_HEADER]: 'the-key' }, cache: 'no-store' });
  });

  it('asks nothing without a key', async () => {
    const { fetchFn, calls } = fakeFetch(() => json(answer));
    expect(await firstScreenOverHttp(null, 50, fetchFn)).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it('is no answer when the host refuses, is down, or answers anything but the expected shape', async () => {
    const cases: Array<() => Promise<Response> | Response> = [
      () => json({ error: 'no' }, 401),
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => new Response('not json', { status: 200 }),
      () => json(null),
      () => json([]),
      () => json({ session: answer.session }),
      () => json({ ...answer, session: { accounts: 'all' } }),
      () => json({ ...answer, pages: [{ accountId: 'a1', items: [{ id: 'c1' }] }] }),
      () => json({ ...answer, pages: [{ accountId: 7, items: [] }] }),
      () => json({ ...answer, pages: [{ accountId: 'a1', items: [{ ...conversation, lastActivityAt: 'yesterday' }] }] }),
    ];
    for (const reply of cases) expect(await firstScreenOverHttp('k', 50, fakeFetch(reply).fetchFn)).toBeNull();
  });
});
