import { memo } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import { conversationRef, type Conversation } from '../../contract';
import { t } from '../../i18n';
import { formatFullDateTime, formatListTime } from '../../i18n/time';
import { Avatar } from '../common/Avatar';
import { BellOffIcon, PinIcon } from '../common/icons';
import { WithPresence } from '../common/PresenceDot';
import { useTypingText, useTypingUserIds } from '../common/useTyping';
import { nudgeText } from '../conversation/nudge-text';
import { systemText } from '../conversation/system-text';
import { previewText } from './preview-text';
import { userName } from '../../store/names';
import { focusComposer } from '../keyboard/focus';
import { useLanguage } from '../../i18n/use-language';

interface Props {
  conversation: Conversation;
  selected: boolean;
  myUserId: string | undefined;
  /** The account's badge ("alice · talker"), shown when more than one account is signed in. */
  accountLabel: string | null;
  now: number;
}

/**
 * A group change as the preview, never "You: …". Said in the user's language when every name
 * is known here; else the server's own words, which name everyone (better than "Someone added
 * Carol"). Only these rows subscribe to the user directory.
 */
function SystemPreview({ conversation: c, myUserId }: { conversation: Conversation; myUserId: string | undefined }) {
  const users = useParley((s) => s.users);
  const accounts = useParley((s) => s.accounts);
  const last = c.lastMessage!;
  let unknown = false;
  const said = systemText(last, (id) => userName({ users, accounts }, c.accountId, id) ?? ((unknown = true), null), myUserId);
  return (
    <span className="conversation-row__preview" data-testid="conversation-preview" dir="auto">
      {unknown ? last.text : said}
    </span>
  );
}

/** A nudge as the preview: "Bob nudged you" / "You nudged Bob", like the timeline's line. */
function NudgePreview({ conversation: c, myUserId }: { conversation: Conversation; myUserId: string | undefined }) {
  const users = useParley((s) => s.users);
  const accounts = useParley((s) => s.accounts);
  const said = nudgeText(c.lastMessage!, c, (id) => userName({ users, accounts }, c.accountId, id, c), myUserId);
  return (
    <span className="conversation-row__preview" data-testid="conversation-preview" data-kind="nudge" dir="auto">
      {said}
    </span>
  );
}

/** While someone types here, the row says so in place of the preview. */
function TypingPreview({ conversation: c, userIds }: { conversation: Conversation; userIds: readonly string[] }) {
  const text = useTypingText(c, userIds);
  return (
    <span className="conversation-row__preview conversation-row__preview--typing" data-testid="conversation-typing" dir="auto">
      {text}
    </span>
  );
}

export const ConversationRow = memo(function ConversationRow({ conversation: c, selected, myUserId, accountLabel, now }: Props) {
  useLanguage(); // memo: re-render in a newly chosen language
  const client = useClient();
  const unread = c.unreadCount;
  const typingIds = useTypingUserIds(conversationRef(c.accountId, c.id), myUserId);
  return (
    <button
      type="button"
      className={unread > 0 ? 'conversation-row conversation-row--unread' : 'conversation-row'}
      data-testid="conversation-item"
      data-account-id={c.accountId}
      data-conversation-id={c.id}
      data-pinned={c.pinned ? 'true' : undefined}
      data-muted={c.muted ? 'true' : undefined}
      data-request={c.request ? 'true' : undefined}
      aria-current={selected ? 'page' : undefined}
      // The open one again (Enter on its row): on to writing in it.
      onClick={() => (selected ? focusComposer() : void client.openConversation(conversationRef(c.accountId, c.id)))}
    >
      <WithPresence accountId={c.accountId} userId={c.kind === 'direct' ? c.peerId : undefined}>
        <Avatar id={c.peerId ?? c.id} name={c.title} image={c.avatarImage || undefined} />
      </WithPresence>
      <span className="conversation-row__body">
        <span className="conversation-row__top">
          <span className="conversation-row__title" data-testid="conversation-title" dir="auto">
            {c.title}
          </span>
          {/* (ui-A) muted and pinned marks; pinned rows also sort first (selectors.ts). */}
          {c.muted && (
            <span className="conversation-row__mark" data-testid="conversation-muted" title={t('conversation.muted')}>
              <BellOffIcon width={14} height={14} />
              <span className="visually-hidden">{t('conversation.muted')}</span>
            </span>
          )}
          {c.pinned && (
            <span className="conversation-row__mark" data-testid="conversation-pinned" title={t('conversation.pinned')}>
              <PinIcon width={14} height={14} />
              <span className="visually-hidden">{t('conversation.pinned')}</span>
            </span>
          )}
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
          {c.request && (
            <span className="conversation-row__request" data-testid="conversation-request">
              {t('conversation.request')}
            </span>
          )}
          {typingIds.length > 0 ? (
            <TypingPreview conversation={c} userIds={typingIds} />
          ) : c.lastMessage?.system ? (
            <SystemPreview conversation={c} myUserId={myUserId} />
          ) : c.lastMessage?.kind === 'nudge' ? (
            <NudgePreview conversation={c} myUserId={myUserId} />
          ) : (
            <span className="conversation-row__preview" data-testid="conversation-preview" dir="auto">
              {previewText(c, myUserId)}
            </span>
          )}
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
