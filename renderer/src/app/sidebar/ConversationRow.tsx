import { memo } from 'react';
import { useClient } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { formatFullDateTime, formatListTime } from '../../i18n/time';
import { Avatar } from '../common/Avatar';

interface Props {
  conversation: Conversation;
  selected: boolean;
  myUserId: string | undefined;
  now: number;
}

function previewText(c: Conversation, myUserId: string | undefined): string {
  const last = c.lastMessage;
  if (!last) return t('conversations.previewEmpty');
  // Newlines would break the one-line preview; the whole text is in the thread.
  const text = last.text.replace(/\s+/g, ' ').trim() || t('conversations.previewDeleted');
  return last.senderId === myUserId ? t('conversations.previewYou', { text }) : text;
}

export const ConversationRow = memo(function ConversationRow({ conversation: c, selected, myUserId, now }: Props) {
  const client = useClient();
  return (
    <button
      type="button"
      className="conversation-row"
      data-testid="conversation-item"
      data-conversation-id={c.id}
      aria-current={selected ? 'page' : undefined}
      onClick={() => void client.openConversation(c.id)}
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
        <span className="conversation-row__preview" data-testid="conversation-preview">
          {previewText(c, myUserId)}
        </span>
      </span>
    </button>
  );
});
