// The Haraj front's companion HTTP API (the protocol notes: sign-in, topics, sending and reads
// go over HTTP; the WebSocket only authenticates, listens and receives). Bodies are JSON,
// answers are the document's envelope `{status, data, ts}` / `{status, err, ts}`. Signed-in
// routes take `Authorization: Bearer <access_token>`. server/PROTOCOL.md lists every route.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../main/core/logger';
import type { AbuseGuards } from '../abuse-guards';
import type { Clock } from '../clock';
import { HashGateBusyError } from '../hash-gate';
import { HttpError, readJsonBody, remoteAddress, requireJsonBodyType, sendJson } from '../http-io';
import type { HostCheck } from '../host-check';
import { retryAfterSeconds } from '../limits';
import { decoyPasswordHash, verifyPassword } from '../passwords';
import { SignInThrottledError } from '../sign-in-throttle';
import type { UserStore } from '../users';
import type { HarajHub } from './hub';
import { badRequest, failure, forbidden, HarajError, invalidAccessToken, notFound, success } from './replies';
import * as req from './requests';
import { parseTopicId, type HarajStore, type HarajUser, type StoredMessage, type Topic } from './store';
import type { HarajTokens } from './tokens';

export interface HarajHttpDeps {
  store: HarajStore;
  tokens: HarajTokens;
  hub: HarajHub;
  users: UserStore;
  guards: AbuseGuards;
  hostCheck: HostCheck;
  clock: Clock;
  log: Logger;
}

interface Call {
  method: string;
  params: string[];
  query: URLSearchParams;
  request: IncomingMessage;
  body(): Promise<unknown>;
  /** The signed-in user (or 401). */
  me(): { userId: number; sessionId: string };
}

type Handler = (call: Call) => Promise<unknown> | unknown;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

const TOPICS_MAX = 500;

export function harajHttp(deps: HarajHttpDeps): (request: IncomingMessage, response: ServerResponse) => void {
  const { store, tokens, hub, users, guards, hostCheck, clock, log } = deps;

  const userJson = (u: HarajUser) => ({ user_id: u.id, username: u.username, name: u.name });

  /** The topic, when `me` is one of its two members. */
  const topicFor = (me: number, topicId: string): Topic => {
    const members = parseTopicId(topicId);
    if (!members) throw notFound('no such topic');
    if (!members.includes(me)) throw forbidden('not a member of the topic');
    const topic = store.topic(topicId);
    if (!topic) throw notFound('no such topic');
    return topic;
  };
  const peerOf = (me: number, topic: Topic) => (topic.userA === me ? topic.userB : topic.userA);

  const summary = (me: number, topic: Topic) => {
    const peer = store.userOf(peerOf(me, topic));
    const last = store.lastMessage(topic.topicId);
    return {
      topic_id: topic.topicId,
      type: 'p2p',
      peer: peer ? userJson(peer) : { user_id: peerOf(me, topic), username: '', name: '' },
      last_message: last ? store.packet(last, me) : null,
      unread: store.unreadCount(me, topic.topicId),
      created_at: new Date(topic.createdAt).toISOString(),
    };
  };

  const signIn = async (call: Call) => {
    const { username, password } = req.parse(req.signInBody, await call.body(), 'sign-in');
    let attempt;
    try {
      attempt = guards.throttle.begin(username, remoteAddress(call.request));
    } catch (e) {
      if (!(e instanceof SignInThrottledError)) throw e;
      throw new HarajError(429, 'ERR_TOO_MANY_REQUESTS', 'sign-in throttled', { 'Retry-After': String(retryAfterSeconds(e.retryAfterMs)) });
    }
    const found = users.findForSignIn(username);
    let ok: boolean;
    try {
      // As long for an unknown user as for a wrong password.
      ok = await guards.gate.run(async () => verifyPassword(password, found?.passwordHash ?? (await decoyPasswordHash())), found?.uin ?? username.toLowerCase());
    } catch (e) {
      attempt.cancelled();
      if (e instanceof HashGateBusyError) throw new HarajError(503, 'ERR_SERVER_BUSY', 'password checks busy', { 'Retry-After': '1' });
      throw e;
    }
    if (!found || !ok) throw new HarajError(401, 'ERR_INVALID_CREDENTIALS', 'wrong username or password');
    attempt.succeeded();
    return tokens.issue(store.idFor(found.uin));
  };

  const sendMessage = async (call: Call) => {
    const { userId: me } = call.me();
    const topic = topicFor(me, call.params[0]!);
    const body = req.parse(req.messageBody, await call.body(), 'message');
    const sender = store.userOf(me);
    if (sender && guards.messages.limiter.take(sender.uin) > 0) throw new HarajError(429, 'ERR_TOO_MANY_REQUESTS', 'message quota');
    const to = peerOf(me, topic);
    const { message, created } = store.insertMessage({
      topicId: topic.topicId,
      fromId: me,
      toId: to,
      content: { type: body.content.type, payload: { text: body.content.payload.text } },
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
    });
    if (created) {
      hub.stopTypingIn(me, topic.topicId);
      // To the recipient's sockets, and to the sender's own (their other devices; with the nonce).
      hub.toUser(to, { message: store.packet(message) });
      hub.toUser(me, { message: store.packet(message, me) });
    }
    return store.packet(message, me);
  };

  const history = (call: Call) => {
    const { userId: me } = call.me();
    const topic = topicFor(me, call.params[0]!);
    const q = req.parse(req.historyQuery, Object.fromEntries(call.query), 'history query');
    const rows: StoredMessage[] = store.history(topic.topicId, q.before_seq ?? Number.MAX_SAFE_INTEGER, q.limit ?? req.PAGE_DEFAULT);
    return { topic_id: topic.topicId, messages: rows.map((m) => store.packet(m, me)) };
  };

  const reads = async (call: Call) => {
    const { userId: me } = call.me();
    const topic = topicFor(me, call.params[0]!);
    const body = req.parse(req.readsBody, await call.body(), 'reads');
    const changed = store.markRead(me, topic.topicId, body.seq_ids ?? [], body.up_to_seq);
    const ts = new Date(clock()).toISOString();
    // The sender hears it; so do the reader's other devices (their unread counts drop).
    for (let i = 0; i < changed.length; i += req.READS_MAX) {
      const packet = { reads: { from_id: me, topic_id: topic.topicId, seq_ids: changed.slice(i, i + req.READS_MAX), ts } };
      hub.toUser(peerOf(me, topic), packet);
      hub.toUser(me, packet);
    }
    return { topic_id: topic.topicId, seq_ids: changed };
  };

  const routes: Route[] = [
    {
      pattern: /^\/chat\/sessions$/,
      methods: {
        POST: signIn,
        DELETE: (c) => {
          const { userId, sessionId } = c.me();
          tokens.revoke(sessionId);
          hub.endSession(userId, sessionId);
          return {};
        },
      },
    },
    {
      pattern: /^\/chat\/sessions\/refresh$/,
      methods: {
        POST: async (c) => {
          const { refresh_token } = req.parse(req.refreshBody, await c.body(), 'refresh');
          const pair = tokens.refresh(refresh_token);
          if (!pair) throw new HarajError(401, 'ERR_INVALID_REFRESH_TOKEN');
          return pair;
        },
      },
    },
    {
      pattern: /^\/chat\/users$/,
      methods: {
        GET: (c) => {
          const { userId: me } = c.me();
          const { q } = req.parse(req.usersQuery, Object.fromEntries(c.query), 'users query');
          const self = store.userOf(me);
          return { users: users.search(q, self?.uin ?? '0').map((u) => userJson(store.toUser(store.idFor(u.uin), u))) };
        },
      },
    },
    {
      pattern: /^\/chat\/users\/([^/]{1,32})$/,
      methods: {
        GET: (c) => {
          c.me();
          const id = /^[1-9]\d{0,14}$/.test(c.params[0]!) ? Number(c.params[0]) : NaN;
          const user = store.userOf(id);
          if (!user) throw notFound('no such user');
          return userJson(user);
        },
      },
    },
    {
      pattern: /^\/chat\/topics$/,
      methods: {
        POST: async (c) => {
          const { userId: me } = c.me();
          const { peer_id } = req.parse(req.topicBody, await c.body(), 'topic');
          if (peer_id === me) throw badRequest('a topic with oneself');
          if (!store.userOf(peer_id)) throw notFound('no such user');
          return summary(me, store.openTopic(me, peer_id));
        },
        GET: (c) => {
          const { userId: me } = c.me();
          return { topics: store.topicsOf(me, TOPICS_MAX).map((t) => summary(me, t)) };
        },
      },
    },
    { pattern: /^\/chat\/topics\/([^/]{1,64})$/, methods: { GET: (c) => summary(c.me().userId, topicFor(c.me().userId, c.params[0]!)) } },
    { pattern: /^\/chat\/topics\/([^/]{1,64})\/messages$/, methods: { POST: sendMessage, GET: history } },
    { pattern: /^\/chat\/topics\/([^/]{1,64})\/reads$/, methods: { POST: reads } },
    {
      pattern: /^\/chat\/topics\/([^/]{1,64})\/typing$/,
      methods: {
        POST: async (c) => {
          const { userId: me } = c.me();
          const topic = topicFor(me, c.params[0]!);
          const { typing } = req.parse(req.typingBody, await c.body(), 'typing');
          hub.setTyping(me, peerOf(me, topic), topic.topicId, typing);
          return { topic_id: topic.topicId, typing };
        },
      },
    },
  ];

  const bearer = (request: IncomingMessage): string | undefined => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]{1,512})$/i.exec(header) : null;
    return match?.[1];
  };

  const answer = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    sendJson(response, status, body, headers);

  return (request, response) => {
    void (async () => {
      try {
        if (!hostCheck.allows(request.headers.host)) throw new HarajError(request.headers.host === undefined ? 400 : 421, request.headers.host === undefined ? 'ERR_BAD_REQUEST' : 'ERR_MISDIRECTED_REQUEST');
        const url = URL.parse(request.url ?? '/', 'http://haraj.invalid');
        if (!url) throw badRequest('the request target is not a URL');
        const route = routes.find((r) => r.pattern.test(url.pathname));
        if (!route) throw notFound('no such route');
        const method = request.method ?? 'GET';
        const handler = Object.prototype.hasOwnProperty.call(route.methods, method) ? route.methods[method] : undefined;
        if (!handler) throw new HarajError(405, 'ERR_METHOD_NOT_ALLOWED', 'method', { Allow: Object.keys(route.methods).join(', ') });
        const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map((p) => {
          try {
            return decodeURIComponent(p);
          } catch {
            throw badRequest('a path segment is not valid percent-encoding');
          }
        });
        const call: Call = {
          method,
          params,
          query: url.searchParams,
          request,
          body: async () => {
            try {
              requireJsonBodyType(request);
              return await readJsonBody(request);
            } catch (e) {
              if (!(e instanceof HttpError)) throw e;
              if (e.status === 413) throw new HarajError(413, 'ERR_PAYLOAD_TOO_LARGE', e.reason);
              if (e.status === 415) throw new HarajError(415, 'ERR_UNSUPPORTED_MEDIA_TYPE', e.reason);
              throw badRequest(e.reason);
            }
          },
          me: () => {
            const found = tokens.verifyAccess(bearer(request));
            if (!found) throw invalidAccessToken();
            return found;
          },
        };
        const data = await handler(call);
        answer(response, 200, success(clock(), data, undefined, 200));
      } catch (e) {
        if (e instanceof HarajError) {
          log.debug('haraj request refused', { status: e.status, err: e.err, why: e.why });
          return answer(response, e.status, failure(clock(), e), { ...e.headers, ...(e.status === 413 ? { Connection: 'close' } : {}) });
        }
        log.error('haraj route failed', { error: e instanceof Error ? e.message : String(e) });
        answer(response, 500, failure(clock(), new HarajError(500, 'ERR_SERVER_INTERNAL_ERROR')));
      }
    })();
  };
}
