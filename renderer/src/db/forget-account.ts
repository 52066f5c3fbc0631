// "Also remove this account's messages from this device" at sign-out: every row the cache
// holds for the account (its conversations, their messages, its sync position) and its
// drafts. Runs after the sign-out, when no event of the account can write again. Other
// accounts' rows are untouched: every key of these tables starts with the account ID.

import type { ParleyDb } from './database';
import { lastSyncKey } from './meta';

/** localStorage's prefix for drafts (app/conversation/drafts.ts), then the conversation ref `${accountId}#…`. */
const DRAFT_PREFIX = 'parley.draft.v1:';

export async function forgetAccountData(db: ParleyDb, accountId: string, storage: Storage | null = browserStorage()): Promise<void> {
  // [accountId] sorts before every key of the account, [accountId, []] after all of them.
  const range = [[accountId], [accountId, []]] as const;
  await db.transaction('rw', db.conversations, db.threadMessages, db.meta, async () => {
    await db.threadMessages.where('[accountId+conversationId+key]').between(...range).delete();
    await db.conversations.where('[accountId+id]').between(...range).delete();
    await db.meta.delete(lastSyncKey(accountId));
  });
  try {
    const prefix = `${DRAFT_PREFIX}${accountId}#`;
    const keys: string[] = [];
    for (let i = 0; storage && i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) storage?.removeItem(key);
  } catch {
    // Storage unavailable: no drafts were kept either.
  }
}

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
