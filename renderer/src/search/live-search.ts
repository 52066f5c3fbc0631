// Search as the user types: every keystroke asks at once (no pause), and only the newest
// query's work runs.
//
// - A keystroke that narrows the last answer (search/narrow.ts) is answered from it, in the
//   same task, without reading the cache: typing on through a word costs no lookup.
// - Otherwise the cache is searched at once. One search runs at a time. A search still
//   running for a query typed past is aborted (its read transaction with it) and its answer
//   never shown, unless the new query narrows it ("weekend u" → "weekend up"): then its
//   answer, landing sooner than a new search could, is narrowed to the new query, and the
//   cache is searched for the new query only if that is not its exact answer. (Running both
//   at once was slower: IndexedDB serves them one after the other, and the older one's
//   answer usually does.) Until the answer lands, the last one stays on screen (pending),
//   narrowed to the new query when it can be, so nothing flickers.
// - A write to the cached messages (a new message, an edit, a deletion: Dexie's
//   `storagemutated`, from this tab or another) makes the answer stale: it is no longer
//   narrowed from, and the query is searched again after a short pause, so that a burst of
//   messages searches once.

import Dexie from 'dexie';
import type { ParleyDb, StoredMessage } from '../db/database';
import { narrowAnswer, narrows, type Answered } from './narrow';
import { findMessages, MESSAGE_RESULTS_LIMIT } from './search-messages';
import { queryWords } from './words';

/** After the cached messages change, the pause before the shown query is searched again. */
export const REFRESH_PAUSE_MS = 150;

export interface LiveAnswer {
  /** The query words this answer is for (queryWords(query).join(' ')). */
  key: string;
  /** Newest first: this query's answer, or while `pending`, what is known of it so far. */
  messages: readonly StoredMessage[];
  /** The cache is being searched for `key`; `messages` are an earlier answer (narrowed when possible). */
  pending: boolean;
}

export interface LiveSearchOptions {
  /** Only these accounts' messages. */
  accountIds?: readonly string[];
  limit?: number;
  refreshPauseMs?: number;
}

interface Settled extends Answered {
  key: string;
  /** The cache's write count when the search began: stale once it moves on. */
  writes: number;
}

interface Running {
  key: string;
  words: string[];
  controller: AbortController;
  writes: number;
}

export class LiveSearch {
  private readonly limit: number;
  private answer: LiveAnswer | null = null;
  /** The last answer read from the cache. */
  private settled: Settled | null = null;
  /** The search running: for the query shown, or for one it narrows. */
  private running: Running | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** Writes to the cached messages seen since this search opened. */
  private writes = 0;
  private readonly listeners = new Set<() => void>();
  private readonly onStorageMutated: (parts: Record<string, unknown>) => void;

  constructor(
    private readonly db: ParleyDb,
    private readonly options: LiveSearchOptions = {},
  ) {
    this.limit = options.limit ?? MESSAGE_RESULTS_LIMIT;
    const prefix = `idb://${db.name}/threadMessages/`;
    this.onStorageMutated = (parts) => {
      if (Object.keys(parts).some((part) => part.startsWith(prefix))) this.cacheChanged();
    };
  }

  /**
   * For useSyncExternalStore. The cache is watched while someone listens; when the last
   * listener leaves, the watch ends and any search running stops.
   */
  readonly subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) Dexie.on.storagemutated.subscribe(this.onStorageMutated);
    this.listeners.add(listener);
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      Dexie.on.storagemutated.unsubscribe(this.onStorageMutated);
      this.stop();
    };
  };

  readonly current = (): LiveAnswer | null => this.answer;

  /** The query as it is now (called on every keystroke). */
  search(query: string): void {
    const words = queryWords(query);
    const key = words.join(' ');
    if (key === this.answer?.key && (!this.answer.pending || this.running)) return;
    if (!key) {
      this.stop();
      this.show(null);
      return;
    }
    const narrowed = this.narrowed(words);
    if (narrowed?.exact) {
      this.stop();
      this.show({ key, messages: narrowed.messages, pending: false });
      return;
    }
    this.show({ key, messages: narrowed?.messages ?? this.answer?.messages ?? [], pending: true });
    const running = this.running;
    if (running && running.writes === this.writes && narrows(running.words, words)) return; // its answer may do: landed()
    this.stop();
    this.running = this.start(key, words);
  }

  /** `words`' answer from the last one read, unless a write made that stale. */
  private narrowed(words: readonly string[]) {
    const fresh = this.settled && this.settled.writes === this.writes ? this.settled : null;
    return fresh ? narrowAnswer(fresh, words, this.limit) : null;
  }

  private start(key: string, words: string[]): Running {
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer); // searched now
    this.refreshTimer = null;
    const run: Running = { key, words, controller: new AbortController(), writes: this.writes };
    const accountIds = this.options.accountIds ? { accountIds: this.options.accountIds } : {};
    findMessages(this.db, key, { ...accountIds, limit: this.limit, signal: run.controller.signal }).then(
      (found) => this.landed(run, { key, words, ...found, writes: run.writes }),
      () => this.landed(run, null),
    );
    return run;
  }

  private landed(run: Running, found: Settled | null): void {
    if (run !== this.running || run.controller.signal.aborted) return; // typed past
    this.running = null;
    // A closed cache finds nothing; nothing is narrowed from it.
    if (found || this.answer?.key === run.key) this.settled = found;
    const answer = this.answer;
    if (!answer) return;
    if (answer.key === run.key) {
      this.show({ key: run.key, messages: found?.messages ?? [], pending: false });
    } else {
      // Typed on meanwhile: this answer narrowed to the query shown, or that query searched.
      const words = answer.key.split(' ');
      const narrowed = this.narrowed(words);
      if (narrowed) this.show({ key: answer.key, messages: narrowed.messages, pending: !narrowed.exact });
      if (!narrowed?.exact) this.running = this.start(answer.key, words);
    }
    if (found && found.writes !== this.writes) this.scheduleRefresh(); // written to while it read
  }

  private cacheChanged(): void {
    this.writes++;
    if (this.answer) this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      const answer = this.answer;
      if (!answer || this.running?.key === answer.key) return;
      this.stop();
      this.running = this.start(answer.key, answer.key.split(' '));
    }, this.options.refreshPauseMs ?? REFRESH_PAUSE_MS);
  }

  /** Aborts the search running and any planned refresh. */
  private stop(): void {
    this.running?.controller.abort();
    this.running = null;
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  private show(answer: LiveAnswer | null): void {
    this.answer = answer;
    for (const listener of this.listeners) listener();
  }
}
