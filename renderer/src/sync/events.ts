// The contract's events, subscribed once at start. Handlers run one after another (a
// chain), so a conversation's events apply in the order main sent them. Network work
// they trigger (refresh, list fetch) runs beside the chain, never inside it.

import type { EventName, EventPayload, ParleyApi } from '../contract';
import { deleteConversation } from '../db/conversations';
import { markMessageDeleted } from '../db/messages';
import { writeConversations, writeServerMessages } from '../data/writeThrough';
import type { Sync, SyncDeps } from './sync';

type Handlers = { [E in EventName]?: (payload: EventPayload<E>) => Promise<void> | void };

export interface EventSubscription {
  unsubscribe(): void;
  /** Resolves when every event received so far has been handled. */
  settled(): Promise<void>;
}

export function subscribeToEvents(api: ParleyApi, sync: Sync, deps: SyncDeps): EventSubscription {
  const { store, db, tasks } = deps;
  const mine = (accountId: string | null) => accountId !== null && accountId === store.getState().account?.id;

  const handlers: Handlers = {
    'connection.changed': ({ accountId, state, detail }) => {
      if (!mine(accountId)) return;
      store.getState().setConnection(state, detail);
      if (state === 'online') tasks.run(sync.refresh);
    },
    'session.ended': ({ accountId, message }) => {
      if (mine(accountId)) sync.endSession(message);
    },
    'session.changed': () => sync.reload(),
    'conversation.upserted': async ({ conversation }) => {
      if (mine(conversation.accountId)) await writeConversations(deps, [conversation]);
    },
    'conversation.removed': async ({ accountId, conversationId }) => {
      if (!mine(accountId)) return;
      await deleteConversation(db, accountId, conversationId);
      const s = store.getState();
      s.removeConversation(conversationId);
      if (s.openConversationId === conversationId) s.setOpenConversation(null);
    },
    'message.upserted': async ({ message }) => {
      if (!mine(message.accountId)) return;
      const { unknownConversationIds } = await writeServerMessages(deps, [message]);
      if (unknownConversationIds.length > 0) tasks.run(sync.refetchConversations);
    },
    'message.removed': async ({ accountId, messageId }) => {
      if (!mine(accountId)) return;
      const row = await markMessageDeleted(db, accountId, messageId);
      if (row) store.getState().applyMessages([row]);
    },
  };

  let chain: Promise<void> = Promise.resolve();
  const unsubscribers = (Object.keys(handlers) as EventName[]).map((event) =>
    api.on(event, (payload) => {
      const handle = handlers[event] as (p: typeof payload) => Promise<void> | void;
      const step = chain.then(() => handle(payload));
      chain = step.catch(() => undefined);
      tasks.run(() => step);
    }),
  );
  return {
    unsubscribe: () => unsubscribers.forEach((unsubscribe) => unsubscribe()),
    settled: () => chain,
  };
}
