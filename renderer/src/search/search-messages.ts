// Searching the cache: the conversations' names (from the store) and the text of every
// cached message (Dexie, through the multiEntry `words` index of schema version 3).
//
// A message matches when each query word begins one of its words. The index is read for
// one query word, as a key range ("pine" → every indexed word from "pine" up to
// "pine\uffff"); the other query words are checked on the rows read. With several query
// words, a page of each word's range is read at once; a word with fewer entries than a page
// gives the whole answer; when every word is common, the one whose rows match most often
// leads, read as far as its rate of matches says `limit` matches need. At most `limit`
// matching rows are kept, and at most
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
  /**
   * Aborted when the answer is no longer wanted (the user typed on): the search's read
   * transaction is aborted, so its queued requests stop, and the search rejects.
   */
  signal?: AbortSignal;
}

/** What a search found, and whether that is all the cache holds for the query. */
export interface MessageAnswer {
  /** Newest first, at most the limit. */
  messages: StoredMessage[];
  /**
   * Every cached message matching the query is in `messages` (no limit cut it, no sample):
   * a narrower query's answer is then these messages filtered (search/narrow.ts).
   */
  complete: boolean;
}

const newestFirst = (a: StoredMessage, b: StoredMessage) => b.sentAt - a.sentAt || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);

/** Cached messages matching `query`, newest first; at most `limit` are read. */
export async function searchMessages(db: ParleyDb, query: string, options: MessageSearchOptions = {}): Promise<StoredMessage[]> {
  return (await findMessages(db, query, options)).messages;
}

/** searchMessages, saying whether the answer is complete; in one read transaction, aborted with `signal`. */
export async function findMessages(db: ParleyDb, query: string, options: MessageSearchOptions = {}): Promise<MessageAnswer> {
  const words = queryWords(query);
  if (words.length === 0) return { messages: [], complete: true };
  const { signal } = options;
  signal?.throwIfAborted();
  return db.transaction('r', db.threadMessages, async (tx) => {
    signal?.throwIfAborted(); // aborted before the transaction opened
    const abort = () => tx.abort();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      return await findIn(db, words, options);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  });
}

async function findIn(db: ParleyDb, words: string[], options: MessageSearchOptions): Promise<MessageAnswer> {
  const range = (word: string) => db.threadMessages.where('words').between(word, word + '\uffff', true, true);
  const accounts = options.accountIds ? new Set(options.accountIds) : null;
  const limit = options.limit ?? MESSAGE_RESULTS_LIMIT;
  const wanted = (row: StoredMessage) => !row.deleted && (!accounts || accounts.has(row.accountId)) && matchesAll(row.words ?? [], words);
  const answer = (rows: StoredMessage[], complete: boolean): MessageAnswer => ({ messages: rows.sort(newestFirst).slice(0, limit), complete: complete && rows.length <= limit });
  const scanLimit = options.scanLimit ?? SCAN_LIMIT;
  // One word's range, its first `count` index entries, with IndexedDB getAll (one request,
  // no cursor step per row). A message comes twice when two of its words start with the
  // word ("meet", "meeting"): kept once.
  const read = async (word: string, count: number) => {
    const rows = await range(word).limit(count).toArray();
    const unique = [...new Map(rows.map((row) => [`${row.accountId}\u0000${row.conversationId}\u0000${row.key}`, row])).values()];
    const hits = unique.filter(wanted);
    return { word, count, hits, rate: unique.length > 0 ? hits.length / unique.length : 0, complete: rows.length < count };
  };
  let count = Math.min(limit, scanLimit);
  // Every query word's first page at once. A word with fewer entries has all its messages
  // in it: those that match are the whole answer. (Each index entry read costs about the
  // same, keys or rows, so a page of rows is read rather than a probe of keys.)
  const pages = await Promise.all(words.map((w) => read(w, count)));
  const whole = pages.filter((p) => p.complete).sort((a, b) => a.hits.length - b.hits.length)[0];
  if (whole) return answer(whole.hits, true);
  // Every word common: the word whose rows match most often leads. For one word, every row
  // matches (a page a little short by messages that came twice is still a sample). If rows
  // were passed over (other query words, other accounts) and too few matched, its range is
  // read again from the start, as many entries as its rate of matches says are needed, up
  // to the scan limit: never thousands of rows when a few hundred do.
  let page = pages.reduce((a, b) => (b.rate > a.rate ? b : a));
  while (!page.complete && page.hits.length < limit && page.rate < 1 && count < scanLimit) {
    const needed = Math.ceil((count * limit * 1.25) / Math.max(page.hits.length, 1));
    count = Math.min(scanLimit, Math.max(count * 2, needed));
    page = await read(page.word, count);
  }
  const { hits, complete } = page;
  // The first rows in index order (a sample when there are more), then newest first.
  return answer(hits.slice(0, complete ? hits.length : limit), complete);
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
