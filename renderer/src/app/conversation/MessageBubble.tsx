import { memo } from 'react';
import { useClient } from '../../client/ClientProvider';
import type { StoredMessage } from '../../db/database';
import { t } from '../../i18n';
import { formatClock, formatFullDateTime } from '../../i18n/time';
import { RetryIcon } from '../common/icons';
import { AttachmentView } from './AttachmentView';
import { MessageStatus } from './MessageStatus';

interface Props {
  conversationRef: string;
  message: StoredMessage;
  own: boolean;
  /** Follows a message from the same sender: tighter spacing. */
  grouped: boolean;
}

// The text is a React text child: rendered as text, never parsed as HTML.
export const MessageBubble = memo(function MessageBubble({ conversationRef, message: m, own, grouped }: Props) {
  const client = useClient();
  const classes = ['message', own ? 'message--own' : 'message--other'];
  if (grouped) classes.push('message--grouped');
  if (m.status === 'failed') classes.push('message--failed');
  const attachments = m.deleted ? [] : (m.attachments ?? []);
  return (
    <div
      className={classes.join(' ')}
      data-testid="message"
      data-message-key={m.key}
      data-message-id={m.id ?? ''}
      data-status={m.status}
      data-own={own ? 'true' : 'false'}
    >
      <div className="message__bubble">
        {attachments.map((a) => (
          <AttachmentView key={a.id} attachment={a} />
        ))}
        {(m.deleted || m.text || attachments.length === 0) && (
          <p className={m.deleted ? 'message__text message__text--deleted' : 'message__text'} data-testid="message-text" dir="auto">
            {m.deleted ? t('message.deleted') : m.text}
          </p>
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
          {own && <MessageStatus status={m.status} />}
        </span>
      </div>
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
