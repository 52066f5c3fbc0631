import { describe, expect, it } from 'vitest';
import { linkify, type Piece } from './linkify';

const links = (text: string) => linkify(text).filter((p) => p.kind === 'link');
const joined = (pieces: Piece[]) => pieces.map((p) => p.text).join('');

describe('linkify', () => {
  it('makes links of http, https and mailto addresses only, keeping every other character as text', () => {
    const text = 'see https://example.com/a?b=c#d and http://x.org, mail mailto:bob@example.com now';
    const pieces = linkify(text);
    expect(pieces).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=c#d', href: 'https://example.com/a?b=c#d' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: ', mail ' },
      { kind: 'link', text: 'mailto:bob@example.com', href: 'mailto:bob@example.com' },
      { kind: 'text', text: ' now' },
    ]);
    expect(joined(pieces)).toBe(text);
  });

  it('leaves javascript:, data:, file:, vbscript:, custom schemes and HTML as text', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      '[click](javascript:alert(1))',
      'data:text/html,<script>alert(1)</script>',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'file:///etc/passwd',
      'vbscript:msgbox(1)',
      'ms-settings:display',
      '<img src=x onerror=window.__pwned=1>',
      '<a href="https://evil.example">x</a>'.replace('https://', 'hxxps://'),
      '<script>window.__pwned=1</script>',
      'mailto:javascript:alert(1)',
      'https://',
      'http:// spaced.example',
    ]) {
      expect(links(text), text).toEqual([]);
      expect(joined(linkify(text))).toBe(text);
    }
  });

  it('finds an https link inside HTML-looking text without taking the markup', () => {
    expect(links('<a href="https://evil.example/x">y</a>')).toEqual([{ kind: 'link', text: 'https://evil.example/x', href: 'https://evil.example/x' }]);
    expect(links('<https://example.com/>')).toEqual([{ kind: 'link', text: 'https://example.com/', href: 'https://example.com/' }]);
  });

  it('trims what prose puts after an address, keeping brackets the address opened', () => {
    const one = (text: string) => links(text).map((l) => l.text);
    expect(one('Go to https://example.com.')).toEqual(['https://example.com']);
    expect(one('(https://example.com/path)')).toEqual(['https://example.com/path']);
    expect(one('[click](https://example.com/a)')).toEqual(['https://example.com/a']);
    expect(one('https://en.wikipedia.org/wiki/Foo_(bar)')).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
    expect(one('see https://example.com/a?b=1, https://example.com/c!')).toEqual(['https://example.com/a?b=1', 'https://example.com/c']);
    expect(one('“https://example.com/q”')).toEqual(['https://example.com/q']);
    expect(one('https://example.com/x...')).toEqual(['https://example.com/x']);
    expect(one('line one\nhttps://example.com/next\nline three')).toEqual(['https://example.com/next']);
  });

  it('does not start a link inside a word or another scheme', () => {
    expect(links('xhttps://example.com')).toEqual([]);
    expect(links('notmailto:bob@example.com')).toEqual([]);
    expect(links('mailto:not-an-address')).toEqual([]);
  });

  it('shows a look-alike host (non-ASCII letters) in its punycode form, flagged', () => {
    // "аpple.com" with a Cyrillic а (U+0430).
    const [link] = links('https://\u0430pple.com/login');
    expect(link).toEqual({ kind: 'link', text: 'https://xn--pple-43d.com/login', href: 'https://xn--pple-43d.com/login', flagged: 'lookalike-host' });
    // A host already written in punycode is flagged too: it is not what it appears to be either.
    expect(links('https://xn--pple-43d.com')[0]).toMatchObject({ flagged: 'lookalike-host', href: 'https://xn--pple-43d.com/' });
    // Mixed scripts in a sub-domain label.
    expect(links('https://www.g\u043E\u043Egle.com')[0]).toMatchObject({ flagged: 'lookalike-host', text: 'https://www.xn--ggle-55da.com/' });
    // A plain ASCII host is shown as written.
    expect(links('https://apple.com/login')[0]).toEqual({ kind: 'link', text: 'https://apple.com/login', href: 'https://apple.com/login' });
  });

  it('shows a link that hides its host behind a user name as its real address, flagged', () => {
    expect(links('https://bank.example@evil.example/x')[0]).toEqual({
      kind: 'link',
      text: 'https://bank.example@evil.example/x',
      href: 'https://bank.example@evil.example/x',
      flagged: 'userinfo',
    });
  });

  it('keeps text with no address as one piece, and the empty text as none', () => {
    expect(linkify('hello\n  world')).toEqual([{ kind: 'text', text: 'hello\n  world' }]);
    expect(linkify('')).toEqual([]);
  });
});
