// "👍" or "🎉🎉🎉" on its own is shown larger, as every chat app does. A message counts as
// emoji-only when, whitespace aside, it is one to three emoji: grapheme clusters (so a
// family, a flag or a skin tone counts once) that are each a pictograph, a flag or a keycap.

export const EMOJI_ONLY_MAX = 3;

const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const FLAG = /^\p{Regional_Indicator}{2}$/u;
const KEYCAP = /^[#*0-9]\uFE0F?\u20E3$/u;
/** What may follow a pictograph inside its cluster: joiners, variation selectors, skin tones, tags. */
const EMOJI_PARTS = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200D|\uFE0F|\uFE0E|[\u{E0020}-\u{E007F}])+$/u;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function isEmojiCluster(cluster: string): boolean {
  if (FLAG.test(cluster) || KEYCAP.test(cluster)) return true;
  return PICTOGRAPH.test(cluster) && EMOJI_PARTS.test(cluster);
}

/** How many emoji the text is when it is only emoji (1 to 3), else 0. */
export function emojiOnlyCount(text: string): number {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > 64) return 0;
  let count = 0;
  for (const { segment } of segmenter.segment(trimmed)) {
    if (/^\s+$/u.test(segment)) continue;
    if (!isEmojiCluster(segment)) return 0;
    count += 1;
    if (count > EMOJI_ONLY_MAX) return 0;
  }
  return count;
}
