// Answers the browser host sends unasked as soon as the page's first socket opens (`first=N`
// in the socket's URL, main/webhost/first-answers.ts): the session, then each online
// account's first page of conversations, which are the questions every start asks first
// (host/early-answers.ts). A first start in a new browser profile then waits for one trip
// from the host to the chat server after the socket opens, instead of two round trips that
// each wait for the page's main thread, busy compiling the client meanwhile (bench B1).
//
// Each answer goes to the first call with the same command and arguments, once. A call made
// before its answer arrived waits for it, as it would for the answer to a question it sent.
// An answer nobody asked for yet obeys the early answers' rule: once an event that may change
// it arrives, or TAKE_WITHIN_MS after the socket was opened, it is dropped and the call asks.
import type { Result } from '../../../contract/errors';
import type { ParleyEvent } from '../../../contract/events';
import { LEAVES_ANSWERS, TAKE_WITHIN_MS, keyOf } from './early-answers';

export interface PushedAnswers {
  /** The host's pushed answer to this call (now, or once it arrives), or null: ask the host. */
  take(command: string, args: unknown): Promise<Result<unknown>> | null;
  /** A pushed answer came in. */
  arrived(command: string, args: unknown, result: Result<unknown>): void;
  /** Events came in on the socket: an unasked answer they may have changed is dropped. */
  heard(events: readonly ParleyEvent[]): void;
  /** The socket closed: calls still waiting settle with `lost`, as asked ones do, and nothing more is pushed. */
  closed(lost: Result<unknown>): void;
}

interface SessionValue {
  accounts?: Array<{ account?: { id?: unknown }; connection?: unknown }>;
}

const argsObject = (args: unknown): object | undefined => (typeof args === 'object' && args !== null ? args : undefined);

export function createPushedAnswers(firstPage: number, now: () => number = () => Date.now()): PushedAnswers {
  const startedAt = now();
  /** What the host will still push: the session first, then the pages its answer names. */
  const expected = new Set<string>([keyOf('session.get', {})]);
  const unasked = new Map<string, Result<unknown>>();
  const waiters = new Map<string, (result: Result<unknown>) => void>();
  /** Past an event, the time limit or the socket's close, only calls already waiting get theirs. */
  let waitersOnly = false;
  let over = false;

  const forgetUnasked = () => {
    waitersOnly = true;
    expected.clear();
    unasked.clear();
  };

  return {
    take(command, args) {
      // Only these are ever pushed (and other calls' arguments may be large: a file's bytes).
      if (over || (command !== 'session.get' && command !== 'conversations.list')) return null;
      if (now() - startedAt > TAKE_WITHIN_MS) forgetUnasked();
      if (waitersOnly) return null;
      const key = keyOf(command, argsObject(args));
      const answer = unasked.get(key);
      if (answer) {
        unasked.delete(key);
        return Promise.resolve(answer);
      }
      if (!expected.has(key) || waiters.has(key)) return null;
      expected.delete(key);
      return new Promise((resolve) => waiters.set(key, resolve));
    },
    arrived(command, args, result) {
      if (over) return;
      const key = keyOf(command, argsObject(args));
      // The session says which pages follow: those of the accounts online in it.
      if (command === 'session.get' && result.ok && !waitersOnly) {
        for (const status of (result.value as SessionValue).accounts ?? []) {
          const id = status.account?.id;
          if (status.connection === 'online' && typeof id === 'string') expected.add(keyOf('conversations.list', { accountId: id, limit: firstPage }));
        }
      }
      const waiter = waiters.get(key);
      if (waiter) {
        waiters.delete(key);
        waiter(result);
      } else if (expected.delete(key)) {
        unasked.set(key, result);
      }
    },
    heard(events) {
      if (events.some((e) => !LEAVES_ANSWERS.has(e.name))) forgetUnasked();
    },
    closed(lost) {
      over = true;
      forgetUnasked();
      const waiting = [...waiters.values()];
      waiters.clear();
      for (const resolve of waiting) resolve(lost);
    },
  };
}
