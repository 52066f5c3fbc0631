// Haraj's answer shapes, as its document writes them: success `{id?, status, data, ts}`,
// failure `{id?, status, err, ts}` (the WebSocket's commands and, by Parley's decision, the
// HTTP API too), with `ts` an ISO time. One error type carries a status and a code from
// the document's vocabulary (ERR_…) to wherever it is answered.

export type HarajErrorCode =
  | 'ERR_BAD_REQUEST'
  | 'ERR_INVALID_CREDENTIALS'
  | 'ERR_INVALID_ACCESS_TOKEN'
  | 'ERR_INVALID_REFRESH_TOKEN'
  | 'ERR_FORBIDDEN_ACCESS'
  | 'ERR_NOT_FOUND'
  | 'ERR_METHOD_NOT_ALLOWED'
  | 'ERR_PAYLOAD_TOO_LARGE'
  | 'ERR_UNSUPPORTED_MEDIA_TYPE'
  | 'ERR_MISDIRECTED_REQUEST'
  | 'ERR_TOO_MANY_REQUESTS'
  | 'ERR_TOO_MANY_CONNECTIONS'
  | 'ERR_SERVER_BUSY'
  | 'ERR_SERVER_INTERNAL_ERROR';

export class HarajError extends Error {
  constructor(
    readonly status: number,
    readonly err: HarajErrorCode,
    /** For the log only: never sent (the document's errors carry no reason). */
    readonly why: string = err,
    /** e.g. Retry-After on a 429 */
    readonly headers: Record<string, string> = {},
  ) {
    super(why);
    this.name = 'HarajError';
  }
}

export const badRequest = (why: string) => new HarajError(400, 'ERR_BAD_REQUEST', why);
export const forbidden = (why: string) => new HarajError(403, 'ERR_FORBIDDEN_ACCESS', why);
export const notFound = (why: string) => new HarajError(404, 'ERR_NOT_FOUND', why);
export const invalidAccessToken = () => new HarajError(401, 'ERR_INVALID_ACCESS_TOKEN');

export type CommandId = string | number | undefined;

export interface Success {
  id?: string | number;
  status: number;
  data: unknown;
  ts: string;
}

export interface Failure {
  id?: string | number;
  status: number;
  err: HarajErrorCode;
  ts: string;
}

export function success(now: number, data: unknown, id?: CommandId, status = 200): Success {
  return { ...(id !== undefined ? { id } : {}), status, data, ts: isoTime(now) };
}

export function failure(now: number, error: HarajError, id?: CommandId): Failure {
  return { ...(id !== undefined ? { id } : {}), status: error.status, err: error.err, ts: isoTime(now) };
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
