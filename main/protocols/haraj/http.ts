// The companion HTTP API as the adapter speaks it: the access token as a Bearer header, the
// document's envelope `{status, data, ts}` unwrapped (a bare body is accepted too, as another
// server may send one), and one token refresh when the access token is refused: the new pair
// is handed to `onRenewed` (the core stores it: adapter event `session-renewed`). A refresh
// token that is refused ends the session. Refreshes are single-flight: concurrent requests
// that meet an expired token wait for the same one.

import { ParleyError } from '../../../contract/errors';
import type { Logger } from '../../core/logger';
import { hostOf } from '../netalo/http';
import { tokenPairSchema } from './wire';

export const HTTP_TIMEOUT_MS = 10_000;

export interface Tokens {
  access: string;
  refresh: string;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** One request, no token logic: failures of the transport become ParleyErrors naming the server. */
export async function rawRequest(
  serverUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  opts: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const timeoutMs = opts.timeoutMs ?? HTTP_TIMEOUT_MS;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(serverUrl + path, {
      method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw transportError(e, serverUrl, timeoutMs);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw transportError(e, serverUrl, timeoutMs);
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

function transportError(e: unknown, serverUrl: string, timeoutMs: number): ParleyError {
  const host = hostOf(serverUrl);
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return new ParleyError('timeout', `The Haraj server at ${host} did not answer within ${Math.round(timeoutMs / 1000)} s`);
  }
  const cause = e instanceof Error ? (e.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return new ParleyError('unreachable', `Cannot reach the Haraj server at ${host}${code}`);
}

/** The document's `err` code of a failure answer, when there is one. */
export function errOf(answer: HttpAnswer): string | undefined {
  const err = (answer.body as { err?: unknown } | undefined)?.err;
  return typeof err === 'string' ? err.slice(0, 64) : undefined;
}

/** A success answer's `data` (the envelope), or the body itself when it has none. */
export function dataOf(answer: HttpAnswer): unknown {
  const body = answer.body as { status?: unknown; data?: unknown } | undefined;
  return body && typeof body === 'object' && 'data' in body && typeof body.status === 'number' ? body.data : body;
}

/** A refused request as the ParleyError the core understands. */
export function failureOf(answer: HttpAnswer, what: string): ParleyError {
  const err = errOf(answer) ?? `HTTP ${answer.status}`;
  switch (answer.status) {
    case 400:
    case 413:
    case 415:
      return new ParleyError('invalid-argument', `The Haraj server refused the ${what} (${err})`);
    case 401:
      return new ParleyError('session-expired', 'The Haraj session has ended: sign in again');
    case 403:
      return new ParleyError('forbidden', `The Haraj server does not allow the ${what} (${err})`);
    case 404:
      return new ParleyError('not-found', `The Haraj server does not know the ${what} (${err})`);
    case 429:
      return new ParleyError('server-error', `The Haraj server says too many requests: try again later (${err})`);
    default:
      return new ParleyError('server-error', `The ${what} failed on the Haraj server (${err})`);
  }
}

export class HarajApi {
  private refreshing: Promise<void> | null = null;
  private ended = false;

  constructor(
    private readonly serverUrl: string,
    private tokens: Tokens,
    private readonly log: Logger,
    private readonly onRenewed: (tokens: Tokens) => void,
    /** The refresh token was refused: the user must sign in again. */
    private readonly onEnded: () => void,
  ) {}

  get accessToken(): string {
    return this.tokens.access;
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  /** A signed-in request; resolves with the answer's data, or throws a ParleyError. */
  async call(method: 'GET' | 'POST' | 'DELETE', path: string, what: string, body?: unknown): Promise<unknown> {
    if (this.ended) throw new ParleyError('session-expired', 'The Haraj session has ended: sign in again');
    const used = this.tokens.access;
    let answer = await rawRequest(this.serverUrl, method, path, { token: used, ...(body !== undefined ? { body } : {}) });
    if (answer.status === 401 && errOf(answer) === 'ERR_INVALID_ACCESS_TOKEN') {
      await this.refresh(used);
      answer = await rawRequest(this.serverUrl, method, path, { token: this.tokens.access, ...(body !== undefined ? { body } : {}) });
    }
    if (answer.status !== 200) throw failureOf(answer, what);
    return dataOf(answer);
  }

  /**
   * Trades the refresh token for a new pair, unless another request already did since `stale`
   * was current. Throws 'session-expired' when the refresh token is refused (and ends the
   * session), or the transport's error when the server cannot be reached.
   */
  async refresh(stale: string): Promise<void> {
    if (this.ended) throw new ParleyError('session-expired', 'The Haraj session has ended: sign in again');
    if (this.tokens.access !== stale) return;
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const answer = await rawRequest(this.serverUrl, 'POST', '/chat/sessions/refresh', { body: { refresh_token: this.tokens.refresh } });
    if (answer.status === 401 || answer.status === 400) {
      this.log.info('the Haraj server refused the refresh token', { err: errOf(answer) });
      this.ended = true;
      this.onEnded();
      throw new ParleyError('session-expired', 'The Haraj session has ended: sign in again');
    }
    if (answer.status !== 200) throw failureOf(answer, 'token refresh');
    const parsed = tokenPairSchema.safeParse(dataOf(answer));
    if (!parsed.success) throw new ParleyError('server-error', 'The Haraj server answered the token refresh with something unreadable');
    this.tokens = { access: parsed.data.access_token, refresh: parsed.data.refresh_token };
    this.log.info('Haraj tokens renewed');
    this.onRenewed(this.tokens);
  }
}
