// The theme and text size as the page shows them: 'system' follows prefers-color-scheme
// (live), a choice is mirrored for the next load's first paint, and a bad mirror means defaults.
import { describe, expect, it } from 'vitest';
import { APPEARANCE_KEY, applyAppearance, readMirroredAppearance, resolveTheme } from './appearance';

describe('resolveTheme', () => {
  it('light and dark are what they say; system follows the system', () => {
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
  });
});

describe('readMirroredAppearance', () => {
  const storage = (value: string | null) => ({ getItem: (k: string) => (k === APPEARANCE_KEY ? value : null) });
  it('reads a mirrored choice', () => {
    expect(readMirroredAppearance(storage('{"theme":"dark","textSize":"large"}'))).toEqual({ theme: 'dark', textSize: 'large' });
  });
  it('anything missing, foreign or unparsable means the defaults', () => {
    expect(readMirroredAppearance(storage(null))).toEqual({ theme: 'system', textSize: 'default' });
    expect(readMirroredAppearance(storage('{"theme":"purple","textSize":7}'))).toEqual({ theme: 'system', textSize: 'default' });
    expect(readMirroredAppearance(storage('{nope'))).toEqual({ theme: 'system', textSize: 'default' });
    expect(readMirroredAppearance(null)).toEqual({ theme: 'system', textSize: 'default' });
  });
});

describe('applyAppearance', () => {
  /** A window whose prefers-color-scheme can be flipped, as the system's setting would. */
  function fakeWindow(dark: boolean) {
    const listeners = new Set<() => void>();
    const query = {
      matches: dark,
      addEventListener: (_: string, l: () => void) => listeners.add(l),
      removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    };
    const store = new Map<string, string>();
    // Just what appearance.ts touches on <html>: its data-* and its style.
    const root = { dataset: {} as Record<string, string>, style: { zoom: '' } };
    const win = {
      document: { documentElement: root },
      matchMedia: () => query,
      localStorage: { setItem: (k: string, v: string) => store.set(k, v), getItem: (k: string) => store.get(k) ?? null },
    } as unknown as Window;
    const flip = (to: boolean) => {
      query.matches = to;
      for (const l of listeners) l();
    };
    return { win, flip, store, listeners, root };
  }

  it('system follows the system live, until stopped; the choice is mirrored for the next load', () => {
    const { win, flip, store, listeners, root } = fakeWindow(false);
    const stop = applyAppearance(win, { theme: 'system', textSize: 'large' });
    expect(root.dataset.theme).toBe('light');
    expect(root.style.zoom).toBe('1.15');
    flip(true);
    expect(root.dataset.theme).toBe('dark');
    expect(JSON.parse(store.get(APPEARANCE_KEY)!)).toEqual({ theme: 'system', textSize: 'large' });
    stop();
    expect(listeners.size).toBe(0);
  });

  it('a fixed theme ignores the system', () => {
    const { win, flip, root } = fakeWindow(true);
    applyAppearance(win, { theme: 'light', textSize: 'default' });
    flip(false);
    flip(true);
    expect(root.dataset.theme).toBe('light');
    expect(root.style.zoom).toBe('');
  });
});
