// Reading JSON request bodies and writing JSON answers, with the limits the API promises.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseLenientJson } from '../main/protocols/netalo/wire/lenient-json';

export const BODY_LIMIT = 64 * 1024;
/** Beyond this we stop reading an oversized body and drop the connection. */
const DRAIN_LIMIT = 1024 * 1024;

/** An answer other than success: becomes `{error, reason}` with this status (and these headers, e.g. Retry-After). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(reason);
    this.name = 'HttpError';
  }
}

/** True when the request carries a body (a declared length above 0, or a chunked one). */
export function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Throws 415 unless a request body is declared `application/json`. A browser sends a
 * cross-origin POST without asking first only when its type is text/plain, a form or
 * multipart: refusing those closes that door (CSRF) for every JSON route at once.
 */
export function requireJsonBodyType(req: IncomingMessage): void {
  if (!hasBody(req)) return;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported-media-type', 'send the body as Content-Type: application/json');
  }
}

/** The peer's address, as a throttling key ("unknown" once the socket is gone). */
export function remoteAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * The request body parsed as JSON. Throws HttpError 413 when it exceeds BODY_LIMIT and 400
 * when it is not JSON. An oversized body is still read to its end (up to DRAIN_LIMIT) before
 * we answer, because a client that is still sending when the connection closes sees a reset
 * instead of our 413.
 */
export function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: HttpError) => {
      if (!settled) reject(error);
      settled = true;
    };
    if (declared > DRAIN_LIMIT) {
      fail(new HttpError(413, 'payload-too-large', `the body must be at most ${BODY_LIMIT} bytes`));
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) {
        fail(new HttpError(413, 'payload-too-large', `the body must be at most ${BODY_LIMIT} bytes`));
        req.destroy();
      }
    });
    req.on('error', () => fail(new HttpError(400, 'invalid-request', 'the request body could not be read')));
    req.on('end', () => {
      if (settled) return;
      if (size > BODY_LIMIT) return fail(new HttpError(413, 'payload-too-large', `the body must be at most ${BODY_LIMIT} bytes`));
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return fail(new HttpError(400, 'invalid-request', 'the request needs a JSON body'));
      let value: unknown;
      try {
        value = parseLenientJson(text);
      } catch (e) {
        return fail(new HttpError(400, 'invalid-request', `the body is not valid JSON: ${(e as Error).message}`));
      }
      settled = true;
      resolve(value);
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, { error: error.code, reason: error.reason }, { ...error.headers, ...headers });
}
