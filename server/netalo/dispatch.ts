// Runs one Netalo request: finds its handler, checks the session, calls the handler, and
// answers the ack with `{result, ...}`. The one place that turns failures into results:
// - RequestError  → its result and reason (1 invalid, 3 not found, 4 forbidden, ...);
// - anything else → result 9, logged; the handler's transaction was rolled back, so the
//   request was not carried out;
// - an unknown event → result 5.
// Nothing thrown here can reach socket.io (which would drop the connection) or the process.
// A request without an ack callback runs all the same; its failures are only logged.
// Requests of one queue turn share a commit (commit-group.ts): the ack and the pushes wait
// for it (`afterCommit`), and a failed commit answers result 9.

import type { Logger } from '../../main/core/logger';
import { killAfterCommitHook } from '../fault-injection';
import type { AfterCommit } from './commit-group';
import type { SessionStore } from '../sessions';
import type { Handler, NetaloServices, NetaloSocket, Reply } from './context';
import { LoginResult, RequestError, Result } from './results';

export interface DispatchDeps {
  handlers: Readonly<Record<string, Handler>>;
  services: NetaloServices;
  sessions: SessionStore;
  log: Logger;
  /** When what a request tells anyone may go out: after its shared commit (default: at once). */
  afterCommit?: AfterCommit;
  /** Just before a socket's ack (or login answer): pushes held for it go first (push.ts). */
  beforeAnswer?: (socket: NetaloSocket) => void;
}

type Ack = (reply: Reply) => void;

/** Event names come from the client: bound them before they go into a reason or a log line. */
function printable(event: unknown): string {
  const text = typeof event === 'string' ? event : String(event);
  return text.length > 64 ? text.slice(0, 64) + '…' : text;
}

export function createDispatcher(deps: DispatchDeps): (socket: NetaloSocket, event: unknown, args: unknown[]) => void {
  const { handlers, services, sessions, log } = deps;
  const afterCommit: AfterCommit = deps.afterCommit ?? ((task) => task(true));
  const killAfterCommit = killAfterCommitHook();

  return function dispatch(socket, event, args) {
    const started = performance.now();
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as Ack) : undefined;
    const payload = ack ? args.slice(0, -1)[0] : args[0];
    const { uin, sessionKey } = socket.data;
    const name = printable(event);

    const answer = (reply: Reply) => {
      deps.beforeAnswer?.(socket);
      const result = reply.result;
      log.debug('request', { event: name, uin, result, ms: Math.round(performance.now() - started) });
      if (ack) {
        try {
          ack(reply);
        } catch (e) {
          log.warn('ack failed', { event: name, uin, error: (e as Error).message });
        }
      } else if (result !== Result.ok) {
        log.info('request without ack failed', { event: name, uin, result, reason: reply.reason });
      }
    };

    // The session may have expired or been revoked since the socket connected.
    if (!sessions.resolveKey(sessionKey)) {
      // After the commit too: the acks of this socket's earlier requests go out first.
      afterCommit(() => {
        answer({ result: Result.sessionExpired, reason: 'the session has expired: sign in again' });
        socket.emit('login', { result: LoginResult.sessionExpired });
        socket.disconnect();
      });
      return;
    }

    const handler = typeof event === 'string' && Object.hasOwn(handlers, event) ? handlers[event] : undefined;
    if (!handler) {
      afterCommit(() => answer({ result: Result.unsupported, reason: `unsupported event "${name}"` }));
      return;
    }

    const afterAck: Array<() => void> = [];
    let reply: Reply;
    try {
      reply = { result: Result.ok, ...handler({ uin, socketId: socket.id, services, afterAck: (t) => afterAck.push(t) }, payload) };
    } catch (e) {
      afterAck.length = 0; // nothing was committed, so there is nothing to announce
      if (e instanceof RequestError) {
        reply = { result: e.result, reason: e.reason, ...e.extra };
      } else {
        log.error('request failed', { event: name, uin, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
        reply = { result: Result.internal, reason: 'internal error: the request was not carried out' };
      }
    }
    afterCommit((committed) => {
      if (!committed) {
        // The shared commit failed: nothing this request wrote was stored, and nobody hears of it.
        answer({ result: Result.internal, reason: 'internal error: the request was not carried out' });
        return;
      }
      if (reply.result === Result.ok) killAfterCommit(name);
      answer(reply);

      for (const task of afterAck) {
        try {
          task();
        } catch (e) {
          // The request itself succeeded and was acknowledged; only a push failed.
          log.error('push after request failed', { event: name, uin, error: (e as Error).message });
        }
      }
    });
  };
}
