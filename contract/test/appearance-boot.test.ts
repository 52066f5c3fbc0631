// The script that runs before the first paint: the last run's theme, text size and direction.
import { describe, expect, it } from 'vitest';
import { APPEARANCE_BOOT_SCRIPT } from '../appearance-boot';

function boot(stored: Record<string, string>, options: { systemDark?: boolean; languages?: string[]; storage?: 'broken' } = {}) {
  const root = { dataset: {} as Record<string, string>, style: {} as Record<string, string>, dir: '', lang: 'en' };
  const win = {
    localStorage: {
      getItem: (key: string) => {
        if (options.storage === 'broken') throw new Error('storage disabled');
        return stored[key] ?? null;
      },
    },
    document: { documentElement: root },
    matchMedia: (query: string) => ({ matches: query === '(prefers-color-scheme: dark)' && options.systemDark === true }),
    navigator: { languages: options.languages ?? ['en-GB'], language: 'en-GB' },
  };
  new Function('window', APPEARANCE_BOOT_SCRIPT)(win);
  return root;
}

describe('the appearance script', () => {
  it('shows the theme and text size chosen last', () => {
    const root = boot({ 'parley.appearance': JSON.stringify({ theme: 'dark', textSize: 'larger' }) });
    expect(root.dataset.theme).toBe('dark');
    expect(root.style.zoom).toBe('1.3');
    expect(root.dir).toBe('');
  });

  it('follows the system when the choice is "system", missing or unreadable', () => {
    expect(boot({ 'parley.appearance': JSON.stringify({ theme: 'system' }) }, { systemDark: true }).dataset.theme).toBe('dark');
    expect(boot({}, { systemDark: false }).dataset.theme).toBe('light');
    const broken = boot({ 'parley.appearance': '{not json' }, { systemDark: true });
    expect(broken.dataset.theme).toBe('dark');
    expect(broken.style.zoom).toBeUndefined();
    expect(boot({}, { storage: 'broken' }).dataset.theme).toBe('light');
  });

  it('lays an Arabic window out right to left, chosen or from the browser', () => {
    expect(boot({ 'parley.language': 'ar' })).toMatchObject({ dir: 'rtl', lang: 'ar' });
    expect(boot({}, { languages: ['ar-EG'] })).toMatchObject({ dir: 'rtl', lang: 'ar' });
    expect(boot({ 'parley.language': 'en' }, { languages: ['ar-EG'] }).dir).toBe('');
  });
});
