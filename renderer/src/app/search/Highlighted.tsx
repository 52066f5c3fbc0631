// Text with the words a search matched marked: React text nodes inside <mark>, never HTML.

import { useMemo } from 'react';
import { matchRanges } from '../../search/words';

export function Highlighted({ text, query }: { text: string; query: readonly string[] }) {
  const parts = useMemo(() => {
    const out: Array<{ text: string; match: boolean }> = [];
    let at = 0;
    for (const [start, end] of matchRanges(text, query)) {
      if (start > at) out.push({ text: text.slice(at, start), match: false });
      out.push({ text: text.slice(start, end), match: true });
      at = end;
    }
    if (at < text.length) out.push({ text: text.slice(at), match: false });
    return out;
  }, [text, query]);
  return (
    <>
      {parts.map((p, i) =>
        p.match ? (
          <mark key={i} className="search-mark" data-testid="search-mark">
            {p.text}
          </mark>
        ) : (
          p.text
        ),
      )}
    </>
  );
}

/** Around the first match when the text is long: the words that matched stay in sight. */
export function snippet(text: string, query: readonly string[], max = 140): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) return flat;
  const first = matchRanges(flat, query)[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - 30, flat.length - max));
  const cut = flat.slice(start, start + max);
  return `${start > 0 ? '…' : ''}${cut}${start + max < flat.length ? '…' : ''}`;
}
