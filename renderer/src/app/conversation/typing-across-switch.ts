// Typing on while the keyboard switches conversations (Ctrl/Cmd+1…9, Alt+Up/Down).
//
// The view switches once the next conversation's newest cached page has been read (5–30 ms,
// more on a busy machine: sync/history.ts), and until then the composer on screen, the one
// of the conversation being left, still has the focus. Keys typed in that moment landed in
// its draft: "Ctrl+2, hey" left "h" behind and opened the next conversation with "ey".
//
// From the switch until the next conversation's composer is there, keys aimed at the old
// composer are held instead: a character is added to the next conversation's draft (drafts.ts),
// which its composer opens with, caret at the end; Backspace takes back a held character;
// Enter does nothing (it would have sent to the conversation being left). Text pasted is held
// the same way (a paste of files still goes to the composer on screen, as the paperclip
// would). Shortcuts and other keys go through as before (Ctrl+3 during the switch switches
// on, taking the held text along). Text being composed through an input method is left alone.
//
// The hold ends when the next composer mounts, when the switch is over without one (a
// blocked contact, a request), or after HOLD_AT_MOST_MS: what was held stays in that
// conversation's draft, never lost. "The switch is over" is told through the function
// `holdTypingFor` returns, which ends only the hold it started, while it still aims there:
// an earlier switch to the same conversation whose open finished late (its server fetch
// slow on a busy machine) once ended the next switch's hold before the view had moved, and
// "Ctrl+2, hey" typed all of "hey" into the conversation being left (an e2e run in CI).

import { drafts as appDrafts, type Drafts } from './drafts';

export const HOLD_AT_MOST_MS = 2_000;

/** The window the hold listens on: the page's, or a stand-in in tests. */
export interface HoldWindow {
  addEventListener(type: 'keydown', listener: (event: KeyboardEvent) => void, options: { capture: true }): void;
  addEventListener(type: 'paste', listener: (event: ClipboardEvent) => void, options: { capture: true }): void;
  removeEventListener(type: 'keydown', listener: (event: KeyboardEvent) => void, options: { capture: true }): void;
  removeEventListener(type: 'paste', listener: (event: ClipboardEvent) => void, options: { capture: true }): void;
  document: { activeElement: Element | null };
}

interface Hold {
  target: string;
  composer: Element;
  /** Characters held so far (Backspace takes back only these). */
  held: string;
  end: () => void;
}

let current: Hold | null = null;

/** A composer's text box (Composer.tsx). */
const isComposer = (el: Element | null): el is Element => el?.getAttribute('data-testid') === 'composer-input';

/**
 * The keyboard is switching to `target`: hold what is typed into the focused composer until
 * `target`'s composer takes it. Nothing happens unless a composer has the focus. Returns what
 * to call once the switch is over (whether a composer came or not): it ends this hold if it
 * still aims at `target`, and does nothing otherwise.
 */
export function holdTypingFor(target: string, win: HoldWindow = window, drafts: Pick<Drafts, 'get' | 'set'> = appDrafts): () => void {
  if (current) {
    // Switching on before the last switch landed: what was held goes along.
    if (current.target !== target && current.held) {
      drafts.set(current.target, drafts.get(current.target).slice(0, -current.held.length));
      drafts.set(target, drafts.get(target) + current.held);
    }
    current.target = target;
    return releaser(current, target);
  }
  const composer = win.document.activeElement;
  if (!isComposer(composer)) return () => undefined;
  /** Adds text to what is held and to the next conversation's draft. */
  const keep = (text: string) => {
    if (!current) return;
    current.held += text;
    drafts.set(current.target, drafts.get(current.target) + text);
  };
  const onPaste = (event: ClipboardEvent) => {
    if (!current || event.target !== current.composer) return;
    const data = event.clipboardData;
    if (!data || data.files.length > 0) return; // files: the composer's own paste handles them
    const text = data.getData('text/plain');
    if (!text) return;
    event.preventDefault();
    keep(text);
  };
  const onKey = (event: KeyboardEvent) => {
    const hold = current;
    if (!hold || event.target !== hold.composer || event.isComposing || event.key === 'Process') return;
    if (event.ctrlKey || event.metaKey || (event.altKey && !event.getModifierState?.('AltGraph'))) return; // shortcuts
    if (event.key === 'Backspace') {
      event.preventDefault();
      // One character, not one UTF-16 unit (an emoji is two).
      const last = [...hold.held].pop();
      if (!last) return;
      hold.held = hold.held.slice(0, -last.length);
      drafts.set(hold.target, drafts.get(hold.target).slice(0, -last.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
    } else if ([...event.key].length === 1) {
      event.preventDefault();
      keep(event.key);
    }
  };
  const timer = setTimeout(() => endHold(), HOLD_AT_MOST_MS);
  win.addEventListener('keydown', onKey, { capture: true });
  win.addEventListener('paste', onPaste, { capture: true });
  current = {
    target,
    composer,
    held: '',
    end: () => {
      clearTimeout(timer);
      win.removeEventListener('keydown', onKey, { capture: true });
      win.removeEventListener('paste', onPaste, { capture: true });
    },
  };
  return releaser(current, target);
}

/** Ends `hold` if it is still the one on and still aims at `target`. */
function releaser(hold: Hold, target: string): () => void {
  return () => {
    if (current === hold && hold.target === target) endHold(target);
  };
}

/** The switch is over (`ref`'s composer mounted, or the view switched without one): keys go where the focus is again. */
export function endHold(ref?: string): void {
  if (!current || (ref !== undefined && ref !== current.target)) return;
  current.end();
  current = null;
}
