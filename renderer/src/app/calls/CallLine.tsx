// A call in the timeline, on the caller's side like a message: an icon, what happened worded
// from my side ("Missed video call", "Outgoing call · 2:05", "No answer") and the time.
// A line without its call record (an older server) shows the server's own words.

import { memo } from 'react';
import { useParley } from '../../client/ClientProvider';
import type { StoredMessage } from '../../db/database';
import { formatClock, formatFullDateTime } from '../../i18n/time';
import { PhoneIcon, PhoneIncomingIcon, PhoneMissedIcon, PhoneOutgoingIcon, VideoIcon } from './call-icons';
import { callLineText } from './call-text';
import './calls.css';
import { useLanguage } from '../../i18n/use-language';

export const CallLine = memo(function CallLine({ message: m }: { message: StoredMessage }) {
  useLanguage(); // memo: re-render in a newly chosen language
  const myUserId = useParley((s) => s.accounts[m.accountId]?.account.userId);
  const record = m.call;
  const mine = (record?.callerId ?? m.senderId) === myUserId;
  // Missed and busy are the callee's misses (they count as unread for them): said in red there.
  const missed = !mine && (record?.outcome === 'missed' || record?.outcome === 'busy');
  const Icon = !record ? PhoneIcon : missed ? PhoneMissedIcon : record.media === 'video' ? VideoIcon : mine ? PhoneOutgoingIcon : PhoneIncomingIcon;
  return (
    <p
      className={`call-line${mine ? ' call-line--own' : ''}${missed ? ' call-line--missed' : ''}`}
      data-testid="call-line"
      data-outcome={record?.outcome ?? 'unknown'}
      data-message-id={m.id ?? ''}
      title={formatFullDateTime(m.sentAt)}
    >
      <span className="call-line__icon">
        <Icon width={16} height={16} />
      </span>
      <span className="call-line__text" dir="auto">
        {record ? callLineText(record, myUserId) : m.text}
      </span>
      <time className="call-line__time" dateTime={new Date(m.sentAt).toISOString()}>
        {formatClock(m.sentAt)}
      </time>
    </p>
  );
});
