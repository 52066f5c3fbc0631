// The HTTP answers for requests refused by a limit (server/PROTOCOL.md, "Limits"), shared
// by the HTTP API and the talker front's routes. Each says why, and when to try again.

import { HttpError } from './http-io';
import { retryAfterSeconds } from './limits';
import type { SignInThrottledError } from './sign-in-throttle';

function retryAfter(ms: number): Record<string, string> {
  return { 'Retry-After': String(retryAfterSeconds(ms)) };
}

export function signInThrottled(e: SignInThrottledError): HttpError {
  const seconds = retryAfterSeconds(e.retryAfterMs);
  return new HttpError(429, 'too-many-attempts', `too many failed sign-ins for this ${e.scope}: try again in ${seconds} s`, retryAfter(e.retryAfterMs));
}

export function signUpsThrottled(waitMs: number): HttpError {
  const seconds = retryAfterSeconds(waitMs);
  return new HttpError(429, 'too-many-signups', `too many sign-ups from this address: try again in ${seconds} s`, retryAfter(waitMs));
}

/** The user stored as many bytes as the window allows (limits.storedBytesPerUser); Infinity: more than it ever allows at once. */
export function storedBytesThrottled(waitMs: number): HttpError {
  if (!Number.isFinite(waitMs)) return new HttpError(429, 'too-many-bytes', 'more bytes than a user may store in a day');
  const seconds = retryAfterSeconds(waitMs);
  return new HttpError(429, 'too-many-bytes', `too many bytes of files stored: try again in ${seconds} s`, retryAfter(waitMs));
}

/** The password-hashing queue is full: nothing was done, the same request can simply be sent again. */
export function hashingBusy(): HttpError {
  return new HttpError(503, 'busy', 'the server is busy checking passwords: try again in a moment', retryAfter(1000));
}
