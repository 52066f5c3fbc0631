// Message text → text and links. A chat message is attacker-controlled text: nothing here
// parses HTML or Markdown. Only three kinds of address become links (http, https, mailto),
// found by a small scanner; everything else, `javascript:` and `data:` included, stays
// plain text. The view renders the pieces as React text nodes and <a> elements whose click
// goes to main (links.openExternal), which checks the address again.
//
// Look-alike domains: a host written with non-ASCII letters (`аpple.com` with a Cyrillic
// "а") can read as another site. The URL parser turns it into its ASCII (punycode) form;
// such a link is shown in that form and flagged, so the user sees the real address. We
// flag every non-ASCII host rather than guess which scripts mix safely: the punycode form
// is always the truth. A link with a user name before the host (`https://bank.com@evil.example`)
// is shown as its real address too.

export interface TextPiece {
  kind: 'text';
  text: string;
}

export interface LinkPiece {
  kind: 'link';
  /** What the message says, or the real address when that could mislead (`flagged`). */
  text: string;
  /** The normalised address the click opens (punycode host). */
  href: string;
  /** Why the shown text is the real address rather than the message's own words. */
  flagged?: 'lookalike-host' | 'userinfo';
}

export type Piece = TextPiece | LinkPiece;

/** Schemes that may become links, as written at the start of a candidate (case-insensitive). */
const LINK_START = /\b(?:https?:\/\/|mailto:)/giu;

/** Where an address ends: whitespace, or characters no one leaves unescaped in a URL in prose. */
const URL_END = /[\s<>"`\u00a0\u2028\u2029]/u;

/** Punctuation that ends a sentence rather than the address when it comes last. */
const TRAILING = /[.,:;!?'"\u2019\u201d*_~]$/u;

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Trims what prose puts after an address: a full stop, a comma, an unmatched bracket. */
function trimTrailing(candidate: string): string {
  let s = candidate;
  for (;;) {
    if (TRAILING.test(s)) {
      s = s.slice(0, -1);
      continue;
    }
    const last = s[s.length - 1];
    const opener = last ? CLOSERS[last] : undefined;
    if (opener) {
      // "(see https://en.wikipedia.org/wiki/Foo_(bar))": keep a closer the address opened.
      const opens = s.split(opener).length - 1;
      const closes = s.split(last!).length - 1;
      if (closes > opens) {
        s = s.slice(0, -1);
        continue;
      }
    }
    return s;
  }
}

/** The link for one candidate address, or null when it is not a valid address of an allowed kind. */
export function toLink(candidate: string): LinkPiece | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol === 'mailto:') {
    // mailto:someone@example.com: one address, a host after the @.
    const address = decodeURIComponentSafe(url.pathname);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(address)) return null;
    return { kind: 'link', text: candidate, href: url.href };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  if (url.username || url.password) return { kind: 'link', text: url.href, href: url.href, flagged: 'userinfo' };
  if (isLookalikeHost(url.hostname)) return { kind: 'link', text: url.href, href: url.href, flagged: 'lookalike-host' };
  return { kind: 'link', text: candidate, href: url.href };
}

/** The URL parser writes a non-ASCII label as `xn--…`: the host was written with other letters than it reads. */
export function isLookalikeHost(asciiHostname: string): boolean {
  return asciiHostname.split('.').some((label) => label.toLowerCase().startsWith('xn--'));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The pieces of a message's text, in order; joined, their `text` is the message except where a link is flagged. */
export function linkify(text: string): Piece[] {
  const pieces: Piece[] = [];
  let plainFrom = 0;
  const pushText = (to: number) => {
    if (to > plainFrom) {
      const last = pieces[pieces.length - 1];
      const chunk = text.slice(plainFrom, to);
      if (last?.kind === 'text') last.text += chunk;
      else pieces.push({ kind: 'text', text: chunk });
    }
  };
  LINK_START.lastIndex = 0;
  for (let match = LINK_START.exec(text); match; match = LINK_START.exec(text)) {
    const start = match.index;
    if (start < plainFrom) continue;
    // `\b` lets "xhttps://" through: an address starts after a non-word character only.
    const before = start > 0 ? text[start - 1]! : '';
    if (before && /[\p{L}\p{N}_\-+.@/:]/u.test(before)) continue;
    let end = start + match[0].length;
    while (end < text.length && !URL_END.test(text[end]!)) end++;
    const candidate = trimTrailing(text.slice(start, end));
    const link = candidate.length > match[0].length ? toLink(candidate) : null;
    if (!link) continue;
    pushText(start);
    pieces.push(link);
    plainFrom = start + candidate.length;
    LINK_START.lastIndex = plainFrom;
  }
  plainFrom = Math.min(plainFrom, text.length);
  pushText(text.length);
  return pieces;
}
