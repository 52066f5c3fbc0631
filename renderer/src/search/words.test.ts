import { describe, expect, it } from 'vitest';
import { foldText, matchRanges, matchesAll, queryWords, wordsOf } from './words';

describe('the search words', () => {
  it('are lower-cased, diacritics folded, split at anything not a letter or digit, each once', () => {
    expect(wordsOf('Crème Brûlée, crème BRÛLÉE! ÉCOLE')).toEqual(['creme', 'brulee', 'ecole']);
    expect(wordsOf('see https://Example.com/Pine-apple?x=1')).toEqual(['see', 'https', 'example', 'com', 'pine', 'apple', 'x', '1']);
    expect(wordsOf("l'été 2024 naïve Ångström straße")).toEqual(['l', 'ete', '2024', 'naive', 'angstrom', 'straße']);
    expect(wordsOf('日本語 テキスト')).toEqual(['日本語', 'テキスト']);
    expect(wordsOf('ﬁne')).toEqual(['fine']); // a ligature unfolded
    expect(wordsOf('')).toEqual([]);
    expect(wordsOf('👍 !!')).toEqual([]);
  });

  it('cut long words and many words', () => {
    expect(wordsOf('a'.repeat(100))).toEqual(['a'.repeat(40)]);
    expect(wordsOf(Array.from({ length: 500 }, (_, i) => `w${i}`).join(' '))).toHaveLength(200);
  });

  it('match a query word as the start of a word, every query word', () => {
    const words = wordsOf('Pineapple pizza tonight');
    expect(matchesAll(words, queryWords('pine'))).toBe(true);
    expect(matchesAll(words, queryWords('PIZ pine'))).toBe(true);
    expect(matchesAll(words, queryWords('apple'))).toBe(false); // not the start of a word
    expect(matchesAll(words, queryWords('pine sushi'))).toBe(false);
    expect(foldText('Ärger')).toBe('arger');
  });

  it('give highlight ranges in the original text, across folded letters', () => {
    const text = 'Crème brûlée and crema';
    const ranges = matchRanges(text, queryWords('creme cre'));
    expect(ranges.map(([a, b]) => text.slice(a, b))).toEqual(['Crème', 'cre']);
    const decomposed = 'Cafe\u0301 cafés';
    expect(matchRanges(decomposed, ['cafe']).map(([a, b]) => decomposed.slice(a, b))).toEqual(['Cafe\u0301', 'café']);
    expect(matchRanges('😀 pineapple', ['pine']).map(([a, b]) => '😀 pineapple'.slice(a, b))).toEqual(['pine']);
    expect(matchRanges('nothing here', ['zzz'])).toEqual([]);
  });
});
