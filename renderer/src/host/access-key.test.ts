// A link brought into an open tab (only the fragment changes, so no reload happens by itself),
// and the links the access-key screen accepts, against a FAKE window (fakeTab: location,
// history and events as a page has them), not a browser.

import { describe, expect, it, vi } from 'vitest';
import { readPastedLink } from '../app/access/AccessKeyScreen';
import { keyInFragment, watchForNewKeys } from './access-key';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

function fakeTab(hash = '') {
  const events = new EventTarget();
  const location = { hash, pathname: '/', search: '', reload: vi.fn() };
  const history = {
    state: null,
    replaceState: vi.fn((_state: unknown, _title: string, url: string) => {
      location.hash = url.includes('#') ? url.slice(url.indexOf('#')) : '';
    }),
  };
  const win = { location, history, sessionStorage: {}, addEventListener: (name: string, fn: () => void) => events.addEventListener(name, fn) };
  /** Plays the user pasting a link with another fragment into the address bar. */
  const paste = (newHash: string) => {
    location.hash = newHash;
    events.dispatchEvent(new Event('hashchange'));
  };
  return { win: win as unknown as Window, location, history, paste };
}

describe('a link pasted into an open tab', () => {
  it('with a new key: stores it, takes it out of the address bar and reloads with it', () => {
    const tab = fakeTab();
    const stored: string[] = [];
    watchForNewKeys(tab.win, KEY_A, (k) => stored.push(k));
    tab.paste(`#k=${KEY_B}`);
    expect(stored).toEqual([KEY_B]);
    expect(tab.location.hash).toBe('');
    expect(tab.location.reload).toHaveBeenCalledOnce();
  });

  it('with the same key: only takes it out of the address bar', () => {
    const tab = fakeTab();
    watchForNewKeys(tab.win, KEY_A, () => undefined);
    tab.paste(`#k=${KEY_A}`);
    expect(tab.location.hash).toBe('');
    expect(tab.location.reload).not.toHaveBeenCalled();
  });

  it('ignores fragments that are not a key (the app’s own, or junk)', () => {
    const tab = fakeTab();
    watchForNewKeys(tab.win, KEY_A, () => undefined);
    tab.paste('#settings');
    tab.paste('#k=<script>');
    expect(tab.location.reload).not.toHaveBeenCalled();
    expect(keyInFragment('#k=abc_-1')).toBe('abc_-1');
    expect(keyInFragment('#k=abc&x=1')).toBeNull();
  });
});

describe('readPastedLink', () => {
  it('takes a browser-host link on a loopback address', () => {
    expect(readPastedLink(`  http://127.0.0.1:7451/#k=${KEY_A} `)).toEqual({ key: KEY_A, origin: 'http://127.0.0.1:7451' });
    expect(readPastedLink(`http://[::1]:7451/#k=${KEY_A}`)).toEqual({ key: KEY_A, origin: 'http://[::1]:7451' });
  });

  it.each([
    ['another site', `https://example.com/#k=${KEY_A}`],
    ['no key', 'http://127.0.0.1:7451/'],
    ['not a URL', 'open parley please'],
    ['javascript:', `javascript:alert(1)//#k=${KEY_A}`],
    ['credentials', `http://u:p@127.0.0.1:7451/#k=${KEY_A}`],
    ['a name that could point anywhere', `http://localhost.example:7451/#k=${KEY_A}`],
  ])('refuses %s', (_what, text) => {
    expect(readPastedLink(text)).toBeNull();
  });
});
