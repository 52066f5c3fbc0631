import { memo } from 'react';
import { useClient } from '../../client/ClientProvider';
import { conversationRef, type Conversation } from '../../contract';
import { t } from '../../i18n';
import { formatFullDateTime, formatListTime } from '../../i18n/time';
import { Avatar } from '../common/Avatar';

interface Props {
  conversation: Conversation;
  selected: boolean;
  myUserId: string | undefined;
  /** The account's badge ("alice · talker"), shown when more than one account is signed in. */
  accountLabel: string | null;
  now: number;
}

function previewText(c: Conversation, myUserId: string | undefined): string {
  const last = c.lastMessage;
  if (!last) return t('conversations.previewEmpty');
  // Newlines would break the one-line preview; the whole text is in the thread.
  const text = last.text.replace(/\s+/g, ' ').trim() || t('conversations.previewDeleted');
  return last.senderId === myUserId ? t('conversations.previewYou', { text }) : text;
}

export const ConversationRow = memo(function ConversationRow({ conversation: c, selected, myUserId, accountLabel, now }: Props) {
  const client = useClient();
  const unread = c.unreadCount;
  return (
    <button
      type="button"
      className={unread > 0 ? 'conversation-row conversation-row--unread' : 'conversation-row'}
      data-testid="conversation-item"
      data-account-id={c.accountId}
      data-conversation-id={c.id}
      aria-current={selected ? 'page' : undefined}
      onClick={() => void client.openConversation(conversationRef(c.accountId, c.id))}
    >
      <Avatar id={c.peerId ?? c.id} name={c.title} />
      <span className="conversation-row__body">
        <span className="conversation-row__top">
          <span className="conversation-row__title" data-testid="conversation-title">
            {c.title}
          </span>
          <time
            className="conversation-row__time"
            data-testid="conversation-time"
            dateTime={new Date(c.lastActivityAt).toISOString()}
            title={formatFullDateTime(c.lastActivityAt)}
          >
            {formatListTime(c.lastActivityAt, now)}
          </time>
        </span>
        <span className="conversation-row__bottom">
          <span className="conversation-row__preview" data-testid="conversation-preview">
            {previewText(c, myUserId)}
          </span>
          {unread > 0 && (
            <span
              className={c.muted ? 'unread-badge unread-badge--muted' : 'unread-badge'}
              data-testid="conversation-unread"
              aria-label={t('conversation.unread', { count: unread })}
            >
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </span>
        {accountLabel && (
          <span className="conversation-row__account" data-testid="conversation-account">
            {accountLabel}
          </span>
        )}
      </span>
    </button>
  );
});
