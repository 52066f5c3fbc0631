// Reading many message rows by key in a few requests. The writer reads every row a step
// can touch before it writes (by primary key, and by server ID); one request per key made
// those reads a large share of an ingest's CPU, in the page and in the browser's IndexedDB
// backend (bench B4: two reads per incoming message). New messages sit next to each other
// in both key orders (a sender's nonces, the server's growing IDs), so a run of sorted keys
// is read with ONE key-range request instead. The answer is exact: a range read with a
// limit that comes back short holds every row in the range, so each wanted key is either
// in it or known absent. When other rows crowd the range (the limit is reached), that run
// falls back to a read per key: never a wrong answer, at worst one wasted request.

import Dexie from 'dexie';
import type { StoredMessage } from './database';

/** [accountId, conversationId, key or server ID]: the primary key, or the server-ID index's key. */
export type Triple = [string, string, string];

/** Keys per range request, as the per-key reads were chunked: no single answer makes a long task. */
export const RANGE_RUN = 100;

/** Rows beyond the run's own keys a range may hold and still count as "close together". */
const RANGE_SLACK = 16;

const SEP = '\u0000';

/** Sorted runs of up to RANGE_RUN keys sharing their account and conversation (IndexedDB's order: strings by code unit, as `<`). */
function runsOf(keys: readonly Triple[]): Triple[][] {
  const groups = new Map<string, Triple[]>();
  for (const key of keys) {
    const prefix = key[0] + SEP + key[1];
    let group = groups.get(prefix);
    if (!group) groups.set(prefix, (group = []));
    group.push(key);
  }
  const runs: Triple[][] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    for (let i = 0; i < group.length; i += RANGE_RUN) runs.push(group.slice(i, i + RANGE_RUN));
  }
  return runs;
}

const allStrings = (keys: readonly Triple[]) => keys.every((k) => typeof k[0] === 'string' && typeof k[1] === 'string' && typeof k[2] === 'string');

function request<T>(req: IDBRequest<T>): Promise<T> {
  // A Dexie promise: awaiting it keeps the transaction's zone (a native one may lose it).
  return new Dexie.Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

const bound = (run: Triple[]) => IDBKeyRange.bound(run[0]!, run[run.length - 1]!);

/**
 * The rows under these primary keys, in the keys' order (undefined where there is none).
 * Per run: the keys in the range (keys only: nothing is cloned for rows not wanted), then a
 * read for each wanted key found there: none at all for new messages.
 */
export async function rowsByPrimaryKey(
  store: IDBObjectStore,
  keys: readonly Triple[],
  perKey: (chunk: Triple[]) => Promise<Array<StoredMessage | undefined>>,
): Promise<Array<StoredMessage | undefined>> {
  if (keys.length === 0) return [];
  if (!allStrings(keys)) return perKey([...keys]);
  const found = new Map<string, StoredMessage>();
  const fallback: Triple[] = [];
  await Promise.all(
    runsOf(keys).map(async (run) => {
      const [only] = run;
      if (run.length === 1 && only) {
        const row = await request(store.get(only) as IDBRequest<StoredMessage | undefined>);
        if (row) found.set(only.join(SEP), row);
        return;
      }
      const limit = run.length + RANGE_SLACK;
      const present = (await request(store.getAllKeys(bound(run), limit))) as unknown as Triple[];
      if (present.length >= limit) {
        fallback.push(...run);
        return;
      }
      const wanted = new Set(run.map((k) => k.join(SEP)));
      const hits = present.filter((k) => wanted.has(k.join(SEP)));
      const rows = await Promise.all(hits.map((k) => request(store.get(k) as IDBRequest<StoredMessage | undefined>)));
      hits.forEach((k, i) => {
        const row = rows[i];
        if (row) found.set(k.join(SEP), row);
      });
    }),
  );
  if (fallback.length > 0) {
    const rows = await perKey(fallback);
    fallback.forEach((k, i) => {
      const row = rows[i];
      if (row) found.set(k.join(SEP), row);
    });
  }
  return keys.map((k) => found.get(k.join(SEP)));
}

/**
 * Every row whose [accountId, conversationId, id] is one of these keys of the server-ID
 * index (the rows themselves: an index's keys-only read gives primary keys, not IDs).
 */
export async function rowsByServerId(
  index: IDBIndex,
  keys: readonly Triple[],
  perKey: (chunk: Triple[]) => Promise<StoredMessage[]>,
): Promise<StoredMessage[]> {
  if (keys.length === 0) return [];
  if (!allStrings(keys)) return perKey([...keys]);
  const out: StoredMessage[] = [];
  const fallback: Triple[] = [];
  await Promise.all(
    runsOf(keys).map(async (run) => {
      const limit = run.length + RANGE_SLACK;
      const rows = (await request(index.getAll(bound(run), limit))) as StoredMessage[];
      if (rows.length >= limit) {
        fallback.push(...run);
        return;
      }
      const wanted = new Set(run.map((k) => k[2]));
      for (const row of rows) if (row.id !== undefined && wanted.has(row.id)) out.push(row);
    }),
  );
  if (fallback.length > 0) out.push(...(await perKey(fallback)));
  return out;
}
