// Ends a socket the moment its session expires, instead of when it next sends something:
// a client that only listens must still learn (login 2) that it has to sign in again, and
// an expired session must stop receiving pushes. Sign-out is told by the HTTP API directly
// (NetaloConnections.endSession); this covers the clock.

import type { SessionStore } from '../sessions';

/** setTimeout's longest delay (~24.8 days); a longer session re-arms on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `expired` once the session is no longer valid; the returned function stops watching. */
export function watchSessionExpiry(sessions: SessionStore, sessionKey: string, expired: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const session = sessions.resolveKey(sessionKey);
    if (!session) {
      timer = undefined;
      expired();
      return;
    }
    // Re-checked when the timer fires: the server's clock is the judge (tests move it).
    timer = setTimeout(check, Math.min(MAX_TIMER_MS, Math.max(1, sessions.msLeft(session))));
    timer.unref();
  };
  check();
  return () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}
