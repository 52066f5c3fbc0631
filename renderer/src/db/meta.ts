// Small per-device facts that belong to no table: when each account last synced.

export const lastSyncKey = (accountId: string): string => `lastSyncedAt:${accountId}`;
