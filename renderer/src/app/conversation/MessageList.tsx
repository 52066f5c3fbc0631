// The open thread, oldest at the top, with day separators. Stays pinned to the bottom
// while the user is there (new messages scroll into view) and leaves them alone when
// they scrolled up to read. Plain DOM for now; virtualisation replaces the inner list.

import { Fragment, useLayoutEffect, useMemo, useRef } from 'react';
import { useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { formatDaySeparator } from '../../i18n/time';
import { userName } from '../../store/names';
import { selectThread } from '../../store/selectors';
import { useNow } from '../common/useNow';
import { MessageBubble } from './MessageBubble';
import { SystemLine } from './SystemLine';
import { layoutThread } from './thread-layout';
import { receiptIndex, shownStatus } from './receipts';

/** Within this distance from the bottom, the list counts as "at the bottom". */
const PIN_THRESHOLD_PX = 80;

export function MessageList({ conversation, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const thread = useParley(selectThread(conversationRef));
  const myUserId = useParley((s) => s.accounts[conversation.accountId]?.account.userId);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const lastKey = useRef<string | undefined>(undefined);
  const now = useNow();
  const keys = thread?.keys ?? [];
  const group = conversation.kind === 'group';
  // Names for the senders' runs in a group (users.get fills them in as they arrive).
  const users = useParley((s) => (group ? s.users : null));
  const accounts = useParley((s) => s.accounts);
  const rows = useMemo(() => keys.map((key) => thread!.byKey[key]!), [keys, thread]);
  const layout = useMemo(() => layoutThread(rows, conversation.kind, myUserId), [rows, conversation.kind, myUserId]);
  // Delivered / seen from the members' marks: sorted once per change of the marks, then one
  // binary search per message of mine (receipts.ts).
  const { kind, memberIds, peerId, memberReceipts } = conversation;
  const receipts = useMemo(() => receiptIndex({ kind, memberIds, peerId, memberReceipts }, myUserId), [kind, memberIds, peerId, memberReceipts, myUserId]);
  // "Seen by N" is written out under my newest message the server knows; the others keep it in their tooltip.
  let newestOwnKey: string | undefined;
  for (let i = keys.length - 1; i >= 0 && receipts?.kind === 'group' && newestOwnKey === undefined; i--) {
    const m = thread!.byKey[keys[i]!]!;
    if (m.senderId === myUserId && m.id) newestOwnKey = keys[i];
  }

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
        {rows.map((message, i) => {
          const { newDay, grouped, showSender } = layout[i]!;
          const own = message.senderId === myUserId;
          const sender = showSender
            ? { id: message.senderId, name: userName({ users: users ?? {}, accounts }, message.accountId, message.senderId, conversation) ?? t('user.someone') }
            : undefined;
          // (ui-B) my message's delivered / seen state from the members' marks.
          const receipt = own && message.id && receipts ? receipts.of(message.id) : undefined;
          const seenBy = receipts?.kind === 'group' && receipt && receipt.seenBy.length > 0 ? receipt.seenBy.join(',') : undefined;
          return (
            <Fragment key={message.key}>
              {newDay && (
                <div className="day-separator" role="separator">
                  <span>{formatDaySeparator(message.sentAt, now)}</span>
                </div>
              )}
              {message.kind === 'system' ? (
                <SystemLine message={message} />
              ) : (
                <MessageBubble
                  conversationRef={conversationRef}
                  message={message}
                  own={own}
                  grouped={grouped}
                  gutter={group && !own}
                  sender={sender}
                  {...(own ? { receiptStatus: shownStatus(message.status, receipt) } : {})}
                  {...(seenBy ? { seenBy, showSeenBy: message.key === newestOwnKey } : {})}
                />
              )}
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}
