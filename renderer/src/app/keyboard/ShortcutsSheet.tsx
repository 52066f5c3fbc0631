// The keyboard-shortcuts sheet (Ctrl+/ or Cmd+/): every shortcut of the table, by group,
// written for this system (Cmd on macOS). A modal <dialog>: Esc closes it, focus comes back.

import { useEffect, useId, useRef } from 'react';
import { t, type MessageKey } from '../../i18n';
import { CloseIcon } from '../common/icons';
import { PLATFORM } from './platform';
import { formatCombo, GROUPS, SHORTCUTS } from './shortcuts';
import '../sidebar/dialog.css';
import './shortcuts-sheet.css';

export function ShortcutsSheet({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog shortcuts-sheet"
      data-testid="shortcuts-sheet"
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => e.target === dialog.current && onClose() /* a click on the backdrop */}
    >
      <div className="dialog__panel">
        <header className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {t('shortcuts.title')}
          </h2>
          <button type="button" className="icon-button" data-testid="shortcuts-close" aria-label={t('shortcuts.close')} onClick={onClose}>
            <CloseIcon />
          </button>
        </header>
        <div className="shortcuts-sheet__groups">
          {GROUPS.map((group) => (
            <section key={group} className="shortcuts-sheet__group" aria-labelledby={`${titleId}-${group}`}>
              <h3 id={`${titleId}-${group}`} className="shortcuts-sheet__heading">
                {t(`shortcuts.group.${group}` as MessageKey)}
              </h3>
              <dl className="shortcuts-sheet__list">
                {SHORTCUTS.filter((sc) => sc.group === group).map((sc) => (
                  <div key={sc.id} className="shortcuts-sheet__row" data-testid="shortcut" data-shortcut-id={sc.id}>
                    <dt className="shortcuts-sheet__label">{t(sc.label)}</dt>
                    <dd className="shortcuts-sheet__keys">
                      {sc.combos.map((combo, i) => (
                        <span key={i}>
                          {i > 0 && <span className="shortcuts-sheet__or">{t('shortcuts.or')}</span>}
                          <kbd className="kbd">{formatCombo(combo, PLATFORM)}</kbd>
                        </span>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </dialog>
  );
}
