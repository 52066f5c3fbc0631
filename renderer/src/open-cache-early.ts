// Opens the cache's IndexedDB database from the entry, while React and Dexie are still
// downloading and compiling: the browser opens (on a first start, creates) the site's
// IndexedDB files on disk then, and Dexie's own open (start.tsx), which the conversation
// list waits for, finds them ready (bench B1: measured 20-25 ms saved with a cache, more on a
// first start). It never creates the database itself: a first start's open is turned back
// at its upgrade, and Dexie creates the database with its schema. The connection closes as
// soon as Dexie's needs a new version, and after a few seconds anyway.
//
// It also reads the conversation list's rows for the rows painted before React
// (app/sidebar/early-rows.ts), from the entry, beside the fetch of that code: a plain
// IndexedDB read that never writes, closing its connection once done.

/** db/database.ts DB_NAME (not imported: that module brings Dexie into the entry; a test checks they agree). */
export const CACHE_DB_NAME = 'parley';
const HOLD_MS = 5_000;

export function openCacheEarly(idb: IDBFactory | undefined = globalThis.indexedDB): void {
  if (!idb) return;
  try {
    const request = idb.open(CACHE_DB_NAME);
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = (event) => event.preventDefault();
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();
      setTimeout(() => db.close(), HOLD_MS);
    };
  } catch {
    // Storage off: Dexie's open reports it.
  }
}

/** Every cached conversation of these accounts, read without Dexie; none when there is no cache (a first start never creates it here). */
export function readCachedConversations<T extends { accountId: string }>(accountIds: ReadonlySet<string>, idb: IDBFactory | undefined = globalThis.indexedDB): Promise<T[]> {
  return new Promise((resolve) => {
    if (!idb) return resolve([]);
    try {
      const request = idb.open(CACHE_DB_NAME);
      request.onupgradeneeded = () => request.transaction?.abort();
      request.onerror = (event) => {
        event.preventDefault();
        resolve([]);
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => db.close();
        try {
          if (!db.objectStoreNames.contains('conversations')) throw new Error('no conversations table');
          const all = db.transaction('conversations').objectStore('conversations').getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as T[]).filter((c) => accountIds.has(c.accountId)));
          };
          all.onerror = () => {
            db.close();
            resolve([]);
          };
        } catch {
          db.close();
          resolve([]);
        }
      };
    } catch {
      resolve([]);
    }
  });
}
