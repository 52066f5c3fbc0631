// Opens the cache's IndexedDB database from the entry, while React and Dexie are still
// downloading and compiling: the browser opens (on a first start, creates) the site's
// IndexedDB files on disk then, and Dexie's own open (start.tsx), which the conversation
// list waits for, finds them ready (bench B1: measured 20-25 ms saved with a cache, more on a
// first start). It never creates the database itself: a first start's open is turned back
// at its upgrade, and Dexie creates the database with its schema. The connection closes as
// soon as Dexie's needs a new version, and after a few seconds anyway.

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
