// /chat/ws: the document's WebSocket. A frame is one JSON command `{auth | listen | unlisten:
// {id, ...}}`, answered with `{id, status, data | err, ts}`; a frame that is not JSON, or
// not exactly one known command, gets the document's generic `{status: 400, err:
// ERR_BAD_REQUEST, ts}`. Until `auth` succeeds a socket receives nothing else; one that does
// not authenticate within AUTH_DEADLINE_MS is closed. Frames are bounded in size (ws closes a
// bigger one with 1009) and in rate (429 past the allowance).

import type { WebSocket } from 'ws';
import type { Logger } from '../../main/core/logger';
import type { AbuseGuards } from '../abuse-guards';
import type { Clock } from '../clock';
import { RateLimiter } from '../rate-limit';
import { sendUnlessBehind } from '../slow-readers';
import type { HarajHub, HubSocket } from './hub';
import { failure, HarajError, invalidAccessToken, success, type CommandId } from './replies';
import * as req from './requests';
import type { HarajStore } from './store';
import type { HarajTokens } from './tokens';

/** The largest frame a client may send: commands are tiny. */
export const MAX_FRAME_BYTES = 16 * 1024;
export const AUTH_DEADLINE_MS = 30_000;
/** Peers one socket may listen to at once. */
export const LISTEN_MAX = 1000;
/** Frames per socket: a burst, refilled over a minute. */
const FRAMES = { burst: 600, perMs: 60_000 };

export interface SocketDeps {
  store: HarajStore;
  tokens: HarajTokens;
  hub: HarajHub;
  guards: AbuseGuards;
  clock: Clock;
  log: Logger;
}

export function harajSockets(deps: SocketDeps) {
  const { store, tokens, hub, guards, clock, log } = deps;
  const frames = new RateLimiter(FRAMES, clock);
  let nextSocket = 0;

  return (ws: WebSocket): void => {
    const key = String(nextSocket++);
    const socket: HubSocket = {
      userId: null,
      sessionId: null,
      listening: new Set(),
      send: (packet) => sendUnlessBehind(ws, JSON.stringify(packet), guards.limits.behindPerConnection.bytes, log),
      close: (code, reason) => ws.close(code, reason),
    };
    const reply = (id: CommandId, data: unknown) => socket.send(success(clock(), data, id));
    const refuse = (id: CommandId, error: HarajError) => socket.send(failure(clock(), error, id));

    const deadline = setTimeout(() => {
      if (socket.userId === null) ws.close(1008, 'authenticate first');
    }, AUTH_DEADLINE_MS);

    const commands: Record<req.CommandName, (body: unknown, id: CommandId) => void> = {
      auth: (body, id) => {
        const { access_token } = req.parse(req.authCommand, body, 'auth');
        const found = tokens.verifyAccess(access_token);
        if (!found) throw invalidAccessToken();
        if (socket.userId !== found.userId && hub.socketsOf(found.userId) >= guards.limits.connectionsPerUser) {
          throw new HarajError(429, 'ERR_TOO_MANY_CONNECTIONS');
        }
        hub.authenticate(socket, found.userId, found.sessionId);
        clearTimeout(deadline);
        reply(id, { user_id: found.userId });
      },
      listen: (body, id) => {
        const me = signedIn();
        const { peer_id } = req.parse(req.peerCommand, body, 'listen');
        if (!store.connected(me, peer_id)) throw new HarajError(403, 'ERR_FORBIDDEN_ACCESS');
        if (!socket.listening.has(peer_id) && socket.listening.size >= LISTEN_MAX) throw new HarajError(429, 'ERR_TOO_MANY_REQUESTS');
        hub.listen(socket, peer_id);
        reply(id, { user_id: me, peer_id, is_online: hub.isOnline(peer_id) });
      },
      unlisten: (body, id) => {
        const me = signedIn();
        const { peer_id } = req.parse(req.peerCommand, body, 'unlisten');
        if (!store.connected(me, peer_id)) throw new HarajError(403, 'ERR_FORBIDDEN_ACCESS');
        hub.unlisten(socket, peer_id);
        reply(id, { user_id: me, peer_id });
      },
    };

    const signedIn = (): number => {
      if (socket.userId === null) throw invalidAccessToken();
      return socket.userId;
    };

    ws.on('message', (raw, isBinary) => {
      let id: CommandId;
      try {
        if (frames.take(key) > 0) throw new HarajError(429, 'ERR_TOO_MANY_REQUESTS');
        if (isBinary) throw new HarajError(400, 'ERR_BAD_REQUEST', 'binary frame');
        let frame: unknown;
        try {
          frame = JSON.parse(String(raw));
        } catch {
          throw new HarajError(400, 'ERR_BAD_REQUEST', 'not JSON');
        }
        const command = req.readCommand(frame);
        id = command.id;
        if ('bad' in command) throw new HarajError(400, 'ERR_BAD_REQUEST', 'not one known command');
        commands[command.name](command.body, command.id);
      } catch (e) {
        if (e instanceof HarajError) {
          log.debug('haraj command refused', { status: e.status, err: e.err, why: e.why });
          return refuse(id, e);
        }
        log.error('haraj command failed', { error: e instanceof Error ? e.message : String(e) });
        refuse(id, new HarajError(500, 'ERR_SERVER_INTERNAL_ERROR'));
      }
    });
    ws.on('close', () => {
      clearTimeout(deadline);
      hub.remove(socket);
    });
    ws.on('error', () => ws.terminate());
  };
}
