// Edit and Delete on one of my own messages: a small toolbar that shows while the pointer
// is over the message (or focus is in it: keyboard users Tab to it), and the same items in
// a context menu on right-click. Delete asks first; a refusal shows in the server's words
// inside the dialog. Offered only where message-actions.ts says so.

import { useEffect, useRef } from 'react';
import { useClient } from '../../client/ClientProvider';
import { t } from '../../i18n';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ComposeIcon, TrashIcon } from '../common/icons';
import type { MessageActions as Actions } from './message-actions';
import './message-actions.css';

interface Props {
  conversationRef: string;
  messageId: string;
  actions: Actions;
  onEdit(): void;
  /** Where a right-click opened the context menu (viewport coordinates), or null. */
  menuAt: { x: number; y: number } | null;
  onMenuClose(): void;
  confirmingDelete: boolean;
  onConfirmDelete(confirming: boolean): void;
}

export function MessageActions({ conversationRef, messageId, actions, onEdit, menuAt, onMenuClose, confirmingDelete, onConfirmDelete }: Props) {
  const client = useClient();
  return (
    <>
      <div className="message-actions" data-testid="message-actions" role="toolbar" aria-label={t('message.actions')}>
        {actions.edit && (
          <button type="button" className="message-actions__button" data-testid="message-edit" aria-label={t('message.edit')} title={t('message.edit')} onClick={onEdit}>
            <ComposeIcon width={16} height={16} />
          </button>
        )}
        {actions.delete && (
          <button
            type="button"
            className="message-actions__button"
            data-testid="message-delete"
            aria-label={t('message.delete')}
            title={t('message.delete')}
            onClick={() => onConfirmDelete(true)}
          >
            <TrashIcon width={16} height={16} />
          </button>
        )}
      </div>
      {menuAt && <ContextMenu at={menuAt} actions={actions} onEdit={onEdit} onDelete={() => onConfirmDelete(true)} onClose={onMenuClose} />}
      {confirmingDelete && (
        <ConfirmDialog
          message={t('message.deleteConfirm')}
          confirmLabel={t('message.deleteConfirmAction')}
          onConfirm={() => client.deleteMessage(conversationRef, messageId)}
          onClose={() => onConfirmDelete(false)}
        />
      )}
    </>
  );
}

function ContextMenu({ at, actions, onEdit, onDelete, onClose }: { at: { x: number; y: number }; actions: Actions; onEdit(): void; onDelete(): void; onClose(): void }) {
  const menu = useRef<HTMLDivElement>(null);

  // Closes on a click elsewhere, Escape, scrolling or leaving the window, as menus do.
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      // Up / Down / Home / End move between the items, as in any menu.
      const items = Array.from(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
      const at = items.indexOf(document.activeElement as HTMLButtonElement);
      const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
      if (to === undefined || items.length === 0) return;
      e.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    window.addEventListener('blur', onClose);
    document.addEventListener('scroll', onClose, true);
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('blur', onClose);
      document.removeEventListener('scroll', onClose, true);
    };
  }, [onClose]);

  const run = (action: () => void) => () => {
    onClose();
    action();
  };
  // Kept inside the window: a right-click near an edge opens the menu towards the middle.
  const style = { left: Math.min(at.x, window.innerWidth - 180), top: Math.min(at.y, window.innerHeight - 100) };
  return (
    <div ref={menu} className="menu message-menu" role="menu" data-testid="message-menu" aria-label={t('message.actions')} style={style}>
      {actions.edit && (
        <button type="button" role="menuitem" className="menu__item" data-testid="message-menu-edit" onClick={run(onEdit)}>
          {t('message.edit')}
        </button>
      )}
      {actions.delete && (
        <button type="button" role="menuitem" className="menu__item menu__item--danger" data-testid="message-menu-delete" onClick={run(onDelete)}>
          {t('message.delete')}
        </button>
      )}
    </div>
  );
}
