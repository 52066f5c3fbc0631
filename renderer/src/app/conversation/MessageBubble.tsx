import { memo, useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import type { MessageStatus as MessageStatusValue } from '../../contract';
import type { StoredMessage } from '../../db/database';
import { t } from '../../i18n';
import { formatClock, formatFullDateTime } from '../../i18n/time';
import { avatarColor } from '../../lib/avatar';
import { Avatar } from '../common/Avatar';
import { RetryIcon } from '../common/icons';
import { AttachmentView } from './AttachmentView';
import { MessageStatus } from './MessageStatus';
import { messageActions } from './message-actions';
import { MessageActions } from './MessageActions';
import { MessageEditor } from './MessageEditor';
import { MessageText } from './MessageText';
import { takeEditRequest, useEditRequested } from '../keyboard/edit-request';
import { focusComposer } from '../keyboard/focus';
import { useLanguage } from '../../i18n/use-language';

interface Props {
  conversationRef: string;
  message: StoredMessage;
  own: boolean;
  /** Follows a message from the same sender: tighter spacing. */
  grouped: boolean;
  /** My message's status as computed from the members' marks (receipts.ts), when the protocol reports them. */
  receiptStatus?: MessageStatusValue;
  /** Groups: who saw my message, IDs joined by commas (a string keeps memo's comparison cheap). */
  seenBy?: string;
  /** Write "Seen by N" out (my newest message); elsewhere it is in the tooltip. */
  showSeenBy?: boolean;
  /** Someone else's message in a group: room on the left for the senders' avatars. */
  gutter?: boolean;
  /** The first of a run in a group: who wrote it, shown with their avatar. */
  sender?: { id: string; name: string } | undefined;
  /**
   * False while the thread's first frame paints: the Edit / Delete toolbar (hidden until
   * hover or focus, and most of a row's elements) is built in the frame after.
   */
  withToolbar?: boolean;
}

// The text is React text nodes (and allowlisted links, MessageText): never parsed as HTML.
export const MessageBubble = memo(function MessageBubble({ conversationRef, message: m, own, grouped, receiptStatus, seenBy, showSeenBy, gutter, sender, withToolbar = true }: Props) {
  useLanguage(); // memo: re-render in a newly chosen language
  const client = useClient();
  const classes = ['message', own ? 'message--own' : 'message--other'];
  if (grouped) classes.push('message--grouped');
  if (gutter) classes.push('message--gutter');
  if (m.status === 'failed') classes.push('message--failed');
  const attachments = m.deleted ? [] : (m.attachments ?? []);
  // Edit / Delete: my own sent messages only, where the protocol can (message-actions.ts).
  const capabilities = useParley((s) => s.accounts[m.accountId]?.capabilities);
  const actions = messageActions(m, own, capabilities);
  const [editing, setEditing] = useState(false);
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const self = useRef<HTMLDivElement>(null);
  /** Keyboard: where focus goes back to when the editor or the menu closes (its row, or the composer after Up there). */
  const editFromComposer = useRef(false);
  const focusRow = () => self.current?.closest<HTMLElement>('[data-row-key]')?.focus({ preventScroll: true });
  const closeMenu = useCallback(() => {
    setMenuAt(null);
    // The menu had focus: it goes back to the message rather than to the page.
    if (self.current?.contains(document.activeElement)) focusRow();
  }, []);
  // Up in an empty composer asked to edit this message (keyboard/edit-request.ts).
  const editRequested = useEditRequested(m.key);
  useEffect(() => {
    if (!editRequested || !takeEditRequest(m.key) || !actions.edit) return;
    editFromComposer.current = true;
    setEditing(true);
  }, [editRequested, m.key, actions.edit]);
  const doneEditing = () => {
    setEditing(false);
    const active = document.activeElement;
    if (active && active !== document.body && !self.current?.contains(active)) return;
    if (editFromComposer.current) focusComposer();
    else focusRow();
    editFromComposer.current = false;
  };
  // A message deleted meanwhile (from my other device) closes its editor.
  const showEditor = editing && actions.edit;
  const offersActions = (actions.edit || actions.delete) && !showEditor;
  const onContextMenu = offersActions
    ? (e: MouseEvent) => {
        e.preventDefault();
        setMenuAt({ x: e.clientX, y: e.clientY });
      }
    : undefined;
  return (
    <div
      ref={self}
      className={classes.join(' ')}
      data-testid="message"
      data-message-key={m.key}
      data-message-id={m.id ?? ''}
      data-status={receiptStatus ?? m.status}
      data-own={own ? 'true' : 'false'}
      data-sender-id={m.senderId}
      data-editing={showEditor ? 'true' : undefined}
      onContextMenu={onContextMenu}
    >
      {sender && (
        <>
          <span className="message__avatar" data-testid="message-sender-avatar">
            <Avatar id={sender.id} name={sender.name} size={28} />
          </span>
          <span className="message__sender" data-testid="message-sender" style={{ color: avatarColor(sender.id) }} dir="auto">
            {sender.name}
          </span>
        </>
      )}
      <div className="message__bubble">
        {attachments.map((a) => (
          <AttachmentView key={a.id} attachment={a} />
        ))}
        {showEditor && m.id && <MessageEditor conversationRef={conversationRef} messageId={m.id} text={m.text} onDone={doneEditing} />}
        {!showEditor && (m.deleted || m.text || attachments.length === 0) && (
          m.deleted ? (
            <p className="message__text message__text--deleted" data-testid="message-text" dir="auto">
              {t('message.deleted')}
            </p>
          ) : (
            <MessageText text={m.text} />
          )
        )}
        <span className="message__meta">
          {m.editedAt !== undefined && !m.deleted && (
            <span className="message__edited" data-testid="message-edited" title={formatFullDateTime(m.editedAt)}>
              {t('message.edited')}
            </span>
          )}
          <time dateTime={new Date(m.sentAt).toISOString()} title={formatFullDateTime(m.sentAt)}>
            {formatClock(m.sentAt)}
          </time>
          {own && (
            <MessageStatus
              status={receiptStatus ?? m.status}
              accountId={m.accountId}
              {...(seenBy ? { seenBy: seenBy.split(','), showSeenBy: showSeenBy === true } : {})}
            />
          )}
        </span>
      </div>
      {offersActions && m.id && withToolbar && (
        <MessageActions
          conversationRef={conversationRef}
          messageId={m.id}
          actions={actions}
          onEdit={() => {
            editFromComposer.current = false;
            setEditing(true);
          }}
          menuAt={menuAt}
          onMenuClose={closeMenu}
          confirmingDelete={confirmingDelete}
          onConfirmDelete={setConfirmingDelete}
        />
      )}
      {m.status === 'failed' && (
        <div className="message__failure" role="alert">
          {/* The bubble already says "Not sent"; this line says why. */}
          {m.error && <span>{m.error}</span>}
          <button
            type="button"
            className="button button--small"
            data-testid="message-retry"
            onClick={() => void client.retry(conversationRef, m.key)}
          >
            <RetryIcon width={14} height={14} />
            {t('message.retry')}
          </button>
        </div>
      )}
    </div>
  );
});
