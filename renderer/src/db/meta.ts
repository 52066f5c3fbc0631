// Small per-device facts that belong to no table: when each account last synced.

import type { ParleyDb } from './database';

const lastSyncKey = (accountId: string) => `lastSyncedAt:${accountId}`;

export async function getLastSyncedAt(db: ParleyDb, accountId: string): Promise<number | null> {
  const row = await db.meta.get(lastSyncKey(accountId));
  return typeof row?.value === 'number' ? row.value : null;
}

export async function setLastSyncedAt(db: ParleyDb, accountId: string, at: number): Promise<void> {
  await db.meta.put({ key: lastSyncKey(accountId), value: at });
}
