// The HTTP half of Netalo on Parley's reference server (accounts, sessions, user lookups;
// server/PROTOCOL.md). Turns every transport failure into a ParleyError naming the server.

import { ParleyError } from '../../../contract/errors';
import { errorAnswerSchema } from './schemas';
import { parseLenientJson } from './wire/lenient-json';

export const HTTP_TIMEOUT_MS = 10_000;

/**
 * What the user typed → the base URL we store and talk to. Accepts a bare host:port and the
 * document's ws:// form (its socket.io example connects to ws://host:port/data).
 */
export function normalizeServerUrl(input: string): string {
  let text = input.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ParleyError('invalid-argument', `"${input}" is not a server address`);
  }
  const scheme = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' }[url.protocol];
  if (!scheme) throw new ParleyError('invalid-argument', `"${input}" is not an http(s) server address`);
  return `${scheme}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export interface HttpAnswer {
  status: number;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
}

export async function httpJson(
  baseUrl: string,
  path: string,
  opts: { method: 'GET' | 'POST'; session?: string; body?: unknown; timeoutMs?: number },
): Promise<HttpAnswer> {
  const host = hostOf(baseUrl);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.session) headers['Session'] = opts.session;
  const timeoutMs = opts.timeoutMs ?? HTTP_TIMEOUT_MS;
  try {
    const res = await fetch(baseUrl + path, {
      method: opts.method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, body: parseBody(text) };
  } catch (e) {
    if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
      throw new ParleyError('timeout', `The server at ${host} did not answer within ${Math.round(timeoutMs / 1000)} s`);
    }
    const code = causeCode(e);
    throw new ParleyError('unreachable', `Cannot reach the server at ${host}${code ? ` (${code})` : ''}`);
  }
}

/** The server's `reason` (or `error` code) from an error answer, for the user to read. */
export function reasonOf(answer: HttpAnswer): string | undefined {
  const parsed = errorAnswerSchema.safeParse(answer.body);
  if (!parsed.success) return undefined;
  return parsed.data.reason || parsed.data.error || undefined;
}

/** Maps the failures every endpoint shares; the caller handles its own specific statuses first. */
export function httpFailure(answer: HttpAnswer, what: string): ParleyError {
  const reason = reasonOf(answer);
  if (answer.status === 401) return new ParleyError('session-expired', 'The session has expired: sign in again');
  if (answer.status === 400 || answer.status === 413) {
    return new ParleyError('invalid-argument', reason ?? `The server refused the ${what} request`);
  }
  return new ParleyError('server-error', `${what} failed: ${reason ?? `HTTP ${answer.status}`}`);
}

export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    // The reference server sends IDs as strings, but a bare uint64 must not be rounded either.
    return parseLenientJson(text);
  } catch {
    return undefined;
  }
}

function causeCode(e: unknown): string | undefined {
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
  const cause = e instanceof Error ? (e.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
