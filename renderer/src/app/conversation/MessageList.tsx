// The open thread, oldest at the top, with day separators. Stays pinned to the bottom
// while the user is there (new messages scroll into view) and leaves them alone when
// they scrolled up to read. Plain DOM for now; virtualisation replaces the inner list.

import { Fragment, useLayoutEffect, useRef } from 'react';
import { useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { daysBetween, formatDaySeparator } from '../../i18n/time';
import { selectThread } from '../../store/selectors';
import { useNow } from '../common/useNow';
import { MessageBubble } from './MessageBubble';

/** Within this distance from the bottom, the list counts as "at the bottom". */
const PIN_THRESHOLD_PX = 80;
/** Consecutive messages from one sender this close together share one group. */
const GROUP_WINDOW_MS = 5 * 60_000;

export function MessageList({ conversation, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const thread = useParley(selectThread(conversationRef));
  const myUserId = useParley((s) => s.accounts[conversation.accountId]?.account.userId);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const lastKey = useRef<string | undefined>(undefined);
  const now = useNow();
  const keys = thread?.keys ?? [];

  // Only when messages come or go (`keys` keeps its identity across status changes; `thread`
  // is read for the newest row only): reading scrollHeight forces a layout of the whole list,
  // which per status change froze the window while hundreds of queued messages were sent.
  useLayoutEffect(() => {
    const el = scroller.current;
    const newest = keys[keys.length - 1];
    const newestIsMine = newest !== undefined && newest !== lastKey.current && thread?.byKey[newest]?.senderId === myUserId;
    lastKey.current = newest;
    // Sending always shows your message, even if you had scrolled up.
    if (el && (pinned.current || newestIsMine)) el.scrollTop = el.scrollHeight;
  }, [keys, myUserId]);

  function onScroll() {
    const el = scroller.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < PIN_THRESHOLD_PX;
  }

  return (
    <div
      ref={scroller}
      className="message-list"
      data-testid="message-list"
      role="log"
      aria-label={t('conversation.messagesLabel', { name: conversation.title })}
      onScroll={onScroll}
      tabIndex={0}
    >
      {thread && keys.length === 0 && <p className="message-list__empty">{t('conversation.empty')}</p>}
      <div className="message-list__items">
        {keys.map((key, i) => {
          const message = thread!.byKey[key]!;
          const previous = i > 0 ? thread!.byKey[keys[i - 1]!] : undefined;
          const newDay = !previous || daysBetween(previous.sentAt, message.sentAt) !== 0;
          const grouped =
            !newDay &&
            previous !== undefined &&
            previous.senderId === message.senderId &&
            message.sentAt - previous.sentAt < GROUP_WINDOW_MS;
          return (
            <Fragment key={key}>
              {newDay && (
                <div className="day-separator" role="separator">
                  <span>{formatDaySeparator(message.sentAt, now)}</span>
                </div>
              )}
              <MessageBubble conversationRef={conversationRef} message={message} own={message.senderId === myUserId} grouped={grouped} />
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}
