// The one path by which data reaches the screen: write Dexie, then show what Dexie now
// holds. Sync and the outbox both go through here, so the store never holds a copy that
// Dexie does not.

import type { Conversation, Message } from '../contract';
import { putLatestMessage, saveConversations } from '../db/conversations';
import type { ParleyDb, StoredMessage } from '../db/database';
import { putServerMessages } from '../db/messages';
import type { ParleyStore } from '../store';

export interface DataDeps {
  db: ParleyDb;
  store: ParleyStore;
}

/** Rows just written, plus the conversations they moved to the top. */
export interface WrittenMessages {
  rows: StoredMessage[];
  /** Conversations the cache does not know: the caller should fetch the list. */
  unknownConversationIds: string[];
}

/** Shows rows written in a transaction, and the conversations they bumped. */
export function showWritten(store: ParleyStore, rows: readonly StoredMessage[], bumped: readonly Conversation[]): void {
  const s = store.getState();
  s.applyMessages(rows);
  s.upsertConversations(bumped);
}

/**
 * Bumps each row's conversation inside the caller's transaction (which must cover
 * `conversations`). Returns the bumped conversations and the IDs of unknown ones.
 */
export async function putLatestMessages(
  db: ParleyDb,
  rows: readonly StoredMessage[],
): Promise<{ bumped: Conversation[]; unknown: string[] }> {
  const bumped: Conversation[] = [];
  const unknown = new Set<string>();
  for (const row of rows) {
    const result = await putLatestMessage(db, row);
    if (!result.known) unknown.add(row.conversationId);
    else if (result.bumped) bumped.push(result.bumped);
  }
  return { bumped, unknown: [...unknown] };
}

/** Server copies of messages (events, pages, send results) into Dexie, then the store. */
export async function writeServerMessages(deps: DataDeps, messages: readonly Message[]): Promise<WrittenMessages> {
  const { db, store } = deps;
  const { rows, bumped, unknown } = await db.transaction('rw', db.messages, db.conversations, async () => {
    const rows = await putServerMessages(db, messages);
    return { rows, ...(await putLatestMessages(db, rows)) };
  });
  showWritten(store, rows, bumped);
  return { rows, unknownConversationIds: unknown };
}

export async function writeConversations(deps: DataDeps, conversations: readonly Conversation[]): Promise<void> {
  const saved = await saveConversations(deps.db, conversations);
  deps.store.getState().upsertConversations(saved);
}
