// The composer's emoji button and its small picker: category tabs over a grid of common
// emoji (emoji-catalogue.ts), drawn by the system's emoji font. Keyboard: the button opens
// it with focus on the first emoji; arrows, Home and End move in the grid; Enter or Space
// picks; Tab reaches the category tabs; Escape closes and gives focus back to the box.
// Picking calls `onPick` (the composer inserts at its caret) and closes the picker.

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { t, type MessageKey } from '../../i18n';
import { SmileIcon } from '../common/icons';
import { EMOJI_CATEGORIES, gridMove, type EmojiCategoryId } from './emoji-catalogue';

interface Props {
  onPick(emoji: string): void;
  /** Closed without a pick (Escape, a click elsewhere): where focus goes back to. */
  onClose(): void;
  disabled?: boolean;
}

export function EmojiPicker({ onPick, onClose, disabled }: Props) {
  const [open, setOpen] = useState(false);
  const [categoryId, setCategoryId] = useState<EmojiCategoryId>('smileys');
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const category = EMOJI_CATEGORIES.find((c) => c.id === categoryId) ?? EMOJI_CATEGORIES[0]!;

  // A click elsewhere closes it, as popovers do (focus stays where the click put it).
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  // The focused cell follows `active` (roving tabindex): one Tab stop for the whole grid.
  useEffect(() => {
    if (!open) return;
    grid.current?.querySelector<HTMLButtonElement>(`[data-index="${active}"]`)?.focus();
  }, [open, active, categoryId]);

  function close() {
    setOpen(false);
    onClose();
  }

  function pick(emoji: string) {
    setOpen(false);
    onPick(emoji);
  }

  function onGridKey(e: KeyboardEvent<HTMLDivElement>) {
    const next = gridMove(active, e.key, category.emoji.length);
    if (next === null) return;
    e.preventDefault();
    setActive(next);
  }

  function onPanelKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'Escape') return;
    // Only the picker closes, not the dialog or view around it.
    e.preventDefault();
    e.stopPropagation();
    close();
  }

  return (
    <div className="emoji" ref={root}>
      <button
        type="button"
        className="composer__tool"
        data-testid="emoji-button"
        aria-label={t('composer.emoji')}
        title={t('composer.emoji')}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        disabled={disabled}
        onClick={() => (open ? close() : setOpen(true))}
      >
        <SmileIcon />
      </button>
      {open && (
        <div id={panelId} className="emoji__panel" role="dialog" aria-label={t('composer.emojiPicker')} data-testid="emoji-picker" onKeyDown={onPanelKey}>
          <div className="emoji__tabs" role="tablist" aria-label={t('composer.emojiPicker')}>
            {EMOJI_CATEGORIES.map((c) => {
              const name = t(`emoji.category.${c.id}` as MessageKey);
              return (
                <button
                  key={c.id}
                  type="button"
                  role="tab"
                  className="emoji__tab"
                  data-testid="emoji-category"
                  data-category={c.id}
                  aria-selected={c.id === categoryId}
                  aria-label={name}
                  title={name}
                  onClick={() => {
                    setCategoryId(c.id);
                    setActive(0);
                  }}
                >
                  {c.emoji[0]![0]}
                </button>
              );
            })}
          </div>
          <div className="emoji__grid" role="group" aria-label={t(`emoji.category.${category.id}` as MessageKey)} ref={grid} onKeyDown={onGridKey}>
            {category.emoji.map(([char, name], i) => (
              <button
                key={char}
                type="button"
                className="emoji__cell"
                data-testid="emoji-option"
                data-index={i}
                data-emoji={char}
                tabIndex={i === active ? 0 : -1}
                aria-label={name}
                title={name}
                onClick={() => pick(char)}
              >
                {char}
              </button>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
