// The composer's rules, free of React and the DOM so that tests state them exactly: what a
// key does, how tall the box is, where an emoji goes, and what text is sent. Shared by the
// composer and the inline editor of a sent message.

/** The box grows with its text up to this height, then scrolls. */
export const COMPOSER_MAX_HEIGHT_PX = 200;

export type KeyAction = 'send' | 'newline' | 'none';

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  /** Enter that confirms an IME candidate (Chinese, Japanese, ...) is never "send". */
  isComposing: boolean;
}

/** Enter sends; Shift+Enter is a new line (the textarea's own behaviour); anything else types. */
export function keyAction(e: KeyLike): KeyAction {
  if (e.key !== 'Enter' || e.isComposing) return 'none';
  return e.shiftKey ? 'newline' : 'send';
}

/** The box's height for its content: the content's own height, up to the limit (then it scrolls). */
export function composerHeight(contentHeight: number, maxHeight = COMPOSER_MAX_HEIGHT_PX): { height: number; scrolls: boolean } {
  return { height: Math.min(contentHeight, maxHeight), scrolls: contentHeight > maxHeight };
}

/**
 * `insert` put in place of the selection [start, end) (or at the caret when they are
 * equal); the caret lands just after it. Positions outside the text are clamped.
 */
export function insertAtCaret(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  const from = clamp(Math.min(start, end), 0, text.length);
  const to = clamp(Math.max(start, end), 0, text.length);
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}

/**
 * The text as it is sent, or null when there is nothing to send. Indentation, tabs, blank
 * lines and trailing spaces inside the text are the author's (code, poems, ASCII art) and
 * stay exactly as typed or pasted: only whole blank lines before the first line of text and
 * whitespace after the last character are dropped (an Enter typed too many, a paste ending
 * in a newline). The first line keeps its own indentation.
 */
export function textToSend(text: string): string | null {
  if (text.trim() === '') return null;
  const withoutLeadingBlankLines = text.replace(/^(?:[ \t]*\r?\n)+/, '');
  return withoutLeadingBlankLines.replace(/\s+$/, '');
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Number.isFinite(n) ? n : max));
}
