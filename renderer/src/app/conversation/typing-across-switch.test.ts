// The hold of keys typed during a keyboard switch of conversations, on a stand-in window:
// Node's EventTarget, keydown events carrying KeyboardEvent's fields, and in-memory drafts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endHold, holdTypingFor, HOLD_AT_MOST_MS, type HoldWindow } from './typing-across-switch';

class Box extends EventTarget {
  constructor(private readonly testId: string) {
    super();
  }
  getAttribute(name: string) {
    return name === 'data-testid' ? this.testId : null;
  }
}

function setUp(focused: 'composer' | 'search' = 'composer') {
  const win = new EventTarget() as EventTarget & HoldWindow;
  const composer = new Box('composer-input');
  const search = new Box('search-input');
  win.document = { activeElement: (focused === 'composer' ? composer : search) as unknown as Element };
  const store = new Map<string, string>([['a', 'draft in a']]);
  const drafts = { get: (ref: string) => store.get(ref) ?? '', set: (ref: string, text: string) => void store.set(ref, text) };
  /** A key pressed on `on` (the event travels through the window first, as a capture listener sees it). */
  const press = (key: string, on: Box = composer, mods: Partial<KeyboardEvent> = {}) => {
    const event = Object.assign(new Event('keydown', { cancelable: true }), { key, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, getModifierState: () => false, ...mods });
    Object.defineProperty(event, 'target', { value: on });
    win.dispatchEvent(event);
    return event.defaultPrevented;
  };
  /** Text (or files) pasted on `on`; true when the paste was held (its default prevented). */
  const paste = (text: string, on: Box = composer, files = 0) => {
    const clipboardData = { files: { length: files }, getData: (type: string) => (type === 'text/plain' ? text : '') };
    const event = Object.assign(new Event('paste', { cancelable: true }), { clipboardData });
    Object.defineProperty(event, 'target', { value: on });
    win.dispatchEvent(event);
    return event.defaultPrevented;
  };
  return { win, composer, search, drafts, store, press, paste };
}

afterEach(() => {
  endHold();
  vi.useRealTimers();
});

describe('keys typed while the keyboard switches conversations', () => {
  it('go to the next conversation’s draft, not the composer being left, until its composer takes over', () => {
    const { win, drafts, store, press } = setUp();
    holdTypingFor('b', win, drafts);
    expect(press('h')).toBe(true);
    expect(press('é')).toBe(true);
    expect(press('👋')).toBe(true);
    expect(store.get('b')).toBe('hé👋');
    expect(store.get('a')).toBe('draft in a');
    // Backspace takes back a held key, never a character of the draft left behind.
    expect(press('Backspace')).toBe(true);
    expect(store.get('b')).toBe('hé'); // the whole emoji
    expect(press('Backspace')).toBe(true);
    expect(press('Backspace')).toBe(true);
    expect(press('Backspace')).toBe(true);
    expect(store.get('b')).toBe('');
    expect(store.get('a')).toBe('draft in a');
    // Enter would have sent the old conversation's draft.
    expect(press('Enter')).toBe(true);
    press('y');
    endHold('b');
    // The next composer has the focus now: keys are its own again.
    expect(press('o')).toBe(false);
    expect(store.get('b')).toBe('y');
  });

  it('lets shortcuts, other keys and an input method’s composition through', () => {
    const { win, drafts, store, press } = setUp();
    holdTypingFor('b', win, drafts);
    expect(press('3', undefined, { ctrlKey: true })).toBe(false);
    expect(press('ArrowDown', undefined, { altKey: true })).toBe(false);
    expect(press('Tab')).toBe(false);
    expect(press('か', undefined, { isComposing: true })).toBe(false);
    // AltGr characters (Alt+Ctrl on Windows layouts) are typing, not a shortcut.
    expect(press('@', undefined, { altKey: true, getModifierState: (m: string) => m === 'AltGraph' })).toBe(true);
    expect(store.get('b')).toBe('@');
  });

  it('holds nothing unless a composer has the focus, and only keys aimed at it', () => {
    const unfocused = setUp('search');
    holdTypingFor('b', unfocused.win, unfocused.drafts);
    expect(unfocused.press('h', unfocused.search)).toBe(false);
    expect(unfocused.store.get('b')).toBeUndefined();
    endHold();

    const focused = setUp();
    holdTypingFor('b', focused.win, focused.drafts);
    expect(focused.press('h', focused.search)).toBe(false);
    expect(focused.store.get('b')).toBeUndefined();
  });

  it('takes the held text along when the keyboard switches on before the first switch landed', () => {
    const { win, drafts, store, press } = setUp();
    store.set('c', 'c draft ');
    holdTypingFor('b', win, drafts);
    press('h');
    press('i');
    holdTypingFor('c', win, drafts);
    press('!');
    expect(store.get('b')).toBe('');
    expect(store.get('c')).toBe('c draft hi!');
    // Another conversation's composer mounting (the first switch's, late) does not end this hold.
    endHold('b');
    expect(press('x')).toBe(true);
    endHold('c');
    expect(press('x')).toBe(false);
  });

  it('a switch that is over ends its own hold only, not a later switch’s to the same conversation', () => {
    const { win, drafts, store, press } = setUp();
    // Ctrl+2 (to b), its composer mounts; Ctrl+1 (back to a), its composer mounts; the first
    // open has not finished (its server fetch is slow).
    const firstOver = holdTypingFor('b', win, drafts);
    endHold('b');
    const backOver = holdTypingFor('a', win, drafts);
    endHold('a');
    backOver();
    // Ctrl+2 again, then "hey" at once, while the first open to b finishes.
    const againOver = holdTypingFor('b', win, drafts);
    expect(press('h')).toBe(true);
    firstOver();
    expect(press('e')).toBe(true);
    expect(press('y')).toBe(true);
    expect(store.get('b')).toBe('hey');
    // A switch retargeted by the next one (Ctrl+2, then Ctrl+3 before it landed): the first
    // one being over leaves the hold on; the one it now serves ends it.
    const toC = holdTypingFor('c', win, drafts);
    againOver();
    expect(press('!')).toBe(true);
    expect(store.get('c')).toBe('hey!');
    toC();
    expect(press('x')).toBe(false);
  });

  it('ends on its own if no composer ever takes over, and what was held stays in the draft', () => {
    vi.useFakeTimers();
    const { win, drafts, store, press } = setUp();
    holdTypingFor('b', win, drafts);
    press('h');
    vi.advanceTimersByTime(HOLD_AT_MOST_MS);
    expect(press('i')).toBe(false);
    expect(store.get('b')).toBe('h');
  });
  it('holds text pasted into the composer being left, which Backspace then takes back a character at a time', () => {
    const { win, drafts, store, press, paste, search } = setUp();
    holdTypingFor('b', win, drafts);
    expect(paste('pasted 👍')).toBe(true);
    press('!');
    expect(store.get('b')).toBe('pasted 👍!');
    expect(store.get('a')).toBe('draft in a');
    press('Backspace');
    press('Backspace');
    expect(store.get('b')).toBe('pasted ');
    // Files go to the composer's own paste handling; a paste elsewhere is not the composer's.
    expect(paste('', undefined, 1)).toBe(false);
    expect(paste('x', search)).toBe(false);
    endHold('b');
    expect(paste('after')).toBe(false);
    expect(store.get('b')).toBe('pasted ');
  });
});
