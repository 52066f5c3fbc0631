// The `result` codes of Netalo acks (server/PROTOCOL.md), and the error a handler throws to
// answer with one of them.

export const Result = {
  ok: 0,
  invalidRequest: 1,
  sessionExpired: 2,
  notFound: 3,
  forbidden: 4,
  unsupported: 5,
  /** A quota was reached (server/PROTOCOL.md, Limits): the ack also carries `retry_after` seconds. */
  tooMany: 6,
  /** create_call: the callee is in another call (Parley's code; the call is over at once, its line is written). */
  busy: 8,
  internal: 9,
} as const;

export type ResultCode = (typeof Result)[keyof typeof Result];

/** Login event results (pushed, not acked). */
export const LoginResult = { ok: 0, sessionExpired: 2, tooManyConnections: 6, conflict: 7 } as const;

/** Thrown by a handler: the request is answered `{result, reason}` and nothing was changed. */
export class RequestError extends Error {
  constructor(
    readonly result: Exclude<ResultCode, 0>,
    readonly reason: string,
    /** More fields for the ack, e.g. `retry_after`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(reason);
    this.name = 'RequestError';
  }
}

export const invalidRequest = (reason: string) => new RequestError(Result.invalidRequest, reason);
export const notFound = (reason: string) => new RequestError(Result.notFound, reason);
export const forbidden = (reason: string) => new RequestError(Result.forbidden, reason);
