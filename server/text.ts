// Counting characters the way a person does: by Unicode code point, so an emoji counts as
// one character and not as the two UTF-16 units String.length sees.

/**
 * The number of code points in `text`, counted no further than needed: returns early with
 * a value above `limit` once it is certain, so a huge string costs nothing to reject.
 */
export function codePointLength(text: string, limit = Infinity): number {
  // Every code point takes one or two UTF-16 units, so length/2 <= count <= length.
  if (text.length <= limit) return countCodePoints(text);
  if (text.length > 2 * limit) return text.length;
  return countCodePoints(text);
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low surrogate is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}
