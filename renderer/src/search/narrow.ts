// The next keystroke's answer from the last one's, without reading the cache again.
//
// Typing on ("pine" → "pinea", "weekend" → "weekend u") narrows the query: every message
// matching the new query matches the old one. So when the old answer held every match
// (complete), the new answer is those messages filtered, exactly what a fresh search would
// read. When the old answer was a full page of a common word (a sample: the limit cut it)
// and every one of its messages still matches, it is a full page of the new query's matches
// too: as good a sample as a fresh read. Otherwise the filtered messages are only a first
// look, shown while the cache is searched.

import type { StoredMessage } from '../db/database';
import { matchesAll } from './words';

export interface Answered {
  /** The query words answered (search/words.ts's queryWords). */
  words: readonly string[];
  /** Newest first. */
  messages: readonly StoredMessage[];
  /** Every cached match is in `messages`. */
  complete: boolean;
}

/** Whether every message matching `after` matches `before`: each earlier word begins some later word. */
export function narrows(before: readonly string[], after: readonly string[]): boolean {
  return before.every((q) => after.some((w) => w.startsWith(q)));
}

/**
 * `words`' answer from `last`'s, when `words` narrows it: its messages that still match,
 * and whether they are the answer (`exact`) or only a first look. Null when it does not
 * narrow (a letter deleted, another word).
 */
export function narrowAnswer(last: Answered, words: readonly string[], limit: number): { messages: StoredMessage[]; exact: boolean } | null {
  if (words.length === 0 || !narrows(last.words, words)) return null;
  const messages = last.messages.filter((m) => matchesAll(m.words ?? [], words));
  const fullPage = messages.length === last.messages.length && messages.length >= limit;
  return { messages, exact: last.complete || fullPage };
}
