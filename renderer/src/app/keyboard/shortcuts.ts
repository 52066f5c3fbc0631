// Every keyboard shortcut of the app, in one table: the key handlers match events against it
// (matchShortcut / matchesShortcut) and the shortcuts sheet lists it (formatCombo), so what the
// sheet says is what the keys do. `mod` is Cmd on macOS and Ctrl elsewhere (platform.ts).
//
// Call shortcuts follow Microsoft Teams (Ctrl+Shift+A / S to accept with / without video,
// D to decline, H to hang up, M to mute, O for the camera); Signal Desktop shares the mute key.

import { t, type MessageKey } from '../../i18n';
import type { Platform } from './platform';

export interface KeyCombo {
  /** Cmd on macOS, Ctrl elsewhere. */
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
  /** A KeyboardEvent.key ('k', 'ArrowUp', 'Escape', '/'), or 'Digit' for 1 to 9 (matched by code: layout-proof). */
  key: string;
  /** Shift does not matter ('/' needs Shift on some layouts). */
  anyShift?: boolean;
}

export type ShortcutGroup = 'general' | 'conversations' | 'messages' | 'calls';

export interface Shortcut {
  id: ShortcutId;
  group: ShortcutGroup;
  label: MessageKey;
  combos: readonly KeyCombo[];
  /** Handled wherever focus is (one document listener: shortcut-registry.ts); else by the focused part only. */
  global: boolean;
}

export type ShortcutId =
  | 'showShortcuts'
  | 'search'
  | 'closeDialog'
  | 'openConversation'
  | 'previousConversation'
  | 'nextConversation'
  | 'toComposer'
  | 'send'
  | 'newLine'
  | 'editLast'
  | 'messageUp'
  | 'messageDown'
  | 'firstMessage'
  | 'lastMessage'
  | 'messageMenu'
  | 'backToComposer'
  | 'acceptVideo'
  | 'acceptAudio'
  | 'declineCall'
  | 'hangUp'
  | 'toggleMute'
  | 'toggleCamera';

const s = (id: ShortcutId, group: ShortcutGroup, label: MessageKey, global: boolean, ...combos: KeyCombo[]): Shortcut => ({ id, group, label, combos, global });

export const SHORTCUTS: readonly Shortcut[] = [
  s('showShortcuts', 'general', 'shortcuts.showShortcuts', true, { mod: true, key: '/', anyShift: true }),
  s('search', 'general', 'shortcuts.search', true, { mod: true, key: 'k' }),
  s('closeDialog', 'general', 'shortcuts.closeDialog', false, { key: 'Escape' }),

  s('openConversation', 'conversations', 'shortcuts.openConversation', true, { mod: true, key: 'Digit' }),
  s('previousConversation', 'conversations', 'shortcuts.previousConversation', true, { alt: true, key: 'ArrowUp' }),
  s('nextConversation', 'conversations', 'shortcuts.nextConversation', true, { alt: true, key: 'ArrowDown' }),
  s('toComposer', 'conversations', 'shortcuts.toComposer', false, { key: 'Enter' }),

  s('send', 'messages', 'shortcuts.send', false, { key: 'Enter' }),
  s('newLine', 'messages', 'shortcuts.newLine', false, { shift: true, key: 'Enter' }),
  s('editLast', 'messages', 'shortcuts.editLast', false, { key: 'ArrowUp' }),
  s('messageUp', 'messages', 'shortcuts.messageUp', false, { key: 'ArrowUp' }),
  s('messageDown', 'messages', 'shortcuts.messageDown', false, { key: 'ArrowDown' }),
  s('firstMessage', 'messages', 'shortcuts.firstMessage', false, { key: 'Home' }),
  s('lastMessage', 'messages', 'shortcuts.lastMessage', false, { key: 'End' }),
  s('messageMenu', 'messages', 'shortcuts.messageMenu', false, { shift: true, key: 'F10' }, { key: 'ContextMenu' }),
  s('backToComposer', 'messages', 'shortcuts.backToComposer', false, { key: 'Escape' }),

  s('acceptVideo', 'calls', 'shortcuts.acceptVideo', true, { mod: true, shift: true, key: 'a' }),
  s('acceptAudio', 'calls', 'shortcuts.acceptAudio', true, { mod: true, shift: true, key: 's' }),
  s('declineCall', 'calls', 'shortcuts.declineCall', true, { mod: true, shift: true, key: 'd' }),
  s('hangUp', 'calls', 'shortcuts.hangUp', true, { mod: true, shift: true, key: 'h' }),
  s('toggleMute', 'calls', 'shortcuts.toggleMute', true, { mod: true, shift: true, key: 'm' }),
  s('toggleCamera', 'calls', 'shortcuts.toggleCamera', true, { mod: true, shift: true, key: 'o' }),
];

export const GROUPS: readonly ShortcutGroup[] = ['general', 'conversations', 'messages', 'calls'];

const BY_ID = new Map(SHORTCUTS.map((sc) => [sc.id, sc]));

export function shortcut(id: ShortcutId): Shortcut {
  return BY_ID.get(id)!;
}

/** The part of a KeyboardEvent the table looks at (a plain object in unit tests). */
export type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & { isComposing?: boolean };

/** The digit 1–9 a combo with key 'Digit' matched, 0 if it matched another key, null if it did not match. */
function comboMatch(combo: KeyCombo, e: KeyLike, platform: Platform): number | null {
  if (e.isComposing) return null; // an IME is composing: the keys are its own
  const mod = platform === 'mac' ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  const noMod = !e.metaKey && !e.ctrlKey;
  if (combo.mod ? !mod : !noMod) return null;
  if (!!combo.alt !== e.altKey) return null;
  if (!combo.anyShift && !!combo.shift !== e.shiftKey) return null;
  if (combo.key === 'Digit') {
    const m = /^Digit([1-9])$/.exec(e.code) ?? /^([1-9])$/.exec(e.key);
    return m ? Number(m[1]) : null;
  }
  return e.key.toLowerCase() === combo.key.toLowerCase() ? 0 : null;
}

/** Whether the event is this shortcut (for the handlers of one part: the composer, the message list). */
export function matchesShortcut(id: ShortcutId, e: KeyLike, platform: Platform): boolean {
  return shortcut(id).combos.some((c) => comboMatch(c, e, platform) !== null);
}

/** The global shortcut the event is, with its digit (Ctrl+1…9), or null. */
export function matchShortcut(e: KeyLike, platform: Platform): { id: ShortcutId; digit: number } | null {
  for (const sc of SHORTCUTS) {
    if (!sc.global) continue;
    for (const combo of sc.combos) {
      const digit = comboMatch(combo, e, platform);
      if (digit !== null) return { id: sc.id, digit };
    }
  }
  return null;
}

const KEY_NAMES: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  Escape: 'Esc',
  ContextMenu: 'Menu',
  Digit: '1…9',
};
const MAC_KEY_NAMES: Record<string, string> = { ...KEY_NAMES, Enter: '↩', Escape: '⎋' };

/** How a combo is written on this system: "Ctrl+Shift+H" / "⇧⌘H", "Alt+↑" / "⌥↑". */
export function formatCombo(combo: KeyCombo, platform: Platform): string {
  const names = platform === 'mac' ? MAC_KEY_NAMES : KEY_NAMES;
  const key = names[combo.key] ?? (combo.key.length === 1 ? combo.key.toUpperCase() : combo.key);
  if (platform === 'mac') {
    // macOS order: Control, Option, Shift, Command, then the key, with no separators.
    return `${combo.alt ? '⌥' : ''}${combo.shift ? '⇧' : ''}${combo.mod ? '⌘' : ''}${key}`;
  }
  return [combo.mod && 'Ctrl', combo.alt && 'Alt', combo.shift && 'Shift', key].filter(Boolean).join('+');
}

/** A tooltip with the shortcut: "Hang up (Ctrl+Shift+H)". */
export function withKeys(label: string, id: ShortcutId, platform: Platform): string {
  return t('shortcuts.withKeys', { label, keys: formatCombo(shortcut(id).combos[0]!, platform) });
}

/** The value of aria-keyshortcuts for a shortcut ("Control+K", "Meta+K"). */
export function ariaKeyShortcuts(id: ShortcutId, platform: Platform): string {
  return shortcut(id)
    .combos.map((c) =>
      [c.mod && (platform === 'mac' ? 'Meta' : 'Control'), c.alt && 'Alt', c.shift && 'Shift', c.key === 'Digit' ? '1' : c.key.length === 1 ? c.key.toUpperCase() : c.key]
        .filter(Boolean)
        .join('+'),
    )
    .join(' ');
}
