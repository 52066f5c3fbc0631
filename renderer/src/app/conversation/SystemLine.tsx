// A group change in the timeline, centred and quiet ("Alice added Carol"). Plain text:
// names and the server's fallback wording are text children, never HTML.

import { memo } from 'react';
import { useParley } from '../../client/ClientProvider';
import type { StoredMessage } from '../../db/database';
import { formatFullDateTime } from '../../i18n/time';
import { userName } from '../../store/names';
import { systemText } from './system-text';
import { useLanguage } from '../../i18n/use-language';

export const SystemLine = memo(function SystemLine({ message: m }: { message: StoredMessage }) {
  useLanguage(); // memo: re-render in a newly chosen language
  const users = useParley((s) => s.users);
  const accounts = useParley((s) => s.accounts);
  const myUserId = accounts[m.accountId]?.account.userId;
  const text = systemText(m, (id) => userName({ users, accounts }, m.accountId, id), myUserId);
  return (
    <p
      className="system-line"
      data-testid="system-line"
      data-action={m.system?.action ?? 'other'}
      data-message-id={m.id ?? ''}
      title={formatFullDateTime(m.sentAt)}
      dir="auto"
    >
      {text}
    </p>
  );
});
