// Searching the cache: the conversations' names (from the store) and the text of every
// cached message (Dexie, through the multiEntry `words` index of schema version 3).
//
// A message matches when each query word begins one of its words. The index is read for
// one query word, as a key range ("pine" → every indexed word from "pine" up to
// "pine\uffff"); the other query words are checked on the rows read. With several query
// words, the rarest leads: up to PROBE_KEYS keys of each word's range are read (keys only),
// and a word with fewer gives its rows directly; when every word is common, the keys found by
// every probe do. At most `limit` matching rows are read, and at most
// `SCAN_LIMIT` rows looked at: a one-letter query on 100,000 cached messages costs about
// what a rare word does. Rows come in index order (word, then conversation), so for a very
// common word the answer is a sample, shown newest first; typing one more letter narrows it.

import { conversationRef, type Conversation } from '../contract';
import type { ParleyDb, StoredMessage } from '../db/database';
import { matchesAll, queryWords, wordsOf } from './words';

export const MESSAGE_RESULTS_LIMIT = 200;
/**
 * Rows looked at, at most, for one query: bounds the work when several query words are each
 * common but rarely together (such a query may then miss some matches; one more letter or
 * word narrows it).
 */
export const SCAN_LIMIT = 5_000;

export interface MessageSearchOptions {
  /** Only these accounts' messages (the signed-in ones); every account's when absent. */
  accountIds?: readonly string[];
  limit?: number;
  /** Rows looked at, at most (SCAN_LIMIT). */
  scanLimit?: number;
}

/** Keys read per query word, at most, to find the rarest of several. */
const PROBE_KEYS = 1_000;

const newestFirst = (a: StoredMessage, b: StoredMessage) => b.sentAt - a.sentAt || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);

/** Cached messages matching `query`, newest first; at most `limit` are read. */
export async function searchMessages(db: ParleyDb, query: string, options: MessageSearchOptions = {}): Promise<StoredMessage[]> {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const range = (word: string) => db.threadMessages.where('words').between(word, word + '\uffff', true, true);
  const accounts = options.accountIds ? new Set(options.accountIds) : null;
  const limit = options.limit ?? MESSAGE_RESULTS_LIMIT;
  const wanted = (row: StoredMessage) => !row.deleted && (!accounts || accounts.has(row.accountId)) && matchesAll(row.words ?? [], words);
  let driver = words[0]!;
  if (words.length > 1) {
    // Which word is rarest: up to PROBE_KEYS keys of each word's range (keys only, no row read).
    // A word with fewer has all its messages' keys in hand: those rows are the candidates.
    const probes = await Promise.all(words.map((w) => range(w).limit(PROBE_KEYS).primaryKeys()));
    const sizes = probes.map((keys) => keys.length);
    const rarest = sizes.indexOf(Math.min(...sizes));
    if (sizes[rarest]! < PROBE_KEYS) {
      const unique = new Map(probes[rarest]!.map((pk) => [pk.join('\u0000'), pk]));
      const rows = (await db.threadMessages.bulkGet([...unique.values()])).filter((r): r is StoredMessage => r !== undefined && wanted(r));
      return rows.sort(newestFirst).slice(0, limit);
    }
    // Every word common: the messages whose keys came up in every probe hold them all (the
    // probes read each range in key order, so they overlap): a sample, as for one common word.
    const [first, ...rest] = probes.map((keys) => keys.map((pk) => pk.join('\u0000')));
    const inAll = rest.map((keys) => new Set(keys));
    const shared = probes[0]!.filter((_pk, i) => inAll.every((set) => set.has(first![i]!)));
    if (shared.length > 0) {
      const unique = new Map(shared.map((pk) => [pk.join('\u0000'), pk]));
      const rows = (await db.threadMessages.bulkGet([...unique.values()].slice(0, limit))).filter((r): r is StoredMessage => r !== undefined && wanted(r));
      if (rows.length > 0) return rows.sort(newestFirst);
    }
    driver = words.reduce((a, b) => (b.length > a.length ? b : a));
  }
  // The driver's range is read with IndexedDB getAll (one request, no cursor step per row),
  // first as many entries as the answer needs: for one word nearly every row matches, so
  // that is the whole answer. If too few matched (other query words, deleted rows, other
  // accounts), once more up to the scan limit. A message comes twice when two of its words
  // start with the driver ("meet", "meeting"): kept once.
  const scanLimit = options.scanLimit ?? SCAN_LIMIT;
  const read = async (count: number) => {
    const rows = await range(driver).limit(count).toArray();
    const unique = new Map(rows.map((row) => [`${row.accountId}\u0000${row.conversationId}\u0000${row.key}`, row]));
    return { hits: [...unique.values()].filter(wanted), complete: rows.length < count };
  };
  const firstPage = await read(Math.min(limit, scanLimit));
  const { hits } = !firstPage.complete && firstPage.hits.length < limit && scanLimit > limit ? await read(scanLimit) : firstPage;
  return hits.slice(0, limit).sort(newestFirst);
}

/** Conversations whose name has a word beginning with each query word, in the order given. */
export function searchConversationNames(conversations: readonly Conversation[], query: string): Conversation[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  return conversations.filter((c) => matchesAll(wordsOf(c.title), words));
}

export interface ResultGroup {
  ref: string;
  /** Newest first. */
  messages: StoredMessage[];
}

/** Messages grouped by conversation; the groups ordered by their newest match. */
export function groupByConversation(messages: readonly StoredMessage[]): ResultGroup[] {
  const groups = new Map<string, ResultGroup>();
  for (const m of messages) {
    const ref = conversationRef(m.accountId, m.conversationId);
    let group = groups.get(ref);
    if (!group) groups.set(ref, (group = { ref, messages: [] }));
    group.messages.push(m);
  }
  return [...groups.values()];
}
