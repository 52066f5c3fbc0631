// The search box at the top of the sidebar. Ctrl+K (Cmd+K on a Mac) focuses it from
// anywhere in the window; Esc clears it (and, when already empty, leaves it); Arrow Down
// moves to the first result, Enter opens it.

import { forwardRef, type KeyboardEvent } from 'react';
import { t } from '../../i18n';
import { CloseIcon, SearchIcon } from '../common/icons';
import { PLATFORM } from '../keyboard/platform';
import { useShortcut } from '../keyboard/shortcut-registry';
import { ariaKeyShortcuts, formatCombo, shortcut } from '../keyboard/shortcuts';

interface Props {
  value: string;
  onChange(value: string): void;
  /** Arrow Down / Enter in the box: to the results. */
  onToResults(how: 'focus' | 'open'): void;
}

export const SearchBox = forwardRef<HTMLInputElement, Props>(function SearchBox({ value, onChange, onToResults }, ref) {
  // Ctrl/Cmd+K: the jump box (conversations by name first, then messages), from anywhere.
  useShortcut('search', () => {
    const input = typeof ref === 'function' ? null : ref?.current;
    input?.focus();
    input?.select();
  });

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (value) onChange('');
      else event.currentTarget.blur();
    } else if (event.key === 'ArrowDown' && value.trim()) {
      event.preventDefault();
      onToResults('focus');
    } else if (event.key === 'Enter' && value.trim()) {
      event.preventDefault();
      onToResults('open');
    }
  }

  const keys = formatCombo(shortcut('search').combos[0]!, PLATFORM);
  return (
    <div className="search-box" role="search">
      <SearchIcon className="search-box__icon" width={16} height={16} />
      <input
        ref={ref}
        className="search-box__input"
        data-testid="search-input"
        type="text"
        value={value}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        aria-keyshortcuts={ariaKeyShortcuts('search', PLATFORM)}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {value ? (
        <button type="button" className="search-box__clear" data-testid="search-clear" aria-label={t('search.clear')} title={t('search.clear')} onClick={() => onChange('')}>
          <CloseIcon width={14} height={14} />
        </button>
      ) : (
        <kbd className="search-box__shortcut" aria-hidden="true">
          {keys}
        </kbd>
      )}
    </div>
  );
});
