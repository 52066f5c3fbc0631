// The first questions every start asks the host, asked the moment the connection exists
// (main.tsx) instead of after React, the cache and the client's code have loaded and run:
// `session.get`, then the first page of conversations of each online account. Their answers
// wait here, and the client's own first call of each (sync/sync.ts) takes the waiting answer
// instead of a second round trip. A cold start then overlaps the host (and, for the
// conversation list, the chat server) with the download and compile of the client (bench B1).
//
// An answer is only handed over while it can be no older than a fresh one: once an event
// that may have changed it arrives after it was asked, it is dropped, and so is one nobody
// took within TAKE_WITHIN_MS. The client then asks afresh, as it always did.
import type { ArgsOf, EventName, FirstPages, ParleyApi, Result, SessionInfo } from '../contract';

/**
 * Events that change neither answer: badge totals (main sends one whenever a window reports
 * in, so every start hears one; a conversation's own count comes as `conversation.updated`),
 * typing, presence, settings, progress bars and calls. Any other event, or one added later,
 * drops the waiting answers.
 */
const LEAVES_ANSWERS: ReadonlySet<EventName> = new Set<EventName>([
  'unread.changed',
  'typing.changed',
  'presence.changed',
  'settings.changed',
  'upload.progress',
  'download.progress',
  'call.updated',
  'call.signal',
  'call.answerRequested',
]);

/** The page the client asks for first: CONVERSATION_PAGE_SIZE in sync/sync.ts (early-answers.test.ts checks they agree). */
export const FIRST_CONVERSATIONS_PAGE = 50;
/** A start takes its answers within a second or so; anything later asks again. */
const TAKE_WITHIN_MS = 10_000;

export interface EarlyStart {
  /** The same API, but its first `session.get` and `conversations.list` calls take the answers asked for early. */
  api: ParleyApi;
  /** The early `session.get`: main.tsx picks the screen's chunk from it. */
  session: Promise<Result<SessionInfo>>;
  /**
   * The session and each online account's first page of conversations, once all have
   * answered (pages that failed left out): the rows painted before React (sidebar/early-rows.ts).
   * Reading them here does not take them: the client still does.
   */
  firstPages: Promise<FirstPages | null>;
}

type Question = 'session.get' | 'conversations.list';

function keyOf(command: Question, args: object | undefined): string {
  const entries = Object.entries(args ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${command} ${JSON.stringify(entries)}`;
}

export function askEarly(api: ParleyApi, now: () => number = () => performance.now()): EarlyStart {
  const waiting = new Map<string, { answer: Promise<Result<unknown>>; askedAt: number }>();
  const ask = <C extends Question>(command: C, args: ArgsOf<C>, call: (args: ArgsOf<C>) => Promise<Result<unknown>>) => {
    const answer = call(args);
    waiting.set(keyOf(command, args), { answer, askedAt: now() });
    return answer;
  };
  const take = (command: Question, args: object | undefined): Promise<Result<unknown>> | null => {
    const key = keyOf(command, args);
    const found = waiting.get(key);
    waiting.delete(key);
    return found && now() - found.askedAt <= TAKE_WITHIN_MS ? found.answer : null;
  };
  // Heard before the client subscribed, an event would be lost with the answer it changed;
  // heard after, the client would apply it before that older answer.
  const stopWatching = api.onBatch((events) => {
    if (events.some((e) => !LEAVES_ANSWERS.has(e.name))) waiting.clear();
  });
  // Past TAKE_WITHIN_MS no answer can be taken: forget them and leave every later batch alone.
  setTimeout(() => {
    waiting.clear();
    stopWatching();
  }, TAKE_WITHIN_MS);

  const session = ask('session.get', {}, (args) => api.session.get(args)) as Promise<Result<SessionInfo>>;
  const firstPages = session.then(async (result) => {
    if (!result.ok) return null;
    const asked = [];
    for (const { account, connection } of result.value.accounts) {
      if (connection !== 'online') continue;
      const answer = ask('conversations.list', { accountId: account.id, limit: FIRST_CONVERSATIONS_PAGE }, (args) => api.conversations.list(args));
      asked.push((answer as ReturnType<ParleyApi['conversations']['list']>).then((r) => (r.ok ? { accountId: account.id, items: r.value.items } : null)));
    }
    const pages = await Promise.all(asked);
    return { session: result.value, pages: pages.filter((p) => p !== null) };
  });

  const wrapped: ParleyApi = {
    ...api,
    session: {
      ...api.session,
      get: (args) => (take('session.get', args) as ReturnType<ParleyApi['session']['get']> | null) ?? api.session.get(args),
    },
    conversations: {
      ...api.conversations,
      list: (args) => (take('conversations.list', args) as ReturnType<ParleyApi['conversations']['list']> | null) ?? api.conversations.list(args),
    },
  };
  return { api: wrapped, session, firstPages };
}
