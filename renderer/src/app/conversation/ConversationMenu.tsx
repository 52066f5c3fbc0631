// The conversation's "…" menu: nudge, mute, pin, block the peer, leave a group, delete my copy.
// Each item appears only where the account's protocol and the user's place allow it
// (conversation-actions.ts). What the server refuses shows under the header in its words.

import { useEffect, useId, useRef, useState } from 'react';
import { useClient } from '../../client/ClientProvider';
import type { Conversation, Result } from '../../contract';
import { t } from '../../i18n';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { MoreIcon } from '../common/icons';
import type { ConversationActions } from './conversation-actions';
import { errorText } from '../common/error-text';

type Confirming = 'leave' | 'delete' | null;

export function ConversationMenu({
  conversation: c,
  conversationRef,
  actions,
  peerName,
}: {
  conversation: Conversation;
  conversationRef: string;
  actions: ConversationActions;
  peerName: string;
}) {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();

  // Closes on a click elsewhere and on Escape, as menus do.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const any = actions.nudge || actions.mute || actions.pin || actions.block || actions.leave || actions.clearHistory;
  if (!any) return null;

  async function run(action: () => Promise<Result<null>>) {
    setOpen(false);
    setError(null);
    const result = await action();
    if (!result.ok) setError(t('conversation.actionFailed', { message: errorText(result.error) }));
  }

  const block = actions.block;
  return (
    <div className="conversation-menu" ref={root}>
      <button
        type="button"
        className="icon-button"
        data-testid="conversation-menu-button"
        aria-label={t('conversation.menu')}
        title={t('conversation.menu')}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <MoreIcon />
      </button>
      {open && (
        <div id={menuId} className="menu" role="menu" data-testid="conversation-menu" aria-label={t('conversation.menu')}>
          {actions.nudge && (
            // Main drops a second nudge within 10 s (no error); the line in the timeline is the feedback.
            <button type="button" role="menuitem" className="menu__item" data-testid="menu-nudge" onClick={() => void run(() => client.nudge(conversationRef))}>
              {t('conversation.nudge')}
            </button>
          )}
          {actions.mute && (
            <button type="button" role="menuitem" className="menu__item" data-testid="menu-mute" onClick={() => void run(() => client.setMuted(conversationRef, !c.muted))}>
              {t(c.muted ? 'conversation.unmute' : 'conversation.mute')}
            </button>
          )}
          {actions.pin && (
            <button type="button" role="menuitem" className="menu__item" data-testid="menu-pin" onClick={() => void run(() => client.setPinned(conversationRef, !c.pinned))}>
              {t(c.pinned ? 'conversation.unpin' : 'conversation.pin')}
            </button>
          )}
          {block && (
            <button
              type="button"
              role="menuitem"
              className="menu__item"
              data-testid="menu-block"
              onClick={() => void run(() => client.setBlocked(conversationRef, block.userId, !block.blocked))}
            >
              {t(block.blocked ? 'conversation.unblock' : 'conversation.block', { name: peerName })}
            </button>
          )}
          {actions.leave && (
            <button type="button" role="menuitem" className="menu__item menu__item--danger" data-testid="menu-leave" onClick={() => (setOpen(false), setConfirming('leave'))}>
              {t('members.leave')}
            </button>
          )}
          {actions.clearHistory && (
            <button type="button" role="menuitem" className="menu__item menu__item--danger" data-testid="menu-delete" onClick={() => (setOpen(false), setConfirming('delete'))}>
              {t('conversation.delete')}
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="conversation-menu__error inline-error" role="alert" data-testid="conversation-action-error">
          {error}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          message={
            confirming === 'leave'
              ? t('members.leaveConfirm', { title: c.title })
              : t(c.kind === 'group' ? 'conversation.deleteConfirmGroup' : 'conversation.deleteConfirm')
          }
          confirmLabel={confirming === 'leave' ? t('members.leave') : t('conversation.delete')}
          onConfirm={() => (confirming === 'leave' ? client.leaveGroup(conversationRef) : client.clearHistory(conversationRef))}
          onClose={() => setConfirming(null)}
        />
      )}
    </div>
  );
}
