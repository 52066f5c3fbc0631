// What an account missed while it was away, fetched on every reconnect before the outbox
// flushes: every conversation (membership, names, the server's counts; one we had that is
// no longer listed was left or lost while away), then per
// conversation every message created, edited or deleted after the position the core holds.
// Each item goes through the same path as a live push (outbox echo matching, unread counts,
// attachments, the renderer), so a resync and a push can never disagree.

import type { Id } from '../../contract/domain';
import type { ConversationData, MessageData, ProtocolAdapter } from './adapter';
import type { SyncPositions } from './sync-positions';

export interface ResyncDeps {
  adapter: ProtocolAdapter;
  positions: SyncPositions;
  onConversation(conversation: ConversationData): Promise<void> | void;
  onMessage(message: MessageData, position: string | undefined): Promise<void>;
  /** A conversation we had synced is no longer listed: we left or were removed while away. */
  onConversationGone(conversationId: Id): void;
}

export interface ResyncReport {
  conversations: number;
  messages: number;
}

const CONVERSATION_PAGE = 50;
const CONVERSATION_PAGES_MAX = 200;
const CHANGES_PAGE = 100;
/** Without a change feed, new messages are found by paging back from the newest: this far at most. */
const HISTORY_PAGE = 50;
const HISTORY_PAGES_MAX = 20;
/** Conversations resynced side by side: enough to hide round trips, few enough not to flood the server. */
const PARALLEL = 4;

export async function resyncAccount(deps: ResyncDeps): Promise<ResyncReport> {
  const { adapter } = deps;
  const conversations: ConversationData[] = [];
  let cursor: string | undefined;
  let complete = false;
  for (let page = 0; page < CONVERSATION_PAGES_MAX && !complete; page++) {
    const listed = await adapter.listConversations({ ...(cursor !== undefined ? { cursor } : {}), limit: CONVERSATION_PAGE });
    for (const c of listed.items) await deps.onConversation(c);
    conversations.push(...listed.items);
    cursor = listed.nextCursor;
    complete = cursor === undefined;
  }
  // Only a complete list proves a conversation is gone (a capped one proves nothing), and only
  // from a protocol whose list is the server's membership (one with a change feed): talker's
  // contact list, say, is not, and a wrong "gone" would delete a conversation's cache.
  if (complete && adapter.listChanges) {
    const listedIds = new Set(conversations.map((c) => c.id));
    for (const id of deps.positions.known()) if (!listedIds.has(id)) deps.onConversationGone(id);
  }
  let messages = 0;
  const queue = [...conversations];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) messages += await resyncConversation(deps, c.id);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  deps.positions.markPrimed();
  return { conversations: conversations.length, messages };
}

async function resyncConversation(deps: ResyncDeps, conversationId: Id): Promise<number> {
  const { adapter, positions } = deps;
  const held = positions.get(conversationId);
  if (held === undefined && !positions.primed) {
    // First sync after sign-in: the history is not news; start from the head.
    const head = await headPosition(adapter, conversationId);
    if (head !== undefined) positions.advance(conversationId, head);
    return 0;
  }
  // Primed but unknown: the conversation appeared while we were away, so all of it is news.
  const after = held ?? '0';
  if (adapter.listChanges) return changesAfter(deps, adapter.listChanges.bind(adapter), conversationId, after);
  return newMessagesAfter(deps, conversationId, after);
}

async function headPosition(adapter: ProtocolAdapter, conversationId: Id): Promise<string | undefined> {
  if (adapter.listChanges) return (await adapter.listChanges({ conversationId, limit: 1 })).head;
  const newest = adapter.listMessages ? (await adapter.listMessages({ conversationId, limit: 1 })).items[0] : undefined;
  return newest?.id;
}

async function changesAfter(
  deps: ResyncDeps,
  listChanges: NonNullable<ProtocolAdapter['listChanges']>,
  conversationId: Id,
  from: string,
): Promise<number> {
  let after = from;
  let count = 0;
  for (;;) {
    const page = await listChanges({ conversationId, after, limit: CHANGES_PAGE });
    for (const item of page.items) await deps.onMessage(item.message, item.position);
    count += page.items.length;
    const last = page.items.at(-1);
    if (!page.more || !last) return count;
    after = last.position;
  }
}

/** New messages only (a protocol without a change feed has no edits to miss either). */
async function newMessagesAfter(deps: ResyncDeps, conversationId: Id, after: string): Promise<number> {
  const { adapter } = deps;
  if (!adapter.listMessages) return 0;
  const found: MessageData[] = [];
  let before: string | undefined;
  for (let page = 0; page < HISTORY_PAGES_MAX; page++) {
    const listed = await adapter.listMessages({ conversationId, ...(before !== undefined ? { before } : {}), limit: HISTORY_PAGE });
    const newer = listed.items.filter((m) => m.id !== undefined && isAfter(m.id, after));
    found.push(...newer);
    if (newer.length < listed.items.length || listed.nextCursor === undefined) break;
    before = listed.nextCursor;
  }
  found.sort((a, b) => (isAfter(a.id!, b.id!) ? 1 : -1));
  for (const m of found) await deps.onMessage(m, m.id);
  return found.length;
}

function isAfter(id: string, position: string): boolean {
  return /^\d+$/.test(id) && /^\d+$/.test(position) ? BigInt(id) > BigInt(position) : false;
}
