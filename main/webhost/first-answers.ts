// The start's first answers, pushed to a page's socket the moment it opens, when the page
// asks for them in the socket's URL (`/ipc?secret=...&first=50`; renderer/src/host/
// pushed-answers.ts takes them): the session, then the first page of conversations of each
// account online in it. They are the questions every start asks first; pushed, a new
// browser profile's list waits for one trip to the chat server after the socket opens, not
// for two round trips through a page whose main thread is busy compiling the client (bench
// B1). Nothing is asked that the page would not ask: no `first`, no push.
//   host → client  {"type":"pushed","command":"session.get","args":{},"result":{...}}
//                  {"type":"pushed","command":"conversations.list","args":{"accountId":"...","limit":50},"result":{...}}
// The socket passed the secret and Origin checks before this runs, as for any command.
import type { IncomingMessage } from 'node:http';
import type { SessionInfo } from '../../contract/commands';
import type { Result } from '../../contract/errors';
import type { HostedCore } from '../core/core';

/** The contract's largest page (conversations.list's `limit`); a bigger ask is not a start's. */
const MAX_FIRST_PAGE = 200;

export interface PushedFrame {
  type: 'pushed';
  command: 'session.get' | 'conversations.list';
  args: object;
  result: Result<unknown>;
}

/** The page size the socket's URL asks to have pushed, or null: push nothing. */
export function firstPageAsked(req: Pick<IncomingMessage, 'url'>): number | null {
  const query = req.url?.split('?')[1];
  if (!query) return null;
  const raw = new URLSearchParams(query).get('first');
  if (raw === null || !/^[1-9][0-9]{0,2}$/.test(raw)) return null;
  const limit = Number(raw);
  return limit <= MAX_FIRST_PAGE ? limit : null;
}

/** Dispatches the first questions as the window's own calls and hands each answer to `send` as it comes. */
export async function pushFirstAnswers(core: Pick<HostedCore, 'dispatch'>, windowId: string, limit: number, send: (frame: PushedFrame) => void): Promise<void> {
  const session = await core.dispatch('session.get', {}, { windowId });
  send({ type: 'pushed', command: 'session.get', args: {}, result: session });
  if (!session.ok) return;
  const pages = (session.value as SessionInfo).accounts
    .filter((status) => status.connection === 'online')
    .map(async ({ account }) => {
      const args = { accountId: account.id, limit };
      send({ type: 'pushed', command: 'conversations.list', args, result: await core.dispatch('conversations.list', args, { windowId }) });
    });
  await Promise.all(pages);
}
