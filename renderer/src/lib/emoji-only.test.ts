import { describe, expect, it } from 'vitest';
import { emojiOnlyCount } from './emoji-only';

describe('emojiOnlyCount', () => {
  it('counts one to three emoji alone, whitespace aside, each cluster once', () => {
    expect(emojiOnlyCount('👍')).toBe(1);
    expect(emojiOnlyCount(' 🎉 🎉🎉 ')).toBe(3);
    expect(emojiOnlyCount('👍🏽')).toBe(1); // skin tone
    expect(emojiOnlyCount('👨‍👩‍👧‍👦')).toBe(1); // a family: one cluster of joined emoji
    expect(emojiOnlyCount('🇫🇷🇯🇵')).toBe(2); // flags
    expect(emojiOnlyCount('❤️')).toBe(1); // with a variation selector
    expect(emojiOnlyCount('1️⃣')).toBe(1); // a keycap
    expect(emojiOnlyCount('🏳️‍🌈')).toBe(1);
  });

  it('is 0 for more than three emoji, or any other text beside them', () => {
    expect(emojiOnlyCount('😀😀😀😀')).toBe(0);
    expect(emojiOnlyCount('ok 👍')).toBe(0);
    expect(emojiOnlyCount('👍!')).toBe(0);
    expect(emojiOnlyCount('1')).toBe(0);
    expect(emojiOnlyCount('#')).toBe(0);
    expect(emojiOnlyCount(':)')).toBe(0);
    expect(emojiOnlyCount('')).toBe(0);
    expect(emojiOnlyCount('   ')).toBe(0);
    expect(emojiOnlyCount('a')).toBe(0);
  });
});
