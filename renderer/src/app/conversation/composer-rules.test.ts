import { describe, expect, it } from 'vitest';
import { COMPOSER_MAX_HEIGHT_PX, composerHeight, insertAtCaret, keyAction, textToSend } from './composer-rules';
import { EMOJI_CATEGORIES, gridMove } from './emoji-catalogue';

describe('keys', () => {
  it('Enter sends, Shift+Enter is a new line, Enter confirming an IME candidate does neither, other keys type', () => {
    expect(keyAction({ key: 'Enter', shiftKey: false, isComposing: false })).toBe('send');
    expect(keyAction({ key: 'Enter', shiftKey: true, isComposing: false })).toBe('newline');
    expect(keyAction({ key: 'Enter', shiftKey: false, isComposing: true })).toBe('none');
    expect(keyAction({ key: 'a', shiftKey: false, isComposing: false })).toBe('none');
    expect(keyAction({ key: 'Tab', shiftKey: true, isComposing: false })).toBe('none');
  });
});

describe('growing', () => {
  it('is as tall as its text up to the limit, then stays at the limit and scrolls', () => {
    expect(composerHeight(42)).toEqual({ height: 42, scrolls: false });
    expect(composerHeight(130)).toEqual({ height: 130, scrolls: false });
    expect(composerHeight(COMPOSER_MAX_HEIGHT_PX)).toEqual({ height: COMPOSER_MAX_HEIGHT_PX, scrolls: false });
    expect(composerHeight(COMPOSER_MAX_HEIGHT_PX + 1)).toEqual({ height: COMPOSER_MAX_HEIGHT_PX, scrolls: true });
    expect(composerHeight(5_000)).toEqual({ height: COMPOSER_MAX_HEIGHT_PX, scrolls: true });
    expect(composerHeight(90, 80)).toEqual({ height: 80, scrolls: true });
  });
});

describe('inserting at the caret', () => {
  it('puts the emoji where the caret is and the caret after it', () => {
    expect(insertAtCaret('see you soon', 8, 8, '👋 ')).toEqual({ text: 'see you 👋 soon', caret: 11 });
    expect(insertAtCaret('', 0, 0, '🎉')).toEqual({ text: '🎉', caret: 2 });
    expect(insertAtCaret('ab', 2, 2, '❤️')).toEqual({ text: 'ab❤️', caret: 4 });
  });

  it('replaces a selection, in either direction, and clamps positions outside the text', () => {
    expect(insertAtCaret('I feel sad today', 7, 10, '🙂')).toEqual({ text: 'I feel 🙂 today', caret: 9 });
    expect(insertAtCaret('I feel sad today', 10, 7, '🙂')).toEqual({ text: 'I feel 🙂 today', caret: 9 });
    expect(insertAtCaret('abc', 99, 99, '!')).toEqual({ text: 'abc!', caret: 4 });
    expect(insertAtCaret('abc', -4, 1, '!')).toEqual({ text: '!bc', caret: 1 });
  });
});

describe('the text that is sent', () => {
  it('keeps indentation, tabs, blank lines and spaces inside exactly', () => {
    const code = 'function f() {\n\tif (x) {\n\t\treturn  1;   // two spaces\n\t}\n\n    return 0;\n}';
    expect(textToSend(code)).toBe(code);
    expect(textToSend('    indented first line\n  second')).toBe('    indented first line\n  second');
    expect(textToSend('\ta tab first')).toBe('\ta tab first');
  });

  it('drops only blank lines before the text and whitespace after it', () => {
    expect(textToSend('\n  \n\t  def f():\n\t\tpass\n\n')).toBe('\t  def f():\n\t\tpass');
    expect(textToSend('hello   \n')).toBe('hello');
    expect(textToSend('\r\n\r\n  x\r\n')).toBe('  x');
  });

  it('sends nothing for a blank box', () => {
    expect(textToSend('')).toBeNull();
    expect(textToSend('  \n\t \n')).toBeNull();
  });
});

describe('the emoji grid', () => {
  it('moves by one with left and right, by a row with up and down, never out of the grid', () => {
    expect(gridMove(0, 'ArrowRight', 20, 8)).toBe(1);
    expect(gridMove(0, 'ArrowLeft', 20, 8)).toBe(0);
    expect(gridMove(19, 'ArrowRight', 20, 8)).toBe(19);
    expect(gridMove(3, 'ArrowDown', 20, 8)).toBe(11);
    expect(gridMove(15, 'ArrowDown', 20, 8)).toBe(15); // no cell below
    expect(gridMove(11, 'ArrowUp', 20, 8)).toBe(3);
    expect(gridMove(3, 'ArrowUp', 20, 8)).toBe(3);
    expect(gridMove(9, 'Home', 20, 8)).toBe(0);
    expect(gridMove(9, 'End', 20, 8)).toBe(19);
    expect(gridMove(9, 'a', 20, 8)).toBeNull();
  });

  it('offers each emoji once per category, each with a name', () => {
    for (const c of EMOJI_CATEGORIES) {
      expect(new Set(c.emoji.map(([char]) => char)).size, c.id).toBe(c.emoji.length);
      for (const [char, name] of c.emoji) {
        expect(char.length).toBeGreaterThan(0);
        expect(name.length).toBeGreaterThan(0);
      }
    }
  });
});
