// Typed errors that cross the contract. A command never rejects across IPC: it resolves
// to a Result, so the renderer always gets a code it can switch on and a message it can show.

export const ERROR_CODES = [
  'invalid-argument', // the arguments failed the contract's schema
  'invalid-credentials', // wrong username or password
  'username-taken',
  'unreachable', // the server could not be reached at all
  'offline', // the account is not connected right now; try again when online
  'timeout', // the server did not answer in time; the request may or may not have happened
  'not-found',
  'forbidden', // not allowed: not a member, sender not trusted, ...
  'session-expired', // sign in again
  'conflict', // signed in elsewhere
  'not-signed-in',
  'unsupported', // the protocol cannot do this (see Capabilities)
  'server-error', // the server answered with a failure
  'internal', // a bug in Parley
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ParleyErrorData<C extends ErrorCode = ErrorCode> {
  code: C;
  message: string;
  /**
   * Added for issue 10 (H1): for 'invalid-argument' from the contract's schema, what is wrong
   * with which argument, as data: the renderer says it beside the field, in the user's
   * language, instead of showing `message` (developer English).
   */
  issues?: ArgumentIssue[];
}

/** Added for issue 10 (H1): one schema failure, by argument path ('username', 'attachments.0.name'). */
export interface ArgumentIssue {
  path: string;
  /** 'required': missing or empty; 'too-small' / 'too-big': shorter / longer than `limit`; 'format': the wrong shape (a pattern, a URL). */
  problem: 'required' | 'too-small' | 'too-big' | 'format' | 'invalid';
  limit?: number;
}

export type Result<T, C extends ErrorCode = ErrorCode> =
  | { ok: true; value: T }
  | { ok: false; error: ParleyErrorData<C> };

/** Thrown inside main and the adapters; turned into `{ ok: false, error }` at the contract. */
export class ParleyError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ParleyError';
  }

  toData(): ParleyErrorData {
    return { code: this.code, message: this.message };
  }
}

export function isParleyError(e: unknown): e is ParleyError {
  return e instanceof ParleyError;
}

/** Errors worth retrying later without the user's help: the request never reached a verdict. */
export function isTransient(code: ErrorCode): boolean {
  return code === 'offline' || code === 'timeout' || code === 'unreachable';
}
