// The words of a text as the search index holds them, and as a query is cut up: lower-case,
// diacritics folded ("Crème" → "creme"), split at anything that is not a letter or a digit.
//
// The index stores whole words, each once per message (a multiEntry index on
// `threadMessages.words`, cache schema version 3). A query word matches every indexed word
// it begins ("pine" finds "pineapple"): an IndexedDB key range over the words, so the index
// stays one entry per distinct word of a message instead of one per prefix (a 10-letter word
// would otherwise cost ten entries), and answers while the user types.

/** Longer "words" (a pasted hash, a base64 blob) are cut: nobody types them to search. */
export const MAX_WORD_LENGTH = 40;
/** A message of a thousand distinct words is still indexed by its first ones only. */
export const MAX_WORDS_PER_MESSAGE = 200;

const COMBINING_MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/u;

/** Lower-case, diacritics folded (NFD without its combining marks), compatibility forms unified (NFKD). */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** The distinct words of a text, folded, in order of first appearance. */
export function wordsOf(text: string, max = MAX_WORDS_PER_MESSAGE): string[] {
  const words = new Set<string>();
  for (const raw of foldText(text).split(NOT_WORD)) {
    if (!raw) continue;
    words.add(raw.length > MAX_WORD_LENGTH ? raw.slice(0, MAX_WORD_LENGTH) : raw);
    if (words.size >= max) break;
  }
  return [...words];
}

/** A query's words: the same folding; each is matched as the start of a word. */
export function queryWords(query: string): string[] {
  return wordsOf(query, 8);
}

/** Whether every query word begins some word of `words`. */
export function matchesAll(words: readonly string[], query: readonly string[]): boolean {
  return query.every((q) => words.some((w) => w.startsWith(q)));
}

/**
 * Where the query's words start words in `text`, as [start, end) ranges of `text` itself
 * (not of its folded form), for highlighting. Folding can change a character's length
 * ("ﬁ" → "fi"), so the text is folded one character at a time and mapped back.
 */
export function matchRanges(text: string, query: readonly string[]): Array<[number, number]> {
  if (query.length === 0) return [];
  // Folded characters with the index of the original character each came from.
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = foldText(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(text.length);
  const ranges: Array<[number, number]> = [];
  const wordRe = /[\p{L}\p{N}]+/gu;
  for (let m = wordRe.exec(folded); m; m = wordRe.exec(folded)) {
    const word = m[0];
    let best = 0;
    for (const q of query) if (q.length > best && word.startsWith(q)) best = q.length;
    if (best === 0) continue;
    const start = origin[m.index]!;
    const endFolded = m.index + best;
    // The end of the original character that produced the last matched folded character.
    const lastOrigin = origin[endFolded - 1]!;
    let end = lastOrigin + (text.codePointAt(lastOrigin)! > 0xffff ? 2 : 1);
    // A decomposed accent belongs to its letter ("e" + U+0301): highlighted with it.
    while (end < text.length && /\p{M}/u.test(text[end]!)) end++;
    ranges.push([start, end]);
  }
  return ranges;
}
