// A first start in the browser host asks for its list's first rows over plain HTTP
// (main/webhost/first-screen-route.ts): one request on a connection the page already holds,
// where the IPC WebSocket first needs a handshake of its own (50–90 ms of a cold start on two
// cores, bench B1) and then two round trips, the session's and the list's. The answer only
// paints the rows shown before React (app/sidebar/early-rows.ts); the client asks again on
// the socket, where the events that follow an answer come after it.
//
// Anything but a well-formed answer is no answer (null): the rows then come from the socket's
// early answers, as they would without this request.

import { ACCESS_KEY_HEADER, FIRST_SCREEN_PATH, type FirstPages } from '../contract';

export async function firstScreenOverHttp(key: string | null, limit: number, fetchFn: typeof fetch = fetch): Promise<FirstPages | null> {
  if (!key) return null;
  try {
    const res = await fetchFn(`${FIRST_SCREEN_PATH}?limit=${limit}`, {
      method: 'POST',
      headers: { [ACCESS_KEY_HEADER]: key },
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!res.ok) return null;
    const body: unknown = await res.json();
    return isFirstPages(body) ? body : null;
  } catch {
    // The host is down or answered something unreadable: the socket's answers will do.
    return null;
  }
}

/** The shape early-rows.ts reads; the rows' own fields are the contract's, as on the socket. */
export function isFirstPages(value: unknown): value is FirstPages {
  if (!isObject(value) || !isObject(value.session) || !Array.isArray(value.pages)) return false;
  const { accounts, protocols } = value.session;
  if (!Array.isArray(accounts) || !Array.isArray(protocols)) return false;
  if (!accounts.every((a) => isObject(a) && isObject(a.account) && typeof a.account.id === 'string')) return false;
  return value.pages.every((p) => isObject(p) && typeof p.accountId === 'string' && Array.isArray(p.items) && p.items.every(isConversationLike));
}

function isConversationLike(c: unknown): boolean {
  return isObject(c) && typeof c.id === 'string' && typeof c.accountId === 'string' && typeof c.title === 'string' && typeof c.lastActivityAt === 'number';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
