import { describe, expect, it } from 'vitest';
import en from '../../i18n/catalogues/en';
import { detectPlatform } from './platform';
import { ariaKeyShortcuts, formatCombo, matchesShortcut, matchShortcut, SHORTCUTS, shortcut, type KeyLike } from './shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  code: /^[0-9]$/.test(k) ? `Digit${k}` : /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('platform', () => {
  it('is mac on macOS (userAgentData first, then navigator.platform), other elsewhere', () => {
    expect(detectPlatform({ userAgentData: { platform: 'macOS' }, platform: 'Linux x86_64' })).toBe('mac');
    expect(detectPlatform({ platform: 'MacIntel' })).toBe('mac');
    expect(detectPlatform({ userAgentData: { platform: 'Windows' } })).toBe('other');
    expect(detectPlatform({ platform: 'Linux x86_64' })).toBe('other');
    expect(detectPlatform(undefined)).toBe('other');
  });
});

describe('the shortcut table', () => {
  it('has one entry per id, each with a label in the catalogue', () => {
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SHORTCUTS) expect(en[s.label], s.id).toBeTruthy();
  });

  it('gives no two global shortcuts the same keys', () => {
    const seen = new Map<string, string>();
    for (const s of SHORTCUTS.filter((x) => x.global)) {
      for (const c of s.combos) {
        const id = JSON.stringify([c.mod, c.shift, c.alt, c.key.toLowerCase()]);
        expect(seen.get(id), `${s.id} clashes`).toBeUndefined();
        seen.set(id, s.id);
      }
    }
  });

  it('maps the modifier to Cmd on macOS and Ctrl elsewhere', () => {
    expect(matchShortcut(key('k', { ctrlKey: true }), 'other')?.id).toBe('search');
    expect(matchShortcut(key('k', { metaKey: true }), 'other')).toBeNull();
    expect(matchShortcut(key('k', { metaKey: true }), 'mac')?.id).toBe('search');
    expect(matchShortcut(key('k', { ctrlKey: true }), 'mac')).toBeNull();
    // Both held is neither.
    expect(matchShortcut(key('k', { ctrlKey: true, metaKey: true }), 'other')).toBeNull();
  });

  it('reads Ctrl+1…9 by the physical digit and hands the digit over', () => {
    expect(matchShortcut(key('2', { ctrlKey: true }), 'other')).toEqual({ id: 'openConversation', digit: 2 });
    // AZERTY: the key of the digit 2 types "é"; its code is still Digit2.
    expect(matchShortcut({ ...key('é', { ctrlKey: true }), code: 'Digit2' }, 'other')).toEqual({ id: 'openConversation', digit: 2 });
    expect(matchShortcut(key('0', { ctrlKey: true }), 'other')).toBeNull();
    expect(matchShortcut(key('2'), 'other')).toBeNull();
  });

  it('matches Alt+arrows, Ctrl+/ (with or without Shift) and the call keys, and not their look-alikes', () => {
    expect(matchShortcut(key('ArrowDown', { altKey: true }), 'other')?.id).toBe('nextConversation');
    expect(matchShortcut(key('ArrowUp', { altKey: true }), 'mac')?.id).toBe('previousConversation');
    expect(matchShortcut(key('ArrowUp'), 'other')).toBeNull();
    expect(matchShortcut(key('/', { ctrlKey: true }), 'other')?.id).toBe('showShortcuts');
    expect(matchShortcut(key('/', { ctrlKey: true, shiftKey: true }), 'other')?.id).toBe('showShortcuts');
    expect(matchShortcut(key('H', { ctrlKey: true, shiftKey: true }), 'other')?.id).toBe('hangUp');
    expect(matchShortcut(key('h', { ctrlKey: true }), 'other')).toBeNull();
    expect(matchShortcut(key('A', { metaKey: true, shiftKey: true }), 'mac')?.id).toBe('acceptVideo');
  });

  it('leaves keys to an IME while it composes', () => {
    expect(matchShortcut({ ...key('k', { ctrlKey: true }), isComposing: true }, 'other')).toBeNull();
    expect(matchesShortcut('editLast', { ...key('ArrowUp'), isComposing: true }, 'other')).toBe(false);
  });

  it('matches the local shortcuts only without modifiers (Up edits, Shift+Up selects)', () => {
    expect(matchesShortcut('editLast', key('ArrowUp'), 'other')).toBe(true);
    expect(matchesShortcut('editLast', key('ArrowUp', { shiftKey: true }), 'other')).toBe(false);
    expect(matchesShortcut('messageMenu', key('F10', { shiftKey: true }), 'other')).toBe(true);
    expect(matchesShortcut('messageMenu', key('ContextMenu'), 'other')).toBe(true);
    expect(matchesShortcut('messageMenu', key('F10'), 'other')).toBe(false);
  });

  it('writes the keys as each system does', () => {
    const search = shortcut('search').combos[0]!;
    expect(formatCombo(search, 'other')).toBe('Ctrl+K');
    expect(formatCombo(search, 'mac')).toBe('⌘K');
    expect(formatCombo(shortcut('hangUp').combos[0]!, 'other')).toBe('Ctrl+Shift+H');
    expect(formatCombo(shortcut('hangUp').combos[0]!, 'mac')).toBe('⇧⌘H');
    expect(formatCombo(shortcut('nextConversation').combos[0]!, 'other')).toBe('Alt+↓');
    expect(formatCombo(shortcut('nextConversation').combos[0]!, 'mac')).toBe('⌥↓');
    expect(formatCombo(shortcut('openConversation').combos[0]!, 'other')).toBe('Ctrl+1…9');
    expect(ariaKeyShortcuts('search', 'mac')).toBe('Meta+K');
    expect(ariaKeyShortcuts('search', 'other')).toBe('Control+K');
  });
});
