// The theme and text size as the page shows them. Main stores the choice (Settings.theme,
// Settings.textSize); this module turns it into `<html data-theme="light|dark">` (the CSS
// tokens in styles/base.css follow it) and a zoom on the page, follows the system's
// prefers-color-scheme live while the choice is 'system', and mirrors the choice into
// localStorage so that the appearance script (contract/appearance-boot.ts, inline in
// index.html) can apply it before the first paint of the next load (no light flash in dark
// mode): main's answer comes only after the scripts run.

import { TEXT_SCALE, TEXT_SIZES, THEME_CHOICES, type TextSize, type ThemeChoice } from '../../contract';

export type ResolvedTheme = 'light' | 'dark';

export interface Appearance {
  theme: ThemeChoice;
  textSize: TextSize;
}

/** localStorage key, read by contract/appearance-boot.ts too: change both together. */
export const APPEARANCE_KEY = 'parley.appearance';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** What the page shows for a choice: 'system' follows the system's preference. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): ResolvedTheme {
  if (choice === 'light' || choice === 'dark') return choice;
  return systemDark ? 'dark' : 'light';
}

/** The mirrored choice, or the defaults for anything missing or not one of the choices. */
export function readMirroredAppearance(storage: Pick<Storage, 'getItem'> | null): Appearance {
  let raw: unknown = null;
  try {
    raw = JSON.parse(storage?.getItem(APPEARANCE_KEY) ?? 'null');
  } catch {
    // A hand-edited or foreign value: the defaults.
  }
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof Appearance, unknown>>;
  return {
    theme: (THEME_CHOICES as readonly unknown[]).includes(r.theme) ? (r.theme as ThemeChoice) : 'system',
    textSize: (TEXT_SIZES as readonly unknown[]).includes(r.textSize) ? (r.textSize as TextSize) : 'default',
  };
}

/** Sets the page's theme and scale now. */
export function showAppearance(root: HTMLElement, appearance: Appearance, systemDark: boolean): void {
  root.dataset.theme = resolveTheme(appearance.theme, systemDark);
  const scale = TEXT_SCALE[appearance.textSize];
  // `zoom` scales the whole interface (the CSS is in px): text, icons and spacing together,
  // as the browser's own zoom does, so nothing is clipped at the larger sizes.
  root.style.zoom = scale === 1 ? '' : String(scale);
  root.dataset.textSize = appearance.textSize;
}

/**
 * Applies the choice, mirrors it for the next load, and follows the system while the choice
 * is 'system'. Returns the function that stops following.
 */
export function applyAppearance(win: Window, appearance: Appearance): () => void {
  const root = win.document.documentElement;
  const query = win.matchMedia?.(DARK_QUERY);
  const show = () => showAppearance(root, appearance, query?.matches ?? false);
  show();
  try {
    win.localStorage.setItem(APPEARANCE_KEY, JSON.stringify(appearance));
  } catch {
    // Storage refused (a private window): only the next load's first paint loses the choice.
  }
  if (appearance.theme !== 'system' || !query) return () => {};
  query.addEventListener('change', show);
  return () => query.removeEventListener('change', show);
}
