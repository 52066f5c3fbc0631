// A nudge in the timeline, centred and quiet like a group change ("Bob nudged you").

import { memo } from 'react';
import { useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import type { StoredMessage } from '../../db/database';
import { formatFullDateTime } from '../../i18n/time';
import { userName } from '../../store/names';
import { nudgeText } from './nudge-text';
import { useLanguage } from '../../i18n/use-language';

export const NudgeLine = memo(function NudgeLine({ message: m, conversation }: { message: StoredMessage; conversation: Conversation }) {
  useLanguage(); // memo: re-render in a newly chosen language
  const users = useParley((s) => s.users);
  const accounts = useParley((s) => s.accounts);
  const myUserId = accounts[m.accountId]?.account.userId;
  const text = nudgeText(m, conversation, (id) => userName({ users, accounts }, m.accountId, id), myUserId);
  return (
    <p
      className="system-line system-line--nudge"
      data-testid="nudge-line"
      data-own={m.senderId === myUserId ? 'true' : 'false'}
      data-message-id={m.id ?? ''}
      title={formatFullDateTime(m.sentAt)}
      dir="auto"
    >
      {text}
    </p>
  );
});
